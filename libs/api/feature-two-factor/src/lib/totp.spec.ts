import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';
import { newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, otpauthUri, verifyTotp } from './totp';

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 appendix B: the SHA-1 key "12345678901234567890" (base32 below), at 59 s: 94287082, whose last 6 digits are the code.
  const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

  it('accepts the RFC test vector and names its time step', () => {
    expect(verifyTotp(rfcSecret, '287082', 59)).toBe(1);
  });

  it('accepts the neighbouring steps (clock drift) and nothing further', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000;
    const at = (seconds: number) => generateSync({ secret, epoch: seconds });
    expect(verifyTotp(secret, at(now), now)).toBe(now / 30);
    expect(verifyTotp(secret, at(now - 30), now)).toBe(now / 30 - 1);
    expect(verifyTotp(secret, at(now + 30), now)).toBe(now / 30 + 1);
    expect(verifyTotp(secret, at(now - 90), now)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', now)).toBeNull();
  });

  it('writes an otpauth URI authenticator apps read', () => {
    const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'anna@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(uri.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(uri.searchParams.get('issuer')).toBe('Kaizen Loop');
  });

  it('makes ten distinct recovery codes, compared without case, spaces or dashes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(normaliseRecoveryCode(' K7Q2M-x9d4p ')).toBe('k7q2mx9d4p');
  });
});

describe('SecretBox', () => {
  const first = 'a'.repeat(32);
  const second = 'b'.repeat(32);

  it('seals so the plain secret is not in the sealed text, and opens it again', () => {
    const box = new SecretBox([first], 'test');
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP')).not.toBe(sealed); // a fresh IV each time
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('opens with an older secret still listed, and refuses without it', () => {
    const sealed = new SecretBox([first], 'test').seal('secret');
    expect(new SecretBox([second, first], 'test').open(sealed)).toBe('secret');
    expect(() => new SecretBox([second], 'test').open(sealed)).toThrow(/none of the configured secrets/);
  });
});
