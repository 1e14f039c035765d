import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** One answer sheet while it waits to be folded into its cell. */
export interface PendingSheet {
  /** The frozen group it counts for. */
  unit: string;
  /** Statement id -> value, for the statements of the scan's instrument. */
  answers: Record<string, number>;
  comment: string | null;
}

/** What the folded sheets of one cell add up to. */
export interface CellTotals {
  responses: number;
  comments: string[];
  /** [statement id, value, count] */
  tallies: Array<[string, number, number]>;
}

/** A sealed sheet is always this long, so its size says nothing about the comment in it. */
const SHEET_BYTES = 12 * 1024;
/** A sealed cell is a power of two long, from this up, so its size says little about its comments. */
const CELL_BYTES = 16 * 1024;

/**
 * Seals what the database holds of answers (AES-256-GCM) with a key derived from the deployment's
 * secret, which the database never holds: a database reader who joins a pending sheet to its writer's
 * participation (they are written in one transaction, so they share `xmin`), or who knows who is in a
 * cell of one respondent, reads only ciphertext of a fixed size.
 */
export class ScanSeal {
  /** The first seals; every one opens, so answers sealed before a change of secret stay readable. */
  private readonly keys: Buffer[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('a scan seal needs a secret');
    this.keys = secrets.map((secret) =>
      Buffer.from(hkdfSync('sha256', secret, 'kaizen-scan-answers', 'answer sheets and cell totals', 32)),
    );
  }

  sealSheet(sheet: PendingSheet): Buffer {
    return this.seal(sheet, (n) => Math.max(SHEET_BYTES, Math.ceil(n / 1024) * 1024));
  }

  openSheet(sealed: Buffer): PendingSheet {
    return this.open(sealed) as PendingSheet;
  }

  sealCell(cell: CellTotals): Buffer {
    return this.seal(cell, (n) => {
      let size = CELL_BYTES;
      while (size < n) size *= 2;
      return size;
    });
  }

  openCell(sealed: Buffer): CellTotals {
    return this.open(sealed) as CellTotals;
  }

  private seal(value: unknown, padTo: (bytes: number) => number): Buffer {
    const json = Buffer.from(JSON.stringify(value), 'utf8');
    const plain = Buffer.alloc(padTo(json.length + 1), 0x20);
    json.copy(plain);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0], iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private open(sealed: Buffer): unknown {
    for (const [i, key] of this.keys.entries()) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
        decipher.setAuthTag(sealed.subarray(12, 28));
        const plain = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
        return JSON.parse(plain.toString('utf8').trimEnd());
      } catch (error) {
        if (i === this.keys.length - 1)
          throw new Error(
            'sealed scan answers open with none of the secrets (SCAN_SEAL_SECRETS, else AUTH_SECRET)',
            { cause: error },
          );
      }
    }
    throw new Error('unreachable');
  }
}
