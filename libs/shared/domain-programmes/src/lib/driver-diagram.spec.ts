import { describe, expect, it } from 'vitest';
import {
  ancestry,
  isTreeProblem,
  outlineOrder,
  placementProblem,
  removalProblem,
  siblingOrders,
  type DiagramNode,
} from './driver-diagram';

const tree: DiagramNode[] = [
  { id: 'p1', kind: 'primary-driver', parentId: null },
  { id: 's1', kind: 'secondary-driver', parentId: 'p1' },
  { id: 's2', kind: 'secondary-driver', parentId: 's1' },
  { id: 'c1', kind: 'change-idea', parentId: 's2' },
  { id: 'p2', kind: 'primary-driver', parentId: null },
];

describe('driver diagram placement', () => {
  it('allows the tree the method prescribes', () => {
    expect(placementProblem(tree, { kind: 'primary-driver' }, null)).toBeNull();
    expect(placementProblem(tree, { kind: 'secondary-driver' }, 'p1')).toBeNull();
    expect(placementProblem(tree, { kind: 'change-idea' }, 'p2')).toBeNull();
    expect(placementProblem(tree, { kind: 'change-idea' }, 's2')).toBeNull();
  });

  it('refuses a change idea under the aim or under another idea', () => {
    expect(placementProblem(tree, { kind: 'change-idea' }, null)).toMatchObject({
      kind: 'invalid',
      field: 'parentId',
      rule: 'changeIdeaUnderDriver',
    });
    expect(placementProblem(tree, { kind: 'change-idea' }, 'c1')?.rule).toBe('changeIdeaUnderDriver');
  });

  it('keeps primary drivers directly under the aim and secondary ones under a driver', () => {
    expect(placementProblem(tree, { kind: 'primary-driver' }, 'p1')?.rule).toBe('primaryUnderAim');
    expect(placementProblem(tree, { kind: 'secondary-driver' }, null)?.rule).toBe('secondaryUnderDriver');
    expect(placementProblem(tree, { kind: 'secondary-driver' }, 'c1')?.rule).toBe('secondaryUnderDriver');
  });

  it('names a parent from elsewhere as not existing', () => {
    expect(placementProblem(tree, { kind: 'change-idea' }, 'elsewhere')).toMatchObject({ rule: 'exists' });
  });

  it('refuses a move under the node itself or its descendants as a cycle', () => {
    expect(placementProblem(tree, { id: 's1', kind: 'secondary-driver' }, 's2')).toMatchObject({
      kind: 'conflict',
      rule: 'noCycle',
    });
    expect(placementProblem(tree, { id: 's1', kind: 'secondary-driver' }, 's1')?.rule).toBe('noCycle');
    expect(placementProblem(tree, { id: 's2', kind: 'secondary-driver' }, 'p2')).toBeNull();
  });

  it('refuses deleting a node with nodes or tests under it', () => {
    expect(removalProblem(tree, 's1', 0)?.rule).toBe('noChildren');
    expect(removalProblem(tree, 'c1', 2)?.rule).toBe('noLinkedExperiments');
    expect(removalProblem(tree, 'c1', 0)).toBeNull();
  });

  it('reads as an outline, parents before children', () => {
    expect(outlineOrder(tree).map((n) => `${n.depth}${n.id}`)).toEqual(['1p1', '2s1', '3s2', '4c1', '1p2']);
    expect(ancestry(tree, 'c1')).toEqual(['c1', 's2', 's1', 'p1']);
  });

  it('stops walking a damaged tree that already loops', () => {
    const loop: DiagramNode[] = [
      { id: 'a', kind: 'secondary-driver', parentId: 'b' },
      { id: 'b', kind: 'secondary-driver', parentId: 'a' },
    ];
    expect(ancestry(loop, 'a')).toEqual(['a', 'b']);
  });
});

describe('sibling order after a move', () => {
  const flat: DiagramNode[] = [
    { id: 'p1', kind: 'primary-driver', parentId: null },
    { id: 'a', kind: 'secondary-driver', parentId: 'p1' },
    { id: 'b', kind: 'secondary-driver', parentId: 'p1' },
    { id: 'c', kind: 'secondary-driver', parentId: 'p1' },
    { id: 'p2', kind: 'primary-driver', parentId: null },
    { id: 'x', kind: 'secondary-driver', parentId: 'p2' },
  ];

  it('puts a moved node last by default, and the old siblings close the gap', () => {
    expect(siblingOrders(flat, 'a', 'p2')).toEqual({ siblings: ['x', 'a'], formerSiblings: ['b', 'c'] });
  });

  it('puts it at the asked index, from 0 to the number of other siblings', () => {
    expect(siblingOrders(flat, 'b', 'p2', 0)).toEqual({ siblings: ['b', 'x'], formerSiblings: ['a', 'c'] });
    expect(siblingOrders(flat, 'b', 'p2', 1)).toMatchObject({ siblings: ['x', 'b'] });
  });

  it('reorders among the same siblings, and keeps the place when none is asked', () => {
    expect(siblingOrders(flat, 'c', 'p1', 0)).toEqual({ siblings: ['c', 'a', 'b'], formerSiblings: null });
    expect(siblingOrders(flat, 'a', 'p1', 2)).toEqual({ siblings: ['b', 'c', 'a'], formerSiblings: null });
    expect(siblingOrders(flat, 'b', 'p1')).toEqual({ siblings: ['a', 'b', 'c'], formerSiblings: null });
  });

  it('refuses a place past the end, naming position', () => {
    for (const [parent, position] of [
      ['p2', 2],
      ['p1', 3],
      ['p1', -1],
      ['p1', 0.5],
    ] as const) {
      const result = siblingOrders(flat, 'a', parent, position);
      expect(isTreeProblem(result) && result).toMatchObject({
        kind: 'invalid',
        field: 'position',
        rule: 'withinSiblings',
      });
    }
  });
});
