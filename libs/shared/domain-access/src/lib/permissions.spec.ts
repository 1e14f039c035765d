import { describe, expect, it } from 'vitest';
import { can, isRole, permissions, roles, type Permission, type Role } from './permissions';

// The matrix as the README documents it, written out cell by cell on purpose:
// changing a permission must change this table too.
const expected: Record<Permission, Record<Role, boolean>> = {
  'organisation.read': { member: true, team_lead: true, department_head: true, org_admin: true },
  'organisation.manage': { member: false, team_lead: false, department_head: false, org_admin: true },
  'structure.read': { member: true, team_lead: true, department_head: true, org_admin: true },
  'structure.manage': { member: false, team_lead: false, department_head: false, org_admin: true },
  'members.read': { member: true, team_lead: true, department_head: true, org_admin: true },
  'members.manage': { member: false, team_lead: false, department_head: false, org_admin: true },
  'invitations.manage': { member: false, team_lead: false, department_head: false, org_admin: true },
  'audit.read': { member: false, team_lead: false, department_head: false, org_admin: true },
  'experiments.read': { member: true, team_lead: true, department_head: true, org_admin: true },
  'experiments.write': { member: true, team_lead: true, department_head: true, org_admin: true },
  'approvals.read': { member: false, team_lead: true, department_head: true, org_admin: true },
  'budgets.read': { member: false, team_lead: true, department_head: true, org_admin: true },
  'budgets.manage': { member: false, team_lead: false, department_head: false, org_admin: true },
  'lessons.read': { member: true, team_lead: true, department_head: true, org_admin: true },
  'rollups.read': { member: true, team_lead: true, department_head: true, org_admin: true },
  'reviews.read': { member: true, team_lead: true, department_head: true, org_admin: true },
  'reviews.manage': { member: false, team_lead: false, department_head: false, org_admin: true },
  'webhooks.manage': { member: false, team_lead: false, department_head: false, org_admin: true },
  'scans.answer': { member: true, team_lead: true, department_head: true, org_admin: true },
  'scans.results': { member: false, team_lead: true, department_head: true, org_admin: true },
  'scans.manage': { member: false, team_lead: false, department_head: false, org_admin: true },
  'tokens.manage': { member: false, team_lead: false, department_head: false, org_admin: true },
  'scim.provision': { member: false, team_lead: false, department_head: false, org_admin: true },
  'programmes.portfolio': { member: false, team_lead: false, department_head: true, org_admin: true },
};

describe('permission matrix', () => {
  it('covers exactly the documented permissions', () => {
    expect([...permissions].sort()).toEqual(Object.keys(expected).sort());
  });

  for (const permission of Object.keys(expected) as Permission[]) {
    for (const role of roles) {
      it(`${role} ${expected[permission][role] ? 'may' : 'may not'} ${permission}`, () => {
        expect(can(role, permission)).toBe(expected[permission][role]);
      });
    }
  }

  it('grants the approval inbox to a placed lead or head whatever the role, and nothing else by placement', () => {
    expect(can('member', 'approvals.read')).toBe(false);
    expect(can('member', 'approvals.read', true)).toBe(true);
    for (const permission of permissions.filter((p) => p !== 'approvals.read'))
      expect(can('member', permission, true)).toBe(can('member', permission));
  });

  it('recognises roles and nothing else', () => {
    expect(roles.every(isRole)).toBe(true);
    expect(isRole('admin')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
