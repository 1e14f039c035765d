import { hideForHistory, type CellSet } from './disclosure';
import type { Instrument } from './instrument';
import { scoreTallies, type Scores, type Tally } from './scoring';
import { suppress, type SuppressionReason } from './suppression';

/**
 * A scan's results, computed against the group tree frozen when the scan opened, with every
 * protection applied: small groups hidden, what would give them away hidden, nothing shown that
 * together with what was shown before (in this scan, or near the threshold in another) determines
 * a small group, comments only from enough people and shuffled for each view.
 */

export type GroupKind = 'organisation' | 'department' | 'team';

/** One group of the tree frozen when a scan opened. Its key doubles as the key of its own cell. */
export interface FrozenGroup {
  key: string;
  kind: GroupKind;
  id: string;
  name: string;
  parent: string | null;
}

/** What the answer sheets of one cell added up to: a team, or the residual of a department or the organisation. */
export interface Cell {
  key: string;
  responses: number;
  comments: readonly string[];
  tallies: readonly Tally[];
}

export type Measure = 'answers' | 'comments';

/** A group total once shown: an equation an onlooker keeps. */
export interface Publication {
  measure: Measure;
  groupKey: string;
  cells: CellSet;
  total: number;
}

export interface ResultGroup {
  key: string;
  kind: GroupKind;
  id: string;
  name: string;
  parentKey: string | null;
  visible: boolean;
  suppressed: SuppressionReason | null;
  responses: number | null;
  scores: Scores | null;
  comments: string[];
}

export interface ScanResultsInput {
  groups: readonly FrozenGroup[];
  cells: readonly Cell[];
  instrument: Instrument;
  threshold: number;
  /** Everything shown for this scan before. */
  history: readonly Publication[];
  /** Response totals shown for the same groups in other scans (see `nearThresholdChange`). */
  otherScans: ReadonlyArray<{ groupKey: string; total: number }>;
  random?: () => number;
}

export function frozenKey(kind: string, id: string): string {
  return `${kind}:${id}`;
}

/**
 * Whether showing a group with `n` responses would, next to the same group shown with `other`
 * responses in another scan, single out the few people between them: both near the threshold
 * (under twice it) and apart by some but fewer than the threshold. People tend to answer alike
 * from one scan to the next, so the difference of the two sums is close to those few people's answers.
 */
export function nearThresholdChange(n: number, other: number, threshold: number): boolean {
  const apart = Math.abs(n - other);
  return n < 2 * threshold && other < 2 * threshold && apart > 0 && apart < threshold;
}

export function scanResults(input: ScanResultsInput): { groups: ResultGroup[]; published: Publication[] } {
  const { groups, instrument, threshold } = input;
  const random = input.random ?? Math.random;
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const root = groups.find((g) => g.parent === null);
  if (!root) throw new Error('a frozen tree has one root');

  // Cells whose group is not in the frozen tree (scans from before trees were frozen) count for the organisation.
  const cells = new Map<string, { responses: number; comments: string[]; tallies: Map<string, Tally> }>();
  for (const cell of input.cells) {
    const place = byKey.has(cell.key) ? cell.key : root.key;
    const into = cells.get(place) ?? { responses: 0, comments: [], tallies: new Map<string, Tally>() };
    into.responses += cell.responses;
    into.comments.push(...cell.comments);
    for (const t of cell.tallies) {
      const k = `${t.statementId}|${t.value}`;
      into.tallies.set(k, {
        statementId: t.statementId,
        value: t.value,
        count: (into.tallies.get(k)?.count ?? 0) + t.count,
      });
    }
    cells.set(place, into);
  }

  const children = new Map<string, FrozenGroup[]>();
  for (const g of groups)
    if (g.parent !== null) children.set(g.parent, [...(children.get(g.parent) ?? []), g]);
  const cellsBelow = new Map<string, string[]>();
  const collect = (key: string): string[] => {
    const below = [key, ...(children.get(key) ?? []).flatMap((c) => collect(c.key))];
    cellsBelow.set(key, below);
    return below;
  };
  collect(root.key);

  const responseCounts = new Map(groups.map((g) => [g.key, cells.get(g.key)?.responses ?? 0]));
  const commentCounts = new Map(groups.map((g) => [g.key, cells.get(g.key)?.comments.length ?? 0]));
  const total = (counts: ReadonlyMap<string, number>, key: string) =>
    (cellsBelow.get(key) ?? []).reduce((sum, c) => sum + (counts.get(c) ?? 0), 0);

  const visibleFor = (
    measure: Measure,
    counts: ReadonlyMap<string, number>,
    outside: ReadonlySet<string>,
  ) => {
    const history = input.history.filter((p) => p.measure === measure).map((p) => p.cells);
    const forced = new Set(outside);
    for (;;) {
      const view = suppress(
        groups.map((g) => ({ key: g.key, parent: g.parent, own: counts.get(g.key) ?? 0 })),
        threshold,
        forced,
      );
      const shown = groups
        .filter((g) => view.get(g.key)?.visible)
        .map((g) => ({ key: g.key, cells: cellsBelow.get(g.key) as string[], n: total(counts, g.key) }));
      const more = hideForHistory(history, shown, counts, threshold);
      if (more.size === 0) return view;
      for (const key of more) forced.add(key);
    }
  };

  // Next to another scan, a group near the threshold that changed by a few people is not shown again.
  const acrossScans = new Set(
    groups
      .filter((g) =>
        input.otherScans.some(
          (o) =>
            o.groupKey === g.key && nearThresholdChange(total(responseCounts, g.key), o.total, threshold),
        ),
      )
      .map((g) => g.key),
  );
  const answers = visibleFor('answers', responseCounts, acrossScans);
  const answerHidden = new Set(groups.filter((g) => !answers.get(g.key)?.visible).map((g) => g.key));
  // Comments have their own minimum (the threshold) and their own history: a comment list is a sum too.
  const comments = visibleFor('comments', commentCounts, answerHidden);

  const published: Publication[] = [];
  const result: ResultGroup[] = [];
  const walk = (group: FrozenGroup) => {
    const view = answers.get(group.key) ?? {
      visible: false,
      reason: 'below_threshold' as const,
      responses: 0,
    };
    const withComments = view.visible && (comments.get(group.key)?.visible ?? false);
    const below = cellsBelow.get(group.key) as string[];
    if (view.visible)
      published.push({ measure: 'answers', groupKey: group.key, cells: below, total: view.responses });
    if (withComments)
      published.push({
        measure: 'comments',
        groupKey: group.key,
        cells: below,
        total: total(commentCounts, group.key),
      });
    const tallies = below.flatMap((c) => [...(cells.get(c)?.tallies.values() ?? [])]);
    result.push({
      key: group.key,
      kind: group.kind,
      id: group.id,
      name: group.name,
      parentKey: group.parent,
      visible: view.visible,
      suppressed: view.reason,
      responses: view.visible ? view.responses : null,
      scores: view.visible ? scoreTallies(instrument, tallies) : null,
      comments: withComments
        ? shuffled(
            below.flatMap((c) => cells.get(c)?.comments ?? []),
            random,
          )
        : [],
    });
    const rank = (kind: GroupKind) => (kind === 'organisation' ? 0 : kind === 'department' ? 1 : 2);
    [...(children.get(group.key) ?? [])]
      .sort(
        (a, b) => rank(a.kind) - rank(b.kind) || a.name.localeCompare(b.name) || a.key.localeCompare(b.key),
      )
      .forEach(walk);
  };
  walk(root);
  return { groups: result, published };
}

/** A fresh order for every view (Fisher–Yates), so no list is a copy of a part of another. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The tree a scan freezes when it opens: the organisation, the departments it covers (with their
 * nesting, as far as it stays inside the scope) and their teams. Archived units stay out, unless
 * answers already count for them (only for scans from before trees were frozen).
 */
export function freezeTree(input: {
  organisation: { id: string; name: string };
  departments: ReadonlyArray<{ id: string; parentId: string | null; name: string; archived: boolean }>;
  teams: ReadonlyArray<{ id: string; departmentId: string; name: string; archived: boolean }>;
  scoped: ReadonlySet<string>;
  used?: ReadonlySet<string>;
}): FrozenGroup[] {
  const used = input.used ?? new Set<string>();
  const orgKey = frozenKey('organisation', input.organisation.id);
  const teamsUsedIn = new Set(
    input.teams.filter((t) => used.has(frozenKey('team', t.id))).map((t) => t.departmentId),
  );
  const departments = input.departments.filter(
    (d) =>
      input.scoped.has(d.id) &&
      (!d.archived || used.has(frozenKey('department', d.id)) || teamsUsedIn.has(d.id)),
  );
  const included = new Set(departments.map((d) => d.id));
  const groups: FrozenGroup[] = [
    {
      key: orgKey,
      kind: 'organisation',
      id: input.organisation.id,
      name: input.organisation.name,
      parent: null,
    },
  ];
  for (const d of departments) {
    groups.push({
      key: frozenKey('department', d.id),
      kind: 'department',
      id: d.id,
      name: d.name,
      parent: d.parentId && included.has(d.parentId) ? frozenKey('department', d.parentId) : orgKey,
    });
  }
  for (const t of input.teams) {
    if (!included.has(t.departmentId) || (t.archived && !used.has(frozenKey('team', t.id)))) continue;
    groups.push({
      key: frozenKey('team', t.id),
      kind: 'team',
      id: t.id,
      name: t.name,
      parent: frozenKey('department', t.departmentId),
    });
  }
  return groups;
}
