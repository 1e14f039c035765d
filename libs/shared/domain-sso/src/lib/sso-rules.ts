/** The name an organisation's people type on the sign-in page: lower-case letters, digits and hyphens. */
export const SSO_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** An e-mail domain as people write it after the @: labels of letters, digits and hyphens (no flags, no lookahead: it is also the OpenAPI pattern). */
export const EMAIL_DOMAIN_PATTERN = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** The domain of an e-mail address, lower-cased; null when it has none. */
export function emailDomainOf(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  return email.slice(at + 1).toLowerCase();
}

/**
 * Whether an address may sign in through an organisation's provider: its domain is one of the allowed
 * domains exactly. A subdomain is a different domain (mail.example.org is not example.org), because
 * whoever runs a subdomain need not be whoever runs the organisation.
 */
export function emailDomainAllowed(email: string, allowedDomains: readonly string[]): boolean {
  const domain = emailDomainOf(email);
  return domain !== null && allowedDomains.some((allowed) => allowed.toLowerCase() === domain);
}

/** Allowed domains as stored: trimmed, lower-case, each once, in the order given. */
export function normaliseDomains(domains: readonly string[]): string[] {
  return [...new Set(domains.map((d) => d.trim().toLowerCase()).filter(Boolean))];
}
