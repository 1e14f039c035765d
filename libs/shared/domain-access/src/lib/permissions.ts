/**
 * Who may do what inside an organisation: the one permission matrix of the product.
 * The API enforces it with one guard; the web app reads it to hide what a person cannot do.
 */

export const roles = ['member', 'team_lead', 'department_head', 'org_admin'] as const;
export type Role = (typeof roles)[number];

const everyone: readonly Role[] = roles;
const admins: readonly Role[] = ['org_admin'];
const managers: readonly Role[] = ['team_lead', 'department_head', 'org_admin'];

export const permissionMatrix = {
  /** Read the organisation's name, time zone, language, currency and thresholds. */
  'organisation.read': everyone,
  /** Change those settings. */
  'organisation.manage': admins,
  /** See departments, teams and who leads or heads them. */
  'structure.read': everyone,
  /** Create, rename, nest, move and archive departments and teams; appoint leads and heads. */
  'structure.manage': admins,
  /** See the organisation's members and their roles. */
  'members.read': everyone,
  /** Change a member's role, move them between teams, deactivate or reactivate them. */
  'members.manage': admins,
  /** Invite people by email, and revoke open invitations. */
  'invitations.manage': admins,
  /** Read the audit log of security-relevant events. */
  'audit.read': admins,
  /** See experiments, their timelines, check-ins and comments. */
  'experiments.read': everyone,
  /** Start experiments, edit them, check in, record results and lessons, comment (the lifecycle decides the rest). */
  'experiments.write': everyone,
  /** See the approval inbox; who may decide a given proposal follows from the team and department structure. */
  'approvals.read': managers,
  /** See budget envelopes and what remains in them. */
  'budgets.read': managers,
  /** Create budget envelopes and change their size. */
  'budgets.manage': admins,
  /** Search the lessons library (each lesson's visibility still applies) and adopt lessons. */
  'lessons.read': everyone,
  /** Learning dashboards of teams, departments and the organisation, and the department comparison; one person's figures only for them and their managers. */
  'rollups.read': everyone,
  /** See review cycles and their cadences, and reflect in the reviews of one's own units (closing is for the unit's leads, heads and admins). */
  'reviews.read': everyone,
  /** Set, change and pause the review cadences of teams, departments and the organisation. */
  'reviews.manage': admins,
  /** Add, change and remove outgoing webhooks, and see their deliveries. */
  'webhooks.manage': admins,
  /** Answer the learning-capability scan (anonymously, once) and see which scans are open. */
  'scans.answer': everyone,
  /** Scan results per team, department and organisation, and their trend; groups under the threshold stay hidden. */
  'scans.results': managers,
  /** Open and close scans, send reminders, add statements, set the anonymity threshold. */
  'scans.manage': admins,
  /** Create and revoke the organisation's API tokens (a person's own tokens need no permission). */
  'tokens.manage': admins,
  /** Provision people and teams from a directory over SCIM 2.0 (meant for an organisation token with this scope). */
  'scim.provision': admins,
  /** The portfolio of every programme with its progress, trend and stalled flag, and its CSV export. */
  'programmes.portfolio': ['department_head', 'org_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissionMatrix;
export const permissions = Object.keys(permissionMatrix) as Permission[];

/**
 * Permissions a placement grants whatever the role: whoever leads a team or heads a department decides its
 * proposals, so they open the approval inbox even with the role `member`. Roles and placements then agree.
 */
export const placementPermissions: readonly Permission[] = ['approvals.read'];

/** Whether a role may; `placed` says the person currently leads a team or heads a department. */
export function can(role: Role, permission: Permission, placed = false): boolean {
  return (
    (permissionMatrix[permission] as readonly Role[]).includes(role) ||
    (placed && placementPermissions.includes(permission))
  );
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
