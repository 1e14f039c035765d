/**
 * Exact linear algebra over the rationals, for "can this be worked out from what was shown?".
 * Vectors are whole numbers; elimination is fraction-free on BigInt, so no rounding ever decides.
 */
export class LinearSpan {
  /** Rows in echelon form, each with the column of its leading entry. */
  private readonly rows: Array<{ pivot: number; row: bigint[] }> = [];

  constructor(private readonly width: number) {}

  get rank(): number {
    return this.rows.length;
  }

  /** Adds a vector; returns whether it was new (not a combination of those added before). */
  add(vector: readonly number[]): boolean {
    const reduced = this.reduce(vector);
    const pivot = reduced.findIndex((v) => v !== 0n);
    if (pivot < 0) return false;
    this.rows.push({ pivot, row: reduced });
    return true;
  }

  /** Whether the vector is a rational combination of the vectors added. */
  contains(vector: readonly number[]): boolean {
    return this.reduce(vector).every((v) => v === 0n);
  }

  clone(): LinearSpan {
    const copy = new LinearSpan(this.width);
    copy.rows.push(...this.rows.map((r) => ({ pivot: r.pivot, row: [...r.row] })));
    return copy;
  }

  private reduce(vector: readonly number[]): bigint[] {
    if (vector.length !== this.width)
      throw new Error(`expected a vector of ${this.width}, got ${vector.length}`);
    let v = vector.map((x) => BigInt(x));
    for (const { pivot, row } of this.rows) {
      if (v[pivot] === 0n) continue;
      const a = row[pivot];
      const b = v[pivot];
      v = v.map((x, i) => x * a - row[i] * b);
      const g = v.reduce((acc, x) => gcd(acc, x < 0n ? -x : x), 0n);
      if (g > 1n) v = v.map((x) => x / g);
    }
    return v;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The rank of a set of whole-number vectors. */
export function rankOf(vectors: readonly (readonly number[])[], width: number): number {
  const span = new LinearSpan(width);
  for (const v of vectors) span.add(v);
  return span.rank;
}
