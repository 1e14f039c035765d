import type { Permission, Role } from '@kaizen/shared/domain-access';

/** Who is acting, and in which organisation: every request acts in exactly one. */
export interface Actor {
  userId: string;
  organisationId: string;
  membershipId: string;
  role: Role;
  /** Present when an API token acts: it reaches only routes whose permission is in its scopes. */
  token?: { id: string; scopes: readonly Permission[] };
}

export interface RequestWithActor {
  actor?: Actor;
  /** A permission the role lacks but a placement grants: checked inside the request's transaction. */
  placementPermission?: string;
  ip: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}
