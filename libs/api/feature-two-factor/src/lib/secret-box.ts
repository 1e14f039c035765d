import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals short secrets (a TOTP key) at rest with AES-256-GCM, under a key derived from the deployment's
 * secrets, which the database never holds. The first secret seals; every one opens, so a change of
 * secret keeps what was sealed before readable while the old one is still listed.
 */
export class SecretBox {
  private readonly keys: Buffer[];

  constructor(secrets: readonly string[], purpose: string) {
    if (secrets.length === 0) throw new Error('a secret box needs a secret');
    this.keys = secrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, 'kaizen-loop', purpose, 32)));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0], iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string): string {
    const bytes = Buffer.from(sealed, 'base64');
    for (const key of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
        decipher.setAuthTag(bytes.subarray(12, 28));
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        // try the next secret
      }
    }
    throw new Error('a sealed secret opens with none of the configured secrets');
  }
}
