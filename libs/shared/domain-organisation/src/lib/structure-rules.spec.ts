import { describe, expect, it } from 'vitest';
import { departmentSubtree, leavesNoAdmin, wouldCreateCycle } from './structure-rules';

const tree = [
  { id: 'care', parentId: null },
  { id: 'north', parentId: 'care' },
  { id: 'north-night', parentId: 'north' },
  { id: 'finance', parentId: null },
];

describe('wouldCreateCycle', () => {
  it('refuses a department under itself', () => {
    expect(wouldCreateCycle(tree, 'care', 'care')).toBe(true);
  });
  it('refuses a department under its own descendant', () => {
    expect(wouldCreateCycle(tree, 'care', 'north-night')).toBe(true);
  });
  it('allows a move elsewhere, and to the top', () => {
    expect(wouldCreateCycle(tree, 'north', 'finance')).toBe(false);
    expect(wouldCreateCycle(tree, 'north', null)).toBe(false);
  });
});

describe('departmentSubtree', () => {
  it('includes the department and everything below it', () => {
    expect(departmentSubtree(tree, 'care')).toEqual(['care', 'north', 'north-night']);
    expect(departmentSubtree(tree, 'finance')).toEqual(['finance']);
  });
});

describe('leavesNoAdmin', () => {
  const members = [
    { id: 'a', role: 'org_admin' as const, active: true },
    { id: 'b', role: 'member' as const, active: true },
    { id: 'c', role: 'org_admin' as const, active: false },
  ];
  it('refuses demoting or deactivating the last active admin', () => {
    expect(leavesNoAdmin(members, { memberId: 'a', role: 'member' })).toBe(true);
    expect(leavesNoAdmin(members, { memberId: 'a', active: false })).toBe(true);
  });
  it('allows it once another admin is active', () => {
    expect(leavesNoAdmin(members, { memberId: 'b', role: 'org_admin' })).toBe(false);
    const twoAdmins = [...members, { id: 'd', role: 'org_admin' as const, active: true }];
    expect(leavesNoAdmin(twoAdmins, { memberId: 'a', active: false })).toBe(false);
  });
});
