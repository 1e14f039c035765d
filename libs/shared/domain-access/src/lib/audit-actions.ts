/**
 * Every act the audit log records, with the kind of object it is about (null: none). The one list: the API's
 * types and filters, the web's filter choices and the nl/en label check all derive from it, so adding an
 * action is one line here plus its two labels (`admin.auditAction.<action with _ for .>`).
 */
export const auditActions = {
  'organisation.created': 'organisation',
  'organisation.updated': 'organisation',
  'auth.signed_in': null,
  'auth.sign_in_failed': null,
  'auth.signed_out': null,
  'auth.refresh_token_reused': null,
  'auth.password_reset_requested': null,
  'auth.password_reset': null,
  'auth.two_factor_enrolled': null,
  'auth.two_factor_disabled': null,
  'auth.two_factor_failed': null,
  'auth.recovery_code_used': null,
  'auth.sso_signed_in': null,
  'auth.sso_account_created': 'membership',
  'auth.sso_session_ended': null,
  'auth.break_glass_signed_in': null,
  'member.role_changed': 'membership',
  'member.deactivated': 'membership',
  'member.reactivated': 'membership',
  'member.erased': 'membership',
  'data_export.requested': 'data_export',
  'data_export.downloaded': 'data_export',
  'invitation.created': 'invitation',
  'invitation.revoked': 'invitation',
  'invitation.accepted': 'invitation',
  'department.created': 'department',
  'department.updated': 'department',
  'department.archived': 'department',
  'department.head_appointed': 'department',
  'department.head_ended': 'department',
  'team.created': 'team',
  'team.updated': 'team',
  'team.archived': 'team',
  'team.member_placed': 'team',
  'team.member_removed': 'team',
  'envelope.created': 'envelope',
  'envelope.resized': 'envelope',
  'experiment.approved': 'experiment',
  'experiment.rejected': 'experiment',
  'experiment.changes_requested': 'experiment',
  'webhook.created': 'webhook',
  'webhook.updated': 'webhook',
  'webhook.deleted': 'webhook',
  'scan.opened': 'scan',
  'scan.closed': 'scan',
  'scan.reminded': 'scan',
  'scan.statement_added': 'scan_instrument',
  'scan.settings_updated': 'scan_settings',
  'sso.configured': null,
  'sso.removed': null,
  'audit.exported': null,
  'experiments.exported': null,
  'lessons.exported': null,
  'rollup.exported': null,
  'measure.points_imported': 'measure',
  'api_token.created': 'api_token',
  'api_token.revoked': 'api_token',
  'api_token.used': 'api_token',
  'scim.user_created': 'membership',
  'scim.user_updated': 'membership',
  'scim.user_deactivated': 'membership',
  'scim.user_deleted': 'membership',
  'scim.group_created': 'team',
  'scim.group_updated': 'team',
  'scim.group_deleted': 'team',
} as const satisfies Record<string, string | null>;

export type AuditAction = keyof typeof auditActions;
export type AuditObjectType = NonNullable<(typeof auditActions)[AuditAction]>;

export const auditActionNames = Object.keys(auditActions) as AuditAction[];

/** The kinds of object an audited act can be about, for filtering by object. */
export const auditObjectTypes = [
  ...new Set(Object.values(auditActions).filter((type) => type !== null)),
] as AuditObjectType[];

/** The translation key of an action's readable label. */
export function auditLabelKey(action: string): string {
  return `admin.auditAction.${action.replace(/\./g, '_')}`;
}
