import { describe, expect, it } from 'vitest';
import {
  deactivatesOneself,
  departmentSubtree,
  leavesNoAdmin,
  structureTree,
  wouldCreateCycle,
} from './structure-rules';

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

describe('deactivatesOneself', () => {
  it('refuses only deactivating oneself', () => {
    expect(deactivatesOneself('a', 'a', false)).toBe(true);
    expect(deactivatesOneself('a', 'b', false)).toBe(false);
    expect(deactivatesOneself('a', 'a', true)).toBe(false);
    expect(deactivatesOneself('a', 'a', undefined)).toBe(false);
    expect(deactivatesOneself(null, 'a', false)).toBe(false);
  });
});

describe('structureTree', () => {
  const departments = [
    { id: 'care', parentId: null, name: 'Zorg' },
    { id: 'south', parentId: 'care', name: 'Wijkzorg Zuid' },
    { id: 'north', parentId: 'care', name: 'Wijkzorg Noord' },
    { id: 'orphan', parentId: 'archived', name: 'Archief' },
    { id: 'rehab', parentId: null, name: 'Revalidatie' },
  ];
  const teams = [
    { id: 't2', departmentId: 'north', name: 'Noord B' },
    { id: 't1', departmentId: 'north', name: 'Noord A' },
    { id: 't3', departmentId: 'care', name: 'Staf' },
  ];
  const shape = (
    nodes: ReturnType<typeof structureTree<(typeof departments)[number], (typeof teams)[number]>>,
  ): unknown =>
    nodes.map((n) => ({
      [n.department.name]: [...(shape(n.departments) as unknown[]), ...n.teams.map((t) => t.name)],
    }));

  it('nests departments and teams, each level by name, and keeps a department whose parent is gone', () => {
    expect(shape(structureTree(departments, teams, 'nl'))).toEqual([
      { Archief: [] },
      { Revalidatie: [] },
      { Zorg: [{ 'Wijkzorg Noord': ['Noord A', 'Noord B'] }, { 'Wijkzorg Zuid': [] }, 'Staf'] },
    ]);
  });

  it('survives a cycle in the data without looping', () => {
    const loop = [
      { id: 'a', parentId: 'b', name: 'A' },
      { id: 'b', parentId: 'a', name: 'B' },
    ];
    expect(structureTree(loop, [])).toEqual([]);
  });
});
