import { LinearSpan } from './linear-span';

/**
 * What an onlooker can work out from every total ever shown for a scan.
 *
 * A shown group total (its responses, every per-statement tally, every dimension mean) is one
 * known equation over the scan's cells: the teams and the residual groups of its frozen tree.
 * All figures of one group share the same cells, so a group shown is one equation per figure
 * over the same cell set, and it suffices to reason about cell sets. A set of cells is
 * determined when its indicator vector is a rational combination of the shown sets' vectors
 * (and of cells known to be empty). A view may be shown only if it determines no set with
 * some but fewer than `threshold` responses that was not determined already.
 */
export type CellSet = readonly string[];

/** Above this many atoms a non-tree family is not searched exhaustively; it is refused instead. */
const EXHAUSTIVE_ATOMS = 14;

export function cellSetKey(cells: CellSet): string {
  return [...new Set(cells)].sort().join(',');
}

/**
 * The small cell sets that `candidate`, shown after `history`, newly determines. Empty when the
 * view is safe. Exact: for a family of nested-or-disjoint sets (always the case for one frozen
 * tree) the smallest determinable pieces are its atoms; for any other family of up to
 * `EXHAUSTIVE_ATOMS` atoms every union of atoms is tried; a larger other family is refused whole.
 */
export function newlyDetermined(
  history: readonly CellSet[],
  candidate: readonly CellSet[],
  counts: ReadonlyMap<string, number>,
  threshold: number,
): string[][] {
  const unique = (sets: readonly CellSet[]) =>
    [...new Map(sets.map((s) => [cellSetKey(s), [...new Set(s)].sort()])).values()].filter(
      (s) => s.length > 0,
    );
  const before = unique(history);
  const all = unique([...history, ...candidate]);
  const beforeKeys = new Set(before.map(cellSetKey));
  if (all.every((s) => beforeKeys.has(cellSetKey(s)))) return [];

  // Atoms: cells that lie in exactly the same shown sets are never told apart.
  const cells = [...new Set(all.flat())].sort();
  const signature = new Map<string, string>();
  for (const cell of cells)
    signature.set(
      cell,
      all
        .map((s, i) => (s.includes(cell) ? i : -1))
        .filter((i) => i >= 0)
        .join('.'),
    );
  const bySignature = new Map<string, string[]>();
  for (const cell of cells)
    bySignature.set(signature.get(cell) as string, [
      ...(bySignature.get(signature.get(cell) as string) ?? []),
      cell,
    ]);
  const atoms = [...bySignature.values()];
  const atomOf = new Map<string, number>();
  atoms.forEach((atom, i) => atom.forEach((c) => atomOf.set(c, i)));
  const n = (cellsOf: readonly string[]) => cellsOf.reduce((sum, c) => sum + (counts.get(c) ?? 0), 0);
  const atomCounts = atoms.map(n);

  // Work in atom space: every shown set is a union of atoms. Empty atoms count as known.
  const vectorOf = (set: readonly string[]) => {
    const v = new Array<number>(atoms.length).fill(0);
    for (const c of set) {
      const a = atomOf.get(c);
      if (a !== undefined) v[a] = 1;
    }
    return v;
  };
  const unit = (i: number) => atoms.map((_, j) => (i === j ? 1 : 0));
  const spanBefore = new LinearSpan(atoms.length);
  const spanAfter = new LinearSpan(atoms.length);
  atomCounts.forEach((count, i) => {
    if (count === 0) {
      spanBefore.add(unit(i));
      spanAfter.add(unit(i));
    }
  });
  for (const s of before) spanBefore.add(vectorOf(s));
  for (const s of all) spanAfter.add(vectorOf(s));

  const small = (count: number) => count > 0 && count < threshold;
  const found: string[][] = [];
  const check = (members: number[]) => {
    const count = members.reduce((sum, i) => sum + atomCounts[i], 0);
    if (!small(count)) return;
    const v = atoms.map((_, i) => (members.includes(i) ? 1 : 0));
    if (spanAfter.contains(v) && !spanBefore.contains(v)) found.push(members.flatMap((i) => atoms[i]).sort());
  };

  if (isNestedOrDisjoint(all)) {
    atoms.forEach((_, i) => check([i]));
  } else if (atoms.length <= EXHAUSTIVE_ATOMS) {
    for (let mask = 1; mask < 1 << atoms.length; mask++)
      check(atoms.map((_, i) => i).filter((i) => mask & (1 << i)));
  } else {
    found.push(cells);
  }
  return found;
}

function isNestedOrDisjoint(sets: readonly string[][]): boolean {
  const asSets = sets.map((s) => new Set(s));
  for (let i = 0; i < asSets.length; i++) {
    for (let j = i + 1; j < asSets.length; j++) {
      const a = asSets[i];
      const b = asSets[j];
      let shared = 0;
      for (const c of a) if (b.has(c)) shared++;
      if (shared > 0 && shared !== a.size && shared !== b.size) return false;
    }
  }
  return true;
}

export interface CandidateGroup {
  key: string;
  cells: CellSet;
  /** Responses (or comments) in the group. */
  n: number;
}

/**
 * The groups of a proposed view that must be hidden as well, so that the view together with
 * everything shown before determines no small set that was not determined already. Hides the
 * smallest group not shown before that touches what leaked, then checks again; a group shown
 * before adds nothing new, so this ends, at worst by hiding every group not shown before.
 */
export function hideForHistory(
  history: readonly CellSet[],
  visible: readonly CandidateGroup[],
  counts: ReadonlyMap<string, number>,
  threshold: number,
): Set<string> {
  const shownBefore = new Set(history.map(cellSetKey));
  const hidden = new Set<string>();
  for (;;) {
    const showing = visible.filter((g) => !hidden.has(g.key));
    const leaks = newlyDetermined(
      history,
      showing.map((g) => g.cells),
      counts,
      threshold,
    );
    if (leaks.length === 0) return hidden;
    const leaked = new Set(leaks.flat());
    const fresh = showing.filter((g) => !shownBefore.has(cellSetKey(g.cells)));
    const touching = fresh.filter((g) => g.cells.some((c) => leaked.has(c)));
    const pool = touching.length ? touching : fresh;
    pool.sort((a, b) => a.n - b.n || a.cells.length - b.cells.length || a.key.localeCompare(b.key));
    hidden.add(pool[0].key);
  }
}
