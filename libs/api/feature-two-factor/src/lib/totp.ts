import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';

/** RFC 6238 defaults, which every authenticator app reads: SHA-1, 6 digits, 30-second steps. */
const PERIOD_SECONDS = 30;
/** A code from the step before or after is still accepted: phones' clocks drift. */
const TOLERANCE_SECONDS = PERIOD_SECONDS;

export const RECOVERY_CODE_COUNT = 10;

export function newTotpSecret(): string {
  return generateSecret();
}

export function otpauthUri(secret: string, accountName: string): string {
  return generateURI({ issuer: 'Kaizen Loop', label: accountName, secret });
}

/**
 * The time step a code belongs to if it is valid now, else null. The caller records the step and refuses
 * any code of that step or an earlier one afterwards, so a code cannot be replayed within its window.
 */
export function verifyTotp(secret: string, code: string, epochSeconds = Date.now() / 1000): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(epochSeconds),
    epochTolerance: TOLERANCE_SECONDS,
  });
  // A TOTP result carries the matched time step (an HOTP one, the counter).
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** Ten codes such as `k7q2m-x9d4p`: about 50 random bits each, typed once, stored only as a hash. */
export function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What a typed recovery code is compared as: case, spaces and dashes do not matter. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}
