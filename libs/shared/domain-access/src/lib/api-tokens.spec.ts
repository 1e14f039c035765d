import { describe, expect, it } from 'vitest';
import { grantableScopes, scopeProblem, tokenRefusal } from './api-tokens';

describe('API token scopes', () => {
  it('grants a person only what their role may, and no token the right to mint tokens', () => {
    expect(grantableScopes('member')).toContain('experiments.read');
    expect(grantableScopes('member')).not.toContain('audit.read');
    expect(grantableScopes('org_admin')).toContain('scim.provision');
    expect(grantableScopes('org_admin')).not.toContain('tokens.manage');
  });

  it('names what cannot be granted', () => {
    expect(scopeProblem('member', ['experiments.read'])).toBeNull();
    expect(scopeProblem('member', ['experiments.read', 'audit.read'])).toMatch(/not audit\.read$/);
    expect(scopeProblem('org_admin', ['tokens.manage'])).toMatch(/not tokens\.manage$/);
    expect(scopeProblem('org_admin', ['no.such'])).toMatch(/not no\.such$/);
    expect(scopeProblem('org_admin', [])).toMatch(/at least one/);
  });

  it('lets a token through only to routes whose permission it holds', () => {
    expect(tokenRefusal(['experiments.read'], 'experiments.read')).toBeNull();
    expect(tokenRefusal(['experiments.read'], 'experiments.write')).toBe(
      "The API token's scopes do not include experiments.write",
    );
    expect(tokenRefusal(['experiments.read'], undefined)).toMatch(/people signed in/);
  });
});
