import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** One answer sheet while it waits to be folded into the tallies. */
export interface PendingSheet {
  /** The frozen group it counts for. */
  unit: string;
  /** Statement id -> value, for the statements of the scan's instrument. */
  answers: Record<string, number>;
  comment: string | null;
}

/** Every sealed sheet is this long, so its size says nothing about the comment in it. */
const PADDED_BYTES = 12 * 1024;

/**
 * Seals pending answer sheets (AES-256-GCM) with a key derived from the deployment's secret, which
 * the database never holds: a database reader who joins a pending sheet to its writer's participation
 * (they are written in one transaction, so they share `xmin`) reads only ciphertext of one size.
 */
export class SheetSeal {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'kaizen-scan-sheet-buffer', 'answer sheets awaiting a fold', 32));
  }

  seal(sheet: PendingSheet): Buffer {
    const json = Buffer.from(JSON.stringify(sheet), 'utf8');
    const size = Math.max(PADDED_BYTES, Math.ceil((json.length + 1) / 1024) * 1024);
    const plain = Buffer.alloc(size, 0x20);
    json.copy(plain);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer): PendingSheet {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    return JSON.parse(plain.toString('utf8').trimEnd()) as PendingSheet;
  }
}
