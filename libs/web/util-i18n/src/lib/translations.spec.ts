import { describe, expect, it } from 'vitest';
import en from './translations/en.json';
import nl from './translations/nl.json';

/** Every key path with its text. */
function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof child === 'string') {
      out.set(path, child);
    } else {
      for (const [nested, text] of flatten(child, path)) out.set(nested, text);
    }
  }
  return out;
}

const params = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('the English and Dutch texts', () => {
  const english = flatten(en);
  const dutch = flatten(nl);

  it('have the same keys, so no screen shows a raw key in either language', () => {
    expect([...dutch.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('leave no text empty', () => {
    for (const [key, text] of [...english, ...dutch]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of english) {
      expect(params(dutch.get(key) ?? ''), key).toEqual(params(text));
    }
  });

  it('speak informal Dutch, as Dutch SaaS does', () => {
    expect(nl.account.signIn.submit).toBe('Inloggen');
    expect(nl.account.signUp.submit).toBe('Account aanmaken');
    expect(nl.account.signIn.forgot).toBe('Wachtwoord vergeten?');
    const sentences = [...dutch].filter(([key]) => !key.startsWith('health.units.')).map(([, text]) => text);
    const formal = sentences.filter((text) => /\b(u|uw)\b/i.test(text));
    expect(formal).toEqual([]);
  });
});
