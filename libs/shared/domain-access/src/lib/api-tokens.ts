import { can, permissions, type Permission, type Role } from './permissions';

/** Every API token starts with this, so secret scanners and people recognise one in a log or a repository. */
export const API_TOKEN_PREFIX = 'kzl_';

export const apiTokenKinds = ['organisation', 'personal'] as const;
export type ApiTokenKind = (typeof apiTokenKinds)[number];

export const API_TOKEN_DEFAULT_DAYS = 90;
export const API_TOKEN_MAX_DAYS = 365;
export const API_TOKEN_DEFAULT_RATE_PER_MINUTE = 600;
export const API_TOKEN_MAX_RATE_PER_MINUTE = 6000;

/** A token never mints tokens: that stays with people who sign in. */
const neverScopes: readonly Permission[] = ['tokens.manage'];

/** The permissions a token may carry, given the role of the person it acts for. */
export function grantableScopes(role: Role): Permission[] {
  return permissions.filter((permission) => !neverScopes.includes(permission) && can(role, permission));
}

/** Why `scopes` cannot be granted to a token acting with `role`, or null when they can. */
export function scopeProblem(role: Role, scopes: readonly string[]): string | null {
  if (scopes.length === 0) return 'scopes must name at least one permission';
  const grantable: readonly string[] = grantableScopes(role);
  const refused = scopes.filter((scope) => !grantable.includes(scope));
  if (refused.length === 0) return null;
  return `scopes may only hold permissions the role ${role} has (never tokens.manage); not ${refused.join(', ')}`;
}

/**
 * Why a token with `scopes` may not use a route that requires `permission`, or null when it may. A route
 * without a permission is for people signed in (their account, their tokens), so tokens never reach it.
 */
export function tokenRefusal(scopes: readonly string[], permission: Permission | undefined): string | null {
  if (!permission)
    return 'API tokens reach only routes that require a permission; this one is for people signed in';
  return scopes.includes(permission) ? null : `The API token's scopes do not include ${permission}`;
}
