import { describe, expect, it } from 'vitest';
import { SsoSeal } from './sso-seal';

describe('the single sign-on seal', () => {
  const seal = new SsoSeal('x'.repeat(32));

  it('opens what it sealed, for the same purpose only', () => {
    const sealed = seal.seal('client-secret', 'the secret');
    expect(sealed.toString('utf8')).not.toContain('the secret');
    expect(seal.open('client-secret', sealed)).toBe('the secret');
    expect(seal.open('sign-in', sealed)).toBeNull();
  });

  it('refuses a changed value, another key, and garbage', () => {
    const sealed = seal.seal('sign-in', '{"s":"state"}');
    const changed = Buffer.from(sealed);
    changed[changed.length - 1] ^= 1;
    expect(seal.open('sign-in', changed)).toBeNull();
    expect(new SsoSeal('y'.repeat(32)).open('sign-in', sealed)).toBeNull();
    expect(seal.open('sign-in', Buffer.from('short'))).toBeNull();
  });
});
