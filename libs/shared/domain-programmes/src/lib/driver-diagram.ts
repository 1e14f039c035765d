import type { RuleProblem } from './programme';

/**
 * A driver diagram as a tree: the aim at the root, primary drivers under it, secondary drivers under a driver, and
 * change ideas under a driver. The aim is the programme itself, so a node whose `parentId` is null hangs under it.
 */

export const nodeKinds = ['primary-driver', 'secondary-driver', 'change-idea'] as const;
export type NodeKind = (typeof nodeKinds)[number];

export interface DiagramNode {
  id: string;
  kind: NodeKind;
  parentId: string | null;
}

/** `invalid`: the request itself is wrong (400). `conflict`: it clashes with the tree as it stands (409). */
export interface TreeProblem extends RuleProblem {
  kind: 'invalid' | 'conflict';
}

const isDriver = (kind: NodeKind) => kind !== 'change-idea';

/** Where a node of `kind` may hang: which parents its rule allows, by the rule's name. */
const placementRules: Record<
  NodeKind,
  { rule: string; allows: (parent: DiagramNode | null) => boolean; says: string }
> = {
  'primary-driver': {
    rule: 'primaryUnderAim',
    allows: (parent) => parent === null,
    says: 'a primary driver hangs directly under the aim',
  },
  'secondary-driver': {
    rule: 'secondaryUnderDriver',
    allows: (parent) => parent !== null && isDriver(parent.kind),
    says: 'a secondary driver hangs under a primary or secondary driver',
  },
  'change-idea': {
    rule: 'changeIdeaUnderDriver',
    allows: (parent) => parent !== null && isDriver(parent.kind),
    says: 'a change idea hangs under a driver, never directly under the aim or under another change idea',
  },
};

/**
 * Why `node` may not hang under `parentId` in `tree`, or null when it may. For a move, `node.id` is in the tree and
 * the tree is as it stands before the move.
 */
export function placementProblem(
  tree: ReadonlyArray<DiagramNode>,
  node: { id?: string; kind: NodeKind },
  parentId: string | null,
): TreeProblem | null {
  const parent = parentId === null ? null : tree.find((n) => n.id === parentId);
  if (parent === undefined) {
    return {
      kind: 'invalid',
      field: 'parentId',
      rule: 'exists',
      message: 'parentId names no node of this programme',
    };
  }
  const placement = placementRules[node.kind];
  if (!placement.allows(parent)) {
    return {
      kind: 'invalid',
      field: 'parentId',
      rule: placement.rule,
      message: `parentId: ${placement.says}`,
    };
  }
  if (node.id !== undefined && parentId !== null && ancestry(tree, parentId).includes(node.id)) {
    return {
      kind: 'conflict',
      field: 'parentId',
      rule: 'noCycle',
      message: 'parentId lies under the node itself: the tree would have a cycle',
    };
  }
  return null;
}

/** Sibling orders to store after a move or reorder: each list's ids get positions 0, 1, 2… in that order. */
export interface SiblingOrders {
  /** The node's siblings under its (new) parent, the node included at its place. */
  siblings: string[];
  /** The siblings it left, when it changed parent: they close the gap. */
  formerSiblings: string[] | null;
}

/**
 * Where `nodeId` lands under `parentId`: at index `position` among the siblings there, or, when no position is asked
 * for, last under a new parent and where it was under the same one. `tree` lists each parent's children in their
 * order. A position past the end is refused; 0 to the number of other siblings are the places there are.
 */
export function siblingOrders(
  tree: ReadonlyArray<DiagramNode>,
  nodeId: string,
  parentId: string | null,
  position?: number,
): SiblingOrders | TreeProblem {
  const node = tree.find((n) => n.id === nodeId) as DiagramNode;
  const sameParent = node.parentId === parentId;
  const others = tree.filter((n) => n.parentId === parentId && n.id !== nodeId).map((n) => n.id);
  if (position !== undefined && (!Number.isInteger(position) || position < 0 || position > others.length)) {
    return {
      kind: 'invalid',
      field: 'position',
      rule: 'withinSiblings',
      message: `position must be a whole number from 0 to ${others.length}: the node's index among its siblings`,
    };
  }
  const current = tree.filter((n) => n.parentId === parentId).findIndex((n) => n.id === nodeId);
  const at = position ?? (sameParent ? current : others.length);
  return {
    siblings: [...others.slice(0, at), nodeId, ...others.slice(at)],
    formerSiblings: sameParent
      ? null
      : tree.filter((n) => n.parentId === node.parentId && n.id !== nodeId).map((n) => n.id),
  };
}

export const isTreeProblem = (value: SiblingOrders | TreeProblem): value is TreeProblem => 'rule' in value;

/** Why the node may not be deleted, or null: a node with nodes under it, or an idea with tests, would orphan them. */
export function removalProblem(
  tree: ReadonlyArray<DiagramNode>,
  id: string,
  linkedExperiments: number,
): TreeProblem | null {
  if (tree.some((n) => n.parentId === id)) {
    return {
      kind: 'conflict',
      field: 'id',
      rule: 'noChildren',
      message: 'Move or delete the nodes under this one first',
    };
  }
  if (linkedExperiments > 0) {
    return {
      kind: 'conflict',
      field: 'id',
      rule: 'noLinkedExperiments',
      message: 'Unlink the experiments that test this change idea first',
    };
  }
  return null;
}

/** The ids from `id` up to its top node, itself first. Stops at a repeat, so a damaged tree cannot loop forever. */
export function ancestry(tree: ReadonlyArray<DiagramNode>, id: string): string[] {
  const byId = new Map(tree.map((n) => [n.id, n]));
  const path: string[] = [];
  for (
    let at = byId.get(id);
    at && !path.includes(at.id);
    at = at.parentId ? byId.get(at.parentId) : undefined
  ) {
    path.push(at.id);
  }
  return path;
}

/** Depth-first order (parents before children, siblings in the given order), as an outline reads. */
export function outlineOrder<T extends DiagramNode>(tree: ReadonlyArray<T>): Array<T & { depth: number }> {
  const children = new Map<string | null, T[]>();
  for (const node of tree) children.set(node.parentId, [...(children.get(node.parentId) ?? []), node]);
  const out: Array<T & { depth: number }> = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const node of children.get(parentId) ?? []) {
      out.push({ ...node, depth });
      visit(node.id, depth + 1);
    }
  };
  visit(null, 1);
  return out;
}
