import { GROUP_SCHEMA, USER_SCHEMA } from './scim-protocol';
import type { ScimGroupRow, ScimUserRow } from './scim.repository';

/** A person as a SCIM User (RFC 7643 §4.1); `id` is their membership here, `userName` their e-mail address. */
export function userResource(row: ScimUserRow, baseUrl: string) {
  return {
    schemas: [USER_SCHEMA],
    id: row.id,
    ...(row.external_id !== null ? { externalId: row.external_id } : {}),
    userName: row.email,
    displayName: row.display_name,
    name: { formatted: row.display_name },
    emails: [{ value: row.email, type: 'work', primary: true }],
    active: row.status === 'active',
    groups: row.groups.map((group) => ({
      value: group.id,
      display: group.name,
      $ref: `${baseUrl}/Groups/${group.id}`,
      type: 'direct',
    })),
    meta: {
      resourceType: 'User',
      created: row.joined_at.toISOString(),
      lastModified: new Date(row.modified_at).toISOString(),
      location: `${baseUrl}/Users/${row.id}`,
    },
  };
}

/** A team as a SCIM Group (RFC 7643 §4.2); its members are Users. */
export function groupResource(row: ScimGroupRow, baseUrl: string) {
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    ...(row.external_id !== null ? { externalId: row.external_id } : {}),
    displayName: row.name,
    members: row.members.map((member) => ({
      value: member.id,
      display: member.name,
      $ref: `${baseUrl}/Users/${member.id}`,
      type: 'User',
    })),
    meta: {
      resourceType: 'Group',
      created: row.created_at.toISOString(),
      lastModified: row.created_at.toISOString(),
      location: `${baseUrl}/Groups/${row.id}`,
    },
  };
}
