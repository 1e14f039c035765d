import { describe, expect, it } from 'vitest';
import { hideForHistory, newlyDetermined } from './disclosure';
import { INSTRUMENT_V1 } from './instrument';
import { LinearSpan, rankOf } from './linear-span';
import { scanResults, type Cell, type FrozenGroup, type Publication } from './scan-results';

/** A seeded generator, so a failure can be replayed. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * Exact rank over the rationals by Bareiss' fraction-free elimination on a full matrix: written
 * apart from `LinearSpan`, so the two check each other.
 */
function bareissRank(rows: number[][]): number {
  const m = rows.map((r) => r.map(BigInt));
  const width = m[0]?.length ?? 0;
  let rank = 0;
  let previous = 1n;
  for (let col = 0; col < width && rank < m.length; col++) {
    const pivot = m.findIndex((r, i) => i >= rank && r[col] !== 0n);
    if (pivot < 0) continue;
    [m[rank], m[pivot]] = [m[pivot], m[rank]];
    for (let i = rank + 1; i < m.length; i++) {
      for (let j = col + 1; j < width; j++)
        m[i][j] = (m[rank][col] * m[i][j] - m[i][col] * m[rank][j]) / previous;
      m[i][col] = 0n;
    }
    previous = m[rank][col];
    rank++;
  }
  return rank;
}

function determined(known: number[][], target: number[]): boolean {
  return bareissRank([...known, target]) === bareissRank(known);
}

describe('LinearSpan', () => {
  it('agrees with an independent exact rank on random whole-number matrices', () => {
    const random = generator(7);
    for (let trial = 0; trial < 300; trial++) {
      const width = 1 + Math.floor(random() * 7);
      const rows = Array.from({ length: Math.floor(random() * 8) }, () =>
        Array.from({ length: width }, () => Math.floor(random() * 5) - 2),
      );
      expect(rankOf(rows, width)).toBe(bareissRank(rows.length ? rows : [new Array(width).fill(0)]));
      const span = new LinearSpan(width);
      rows.forEach((r) => span.add(r));
      const target = Array.from({ length: width }, () => Math.floor(random() * 3) - 1);
      expect(span.contains(target)).toBe(
        rows.length ? determined(rows, target) : target.every((v) => v === 0),
      );
    }
  });
});

describe('newlyDetermined', () => {
  const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));

  it('sees a hidden team as the department minus its shown siblings', () => {
    const n = counts({ a: 6, b: 6, c: 3 });
    expect(newlyDetermined([], [['a', 'b', 'c'], ['a'], ['b']], n, 5)).toEqual([['c']]);
    expect(newlyDetermined([], [['a', 'b', 'c'], ['a']], n, 5)).toEqual([]);
  });

  it('sees the reorganisation attack: Care before and after Ward C left', () => {
    const n = counts({ a: 6, b: 6, c: 3 });
    expect(newlyDetermined([['a', 'b', 'c']], [['a', 'b']], n, 5)).toEqual([['c']]);
  });

  it('finds a small union in a family that is not a tree', () => {
    // {a,b} and {b,c} and {a,b,c,d}: nothing single, but a+b+c+d - (a+b) - (b+c) + b ... only sets of atoms count.
    const n = counts({ a: 1, b: 1, c: 9, d: 9 });
    const found = newlyDetermined(
      [],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['a', 'b', 'c', 'd'],
      ],
      n,
      5,
    );
    expect(found).toContainEqual(['a', 'b']);
  });

  it('does not blame a view for what was already determined before it', () => {
    const n = counts({ a: 6, b: 6, c: 3 });
    expect(
      newlyDetermined(
        [
          ['a', 'b', 'c'],
          ['a', 'b'],
        ],
        [['a', 'b', 'c'], ['a']],
        n,
        5,
      ),
    ).toEqual([]);
  });

  it('hides the smallest new group that touches the leak, until the view adds nothing small', () => {
    const n = counts({ a: 6, b: 7, c: 3 });
    const hidden = hideForHistory(
      [['a', 'b', 'c']],
      [
        { key: 'care', cells: ['a', 'b'], n: 13 },
        { key: 'a', cells: ['a'], n: 6 },
        { key: 'all', cells: ['a', 'b', 'c'], n: 16 },
      ],
      n,
      5,
    );
    expect([...hidden].sort()).toEqual(['a', 'care']);
  });
});

/**
 * Random organisations, random reorganisations and random threshold changes: every view is what
 * `scanResults` shows given everything shown before, and an independent exact rank test over all
 * subsets of cells checks that no view made a small set of respondents determinable that was not
 * already. A set's responses, every per-statement count and so every mean are sums over the same
 * cells, so this covers totals and means alike; comment lists are checked the same way.
 */
describe('scanResults over a history of views', () => {
  type Org = { groups: FrozenGroup[]; cells: Cell[] };

  function randomOrganisation(random: () => number): {
    departments: string[];
    teams: string[];
    cellCounts: Map<string, number>;
    commentCounts: Map<string, number>;
  } {
    const departments = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => `department:d${i}`);
    const teams = Array.from({ length: 2 + Math.floor(random() * 4) }, (_, i) => `team:t${i}`);
    const cellCounts = new Map<string, number>();
    const commentCounts = new Map<string, number>();
    const size = () => (random() < 0.15 ? 0 : Math.floor(random() * 9));
    for (const key of [...teams, ...departments, 'organisation:o']) {
      // Residual cells (department heads, people in no team) are mostly empty or small.
      const n = key.startsWith('team') ? size() : random() < 0.6 ? 0 : 1 + Math.floor(random() * 2);
      cellCounts.set(key, n);
      commentCounts.set(key, Math.floor(random() * (n + 1)));
    }
    return { departments, teams, cellCounts, commentCounts };
  }

  /** A tree over the same cells: each team in some department, each department under the organisation or another. */
  function arrange(random: () => number, base: ReturnType<typeof randomOrganisation>): Org {
    const groups: FrozenGroup[] = [
      { key: 'organisation:o', kind: 'organisation', id: 'o', name: 'Org', parent: null },
    ];
    base.departments.forEach((d, i) => {
      const parent = i > 0 && random() < 0.3 ? base.departments[Math.floor(random() * i)] : 'organisation:o';
      groups.push({ key: d, kind: 'department', id: d, name: d, parent });
    });
    for (const t of base.teams)
      groups.push({
        key: t,
        kind: 'team',
        id: t,
        name: t,
        parent: base.departments[Math.floor(random() * base.departments.length)],
      });
    const cells = [...base.cellCounts].map(([key, responses]) => ({
      key,
      responses,
      comments: Array.from({ length: base.commentCounts.get(key) ?? 0 }, (_, i) => `${key} ${i}`),
      tallies: responses
        ? INSTRUMENT_V1.statements.map((s) => ({ statementId: s.id, value: 3, count: responses }))
        : [],
    }));
    return { groups, cells };
  }

  function checkNothingNew(
    cellKeys: string[],
    counts: Map<string, number>,
    before: string[][],
    after: string[][],
    threshold: number,
  ): void {
    const vector = (set: readonly string[]) => cellKeys.map((c) => (set.includes(c) ? 1 : 0));
    // An onlooker may guess that an empty cell is empty.
    const empties = cellKeys.filter((c) => (counts.get(c) ?? 0) === 0).map((c) => vector([c]));
    const known = [...empties, ...before.map(vector)];
    const knownAfter = [...empties, ...after.map(vector)];
    for (let mask = 1; mask < 1 << cellKeys.length; mask++) {
      const subset = cellKeys.filter((_, i) => mask & (1 << i));
      const n = subset.reduce((sum, c) => sum + (counts.get(c) ?? 0), 0);
      if (n === 0 || n >= threshold) continue;
      const target = vector(subset);
      if (!known.length || !determined(known, target)) {
        expect(
          knownAfter.length && determined(knownAfter, target),
          `${subset.join('+')} (${n}) became determinable at threshold ${threshold}`,
        ).toBeFalsy();
      }
    }
  }

  for (const [label, reorganise, varyThreshold] of [
    ['a frozen tree and a fixed threshold', false, false],
    ['random reorganisations between views (as if nothing were frozen)', true, false],
    ['random threshold changes', false, true],
    ['random reorganisations and threshold changes together', true, true],
  ] as const) {
    it(`never makes a small group determinable: ${label}`, () => {
      const random = generator(label.length * 7919);
      for (let org = 0; org < 60; org++) {
        const base = randomOrganisation(random);
        const cellKeys = [...base.cellCounts.keys()];
        let tree = arrange(random, base);
        const history: Publication[] = [];
        const fixed = 3 + Math.floor(random() * 4);
        for (let view = 0; view < 4; view++) {
          if (reorganise && view > 0) tree = arrange(random, base);
          const threshold = varyThreshold ? 3 + Math.floor(random() * 5) : fixed;
          const { groups, published } = scanResults({
            groups: tree.groups,
            cells: tree.cells,
            instrument: INSTRUMENT_V1,
            threshold,
            history,
            otherScans: [],
            random,
          });
          for (const g of groups) if (g.visible) expect(g.responses).toBeGreaterThanOrEqual(threshold);
          for (const g of groups)
            if (g.comments.length) expect(g.comments.length).toBeGreaterThanOrEqual(threshold);
          for (const [measure, counts] of [
            ['answers', base.cellCounts],
            ['comments', base.commentCounts],
          ] as const) {
            const before = history.filter((p) => p.measure === measure).map((p) => [...p.cells]);
            const after = [
              ...before,
              ...published.filter((p) => p.measure === measure).map((p) => [...p.cells]),
            ];
            checkNothingNew(cellKeys, counts, before, after, threshold);
          }
          history.push(...published);
        }
      }
    });
  }
});
