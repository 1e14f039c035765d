/**
 * Which groups' scan results may be shown, so that nobody's answers can be singled out.
 *
 * Groups form a tree: the organisation, its departments (nested), their teams. A group's
 * results are the sum of its children's plus its *residual*: respondents placed on the group
 * itself rather than in a child (a department head who is in no team, a member in no team at all).
 * The residual is never shown on its own.
 *
 * The rule, in three steps:
 *  1. Primary: a group with fewer responses than the threshold is hidden ("fewer than N").
 *  2. What is hidden must stay hidden: every group total is the sum of its parts, so an onlooker
 *     who knows the shown groups can subtract. We follow every such subtraction (and every addition
 *     upwards, when all parts of a hidden group are known) until nothing new can be worked out.
 *  3. Complementary: if that lets anyone work out a small group (fewer than the threshold, but not
 *     none), or the combined results of the parts still unknown in one sum when those together are
 *     fewer than the threshold, we hide one more shown group that the working-out relied on: the
 *     smallest one (so a small sibling goes before its parent), and start over.
 *
 * Each round hides one more group, so it ends; at worst everything is hidden. Groups without any
 * response count as known (an onlooker may guess "none"), so they never protect a sibling.
 */

export type SuppressionReason = 'below_threshold' | 'complementary';

export interface GroupCount {
  /** Unique key, e.g. `team:<uuid>`. */
  key: string;
  /** The parent group's key; null for the one root. */
  parent: string | null;
  /** Responses placed on this group itself, not in one of its children. */
  own: number;
}

export interface GroupVisibility {
  key: string;
  /** Every response in this group and below it. Shown only when `visible`. */
  responses: number;
  visible: boolean;
  reason: SuppressionReason | null;
}

interface Node {
  key: string;
  n: number;
  /** Residual cells are never shown. */
  displayable: boolean;
  depth: number;
}

/** One subtraction an onlooker can do: parent = sum of parts. */
interface Equation {
  parent: string;
  parts: string[];
}

export function residualKey(groupKey: string): string {
  return `${groupKey}#residual`;
}

/**
 * Decides visibility for every group. `threshold` is the effective minimum number of responses
 * (see `effectiveThreshold`); it must be at least 3. `alsoHidden` names groups hidden for reasons
 * outside this view (see `disclosure.ts`); what would give them away is hidden too.
 */
export function suppress(
  groups: readonly GroupCount[],
  threshold: number,
  alsoHidden: ReadonlySet<string> = new Set(),
): Map<string, GroupVisibility> {
  if (!Number.isInteger(threshold) || threshold < 3)
    throw new Error(`threshold must be a whole number of at least 3, got ${threshold}`);
  const { nodes, equations } = buildTree(groups);

  const primary = new Set<string>();
  for (const node of nodes.values()) if (node.displayable && node.n < threshold) primary.add(node.key);
  // Hidden for a reason outside this view (what was shown before): treated like a complementary cell.
  const complementary = new Set<string>(
    [...alsoHidden].filter((key) => nodes.get(key)?.displayable && !primary.has(key)),
  );
  const hidden = (key: string) => primary.has(key) || complementary.has(key) || !nodes.get(key)?.displayable;

  for (;;) {
    const pick = findLeak(nodes, equations, hidden, threshold, alsoHidden);
    if (!pick) break;
    complementary.add(pick);
  }

  const result = new Map<string, GroupVisibility>();
  for (const group of groups) {
    const node = nodes.get(group.key) as Node;
    const reason: SuppressionReason | null = primary.has(group.key)
      ? 'below_threshold'
      : complementary.has(group.key)
        ? 'complementary'
        : null;
    result.set(group.key, { key: group.key, responses: node.n, visible: reason === null, reason });
  }
  return result;
}

function buildTree(groups: readonly GroupCount[]): { nodes: Map<string, Node>; equations: Equation[] } {
  const byKey = new Map(groups.map((group) => [group.key, group]));
  if (byKey.size !== groups.length) throw new Error('group keys must be unique');
  const roots = groups.filter((group) => group.parent === null);
  if (roots.length !== 1) throw new Error(`expected one root group, got ${roots.length}`);
  const children = new Map<string, string[]>();
  for (const group of groups) {
    if (!Number.isInteger(group.own) || group.own < 0)
      throw new Error(`responses of ${group.key} must be a whole number >= 0`);
    if (group.parent === null) continue;
    if (!byKey.has(group.parent)) throw new Error(`${group.key} names an unknown parent ${group.parent}`);
    children.set(group.parent, [...(children.get(group.parent) ?? []), group.key]);
  }

  const nodes = new Map<string, Node>();
  const equations: Equation[] = [];
  const visiting = new Set<string>();
  const visit = (key: string, depth: number): number => {
    if (visiting.has(key)) throw new Error(`the groups form a cycle at ${key}`);
    visiting.add(key);
    const group = byKey.get(key) as GroupCount;
    const kids = children.get(key) ?? [];
    let n = group.own;
    for (const child of kids) n += visit(child, depth + 1);
    if (kids.length > 0) {
      const parts = [...kids];
      if (group.own > 0) {
        nodes.set(residualKey(key), {
          key: residualKey(key),
          n: group.own,
          displayable: false,
          depth: depth + 1,
        });
        parts.push(residualKey(key));
      }
      equations.push({ parent: key, parts });
    }
    nodes.set(key, { key, n, displayable: true, depth });
    return n;
  };
  visit(roots[0].key, 0);
  if (nodes.size < groups.length) throw new Error('some groups are not below the root');
  return { nodes, equations };
}

/**
 * Works out everything an onlooker can from the shown groups. Returns the shown group to hide
 * next, or null when nothing small can be worked out.
 */
function findLeak(
  nodes: Map<string, Node>,
  equations: Equation[],
  hidden: (key: string) => boolean,
  threshold: number,
  alsoHidden: ReadonlySet<string>,
): string | null {
  const known = new Set<string>();
  for (const node of nodes.values()) if (!hidden(node.key) || node.n === 0) known.add(node.key);
  const derivedBy = new Map<string, Equation>();
  const small = (n: number) => n > 0 && n < threshold;

  for (let changed = true; changed;) {
    changed = false;
    for (const equation of equations) {
      const members = [equation.parent, ...equation.parts];
      const unknown = members.filter((key) => !known.has(key));
      if (unknown.length === 1) {
        const [derived] = unknown;
        // A group hidden for a reason outside this view must stay hidden whatever its size.
        const n = (nodes.get(derived) as Node).n;
        if (small(n) || (n > 0 && alsoHidden.has(derived)))
          return smallestSupport(nodes, equation, derivedBy, hidden);
        known.add(derived);
        derivedBy.set(derived, equation);
        changed = true;
      } else if (unknown.length >= 2 && known.has(equation.parent)) {
        const together = unknown.reduce((sum, key) => sum + (nodes.get(key) as Node).n, 0);
        if (small(together)) return smallestSupport(nodes, equation, derivedBy, hidden);
      }
    }
  }
  return null;
}

/** The smallest shown group that a working-out through `equation` relies on, directly or through earlier steps. */
function smallestSupport(
  nodes: Map<string, Node>,
  equation: Equation,
  derivedBy: Map<string, Equation>,
  hidden: (key: string) => boolean,
): string {
  const shown = new Set<string>();
  const seen = new Set<Equation>();
  const collect = (eq: Equation) => {
    if (seen.has(eq)) return;
    seen.add(eq);
    for (const key of [eq.parent, ...eq.parts]) {
      const via = derivedBy.get(key);
      if (via) collect(via);
      else if (!hidden(key) && (nodes.get(key) as Node).n > 0) shown.add(key);
    }
  };
  collect(equation);
  const candidates = [...shown].map((key) => nodes.get(key) as Node);
  // Something shown is always behind a leak: hidden groups with responses are unknown until worked out.
  if (candidates.length === 0) throw new Error('a leak without a shown group behind it');
  candidates.sort((a, b) => a.n - b.n || b.depth - a.depth || a.key.localeCompare(b.key));
  return candidates[0].key;
}
