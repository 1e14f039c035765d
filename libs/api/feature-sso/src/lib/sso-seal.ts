import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What a sealed value is for: bound into the seal, so one kind cannot be passed off as another. */
export type SealPurpose = 'client-secret' | 'provider-token' | 'sign-in';

/**
 * AES-256-GCM with a key derived from the deployment's secret, which the database never holds: client
 * secrets and the provider's tokens at rest, and the short-lived sign-in state in the browser's cookie.
 */
export class SsoSeal {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'kaizen-sso', 'single sign-on seal', 32));
  }

  seal(purpose: SealPurpose, plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** Null when the value was not sealed by this key for this purpose, or was changed. */
  open(purpose: SealPurpose, sealed: Buffer): string | null {
    if (sealed.length < 28) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
