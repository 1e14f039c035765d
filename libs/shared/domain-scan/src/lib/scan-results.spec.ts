import { describe, expect, it } from 'vitest';
import { INSTRUMENT_V1 } from './instrument';
import { freezeTree, nearThresholdChange, scanResults, type Cell, type FrozenGroup } from './scan-results';

const tree: FrozenGroup[] = [
  { key: 'organisation:o', kind: 'organisation', id: 'o', name: 'Org', parent: null },
  { key: 'department:care', kind: 'department', id: 'care', name: 'Care', parent: 'organisation:o' },
  { key: 'team:a', kind: 'team', id: 'a', name: 'Ward A', parent: 'department:care' },
  { key: 'team:b', kind: 'team', id: 'b', name: 'Ward B', parent: 'department:care' },
];
const cell = (key: string, responses: number, comments: number, value = 3): Cell => ({
  key,
  responses,
  comments: Array.from({ length: comments }, (_, i) => `${key} ${i}`),
  tallies: INSTRUMENT_V1.statements.map((s) => ({ statementId: s.id, value, count: responses })),
});

describe('scanResults', () => {
  it('lists parents before children, and shuffles comments afresh for each view', () => {
    const input = {
      groups: tree,
      cells: [cell('team:a', 8, 8), cell('team:b', 8, 8)],
      instrument: INSTRUMENT_V1,
      threshold: 5,
      history: [],
      otherScans: [],
    };
    const first = scanResults(input).groups;
    expect(first.map((g) => g.name)).toEqual(['Org', 'Care', 'Ward A', 'Ward B']);
    const orders = new Set(Array.from({ length: 5 }, () => scanResults(input).groups[1].comments.join('|')));
    expect(orders.size).toBeGreaterThan(1);
    expect([...first[1].comments].sort()).toEqual([...first[2].comments, ...first[3].comments].sort());
  });

  it("shows a group's comments only when there are at least the threshold of them, and not when the others give them away", () => {
    const { groups } = scanResults({
      groups: tree,
      cells: [cell('team:a', 8, 8), cell('team:b', 6, 2)],
      instrument: INSTRUMENT_V1,
      threshold: 5,
      history: [],
      otherScans: [],
    });
    const byName = Object.fromEntries(groups.map((g) => [g.name, g]));
    expect(byName['Ward B']).toMatchObject({ visible: true, responses: 6, comments: [] });
    // Care's ten comments minus Ward A's eight would be Ward B's two.
    expect(byName['Care'].comments.length > 0 && byName['Ward A'].comments.length > 0).toBe(false);
  });

  it('answers for cells outside the frozen tree count for the organisation', () => {
    const { groups } = scanResults({
      groups: tree,
      cells: [cell('team:gone', 5, 0)],
      instrument: INSTRUMENT_V1,
      threshold: 5,
      history: [],
      otherScans: [],
    });
    expect(groups[0]).toMatchObject({ visible: true, responses: 5 });
  });

  it('does not show a group near the threshold that another scan showed with a few people more or fewer', () => {
    expect(nearThresholdChange(6, 5, 5)).toBe(true);
    expect(nearThresholdChange(5, 5, 5)).toBe(false);
    expect(nearThresholdChange(14, 6, 5)).toBe(false);
    expect(nearThresholdChange(12, 11, 5)).toBe(false);
    const cells = [cell('team:a', 6, 0), cell('team:b', 12, 0)];
    const { groups } = scanResults({
      groups: tree,
      cells,
      instrument: INSTRUMENT_V1,
      threshold: 5,
      history: [],
      otherScans: [{ groupKey: 'team:a', total: 5 }],
    });
    const byName = Object.fromEntries(groups.map((g) => [g.name, g]));
    expect(byName['Ward A'].visible).toBe(false);
    // …and not through its department either: Care minus Ward B would be Ward A.
    expect(byName['Care'].visible && byName['Ward B'].visible).toBe(false);
  });
});

describe('freezeTree', () => {
  it('takes the departments in scope and their live teams, nested as far as the scope goes', () => {
    const groups = freezeTree({
      organisation: { id: 'o', name: 'Org' },
      departments: [
        { id: 'care', parentId: null, name: 'Care', archived: false },
        { id: 'icu', parentId: 'care', name: 'ICU', archived: false },
        { id: 'old', parentId: null, name: 'Old', archived: true },
      ],
      teams: [
        { id: 'a', departmentId: 'icu', name: 'A', archived: false },
        { id: 'x', departmentId: 'icu', name: 'X', archived: true },
      ],
      scoped: new Set(['care', 'icu', 'old']),
    });
    expect(groups.map((g) => [g.key, g.parent])).toEqual([
      ['organisation:o', null],
      ['department:care', 'organisation:o'],
      ['department:icu', 'department:care'],
      ['team:a', 'department:icu'],
    ]);
  });
});
