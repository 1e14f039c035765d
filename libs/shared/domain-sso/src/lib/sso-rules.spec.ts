import { describe, expect, it } from 'vitest';
import {
  EMAIL_DOMAIN_PATTERN,
  emailDomainAllowed,
  emailDomainOf,
  normaliseDomains,
  SSO_SLUG_PATTERN,
} from './sso-rules';

describe('single sign-on rules', () => {
  it('allows an address only when its domain is one of the allowed ones, case aside', () => {
    expect(emailDomainAllowed('Anna@Zorg-Noord.NL', ['zorg-noord.nl'])).toBe(true);
    expect(emailDomainAllowed('anna@mail.zorg-noord.nl', ['zorg-noord.nl'])).toBe(false);
    expect(emailDomainAllowed('anna@zorg-noord.nl.evil.test', ['zorg-noord.nl'])).toBe(false);
    expect(emailDomainAllowed('anna@example.org', [])).toBe(false);
    expect(emailDomainAllowed('no-at-sign', ['example.org'])).toBe(false);
  });

  it('finds the domain after the last @', () => {
    expect(emailDomainOf('"a@b"@Example.org')).toBe('example.org');
    expect(emailDomainOf('@example.org')).toBeNull();
    expect(emailDomainOf('anna@')).toBeNull();
  });

  it('stores domains trimmed, lower-case and once', () => {
    expect(normaliseDomains([' Example.org', 'example.org', 'b.nl ', ''])).toEqual(['example.org', 'b.nl']);
  });

  it('knows a domain and a sign-in name when it sees one', () => {
    expect(EMAIL_DOMAIN_PATTERN.test('zorg-noord.nl')).toBe(true);
    expect(EMAIL_DOMAIN_PATTERN.test('localhost')).toBe(false);
    expect(EMAIL_DOMAIN_PATTERN.test('-bad.nl')).toBe(false);
    expect(SSO_SLUG_PATTERN.test('zorg-noord')).toBe(true);
    expect(SSO_SLUG_PATTERN.test('Zorg')).toBe(false);
    expect(SSO_SLUG_PATTERN.test('zorg-')).toBe(false);
  });
});
