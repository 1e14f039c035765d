import { describe, expect, it } from 'vitest';
import { residualKey, suppress, type GroupCount, type GroupVisibility } from './suppression';

const org = (own = 0): GroupCount => ({ key: 'org', parent: null, own });
const dept = (key: string, own = 0, parent = 'org'): GroupCount => ({ key, parent, own });
const team = (key: string, n: number, parent: string): GroupCount => ({ key, parent, own: n });

function shown(result: Map<string, GroupVisibility>): Record<string, string> {
  return Object.fromEntries(
    [...result.values()].map((g) => [g.key, g.visible ? `shown ${g.responses}` : (g.reason as string)]),
  );
}

describe('suppression: primary threshold', () => {
  it('shows every group at or above the threshold', () => {
    const result = suppress([org(), dept('care'), team('a', 5, 'care'), team('b', 6, 'care')], 5);
    expect(shown(result)).toEqual({ org: 'shown 11', care: 'shown 11', a: 'shown 5', b: 'shown 6' });
  });

  it('hides a group one below the threshold, and a group with no responses', () => {
    const result = suppress(
      [org(), team('a', 4, 'org'), team('b', 0, 'org'), team('c', 5, 'org'), team('d', 5, 'org')],
      5,
    );
    expect(result.get('a')).toMatchObject({ visible: false, reason: 'below_threshold' });
    expect(result.get('b')).toMatchObject({ visible: false, reason: 'below_threshold' });
  });

  it('uses whatever threshold the organisation chose, from the floor of 3 up', () => {
    const groups = [org(), team('a', 3, 'org'), team('b', 3, 'org')];
    expect(shown(suppress(groups, 3))).toEqual({ org: 'shown 6', a: 'shown 3', b: 'shown 3' });
    expect(shown(suppress(groups, 7))).toEqual({
      org: 'below_threshold',
      a: 'below_threshold',
      b: 'below_threshold',
    });
  });

  it('refuses a threshold below the floor of 3', () => {
    expect(() => suppress([org(5)], 2)).toThrow(/at least 3/);
    expect(() => suppress([org(5)], 3.5)).toThrow(/whole number/);
  });

  it('hides the whole organisation when it has fewer responses than the threshold', () => {
    expect(shown(suppress([org(4)], 5))).toEqual({ org: 'below_threshold' });
    expect(shown(suppress([org(5)], 5))).toEqual({ org: 'shown 5' });
  });
});

describe('suppression: nothing hidden can be worked out by subtraction', () => {
  it('hides the smallest sibling when exactly one child of a shown parent is hidden', () => {
    const result = suppress(
      [org(), dept('care'), team('a', 2, 'care'), team('b', 8, 'care'), team('c', 6, 'care')],
      5,
    );
    // care (16) - b - c would give a (2): so c, the smaller of the two, goes too.
    expect(shown(result)).toEqual({
      org: 'shown 16',
      care: 'shown 16',
      a: 'below_threshold',
      b: 'shown 8',
      c: 'complementary',
    });
  });

  it('needs nothing more when two hidden siblings together reach the threshold', () => {
    const result = suppress([org(), team('a', 2, 'org'), team('b', 3, 'org'), team('c', 9, 'org')], 5);
    expect(shown(result)).toEqual({
      org: 'shown 14',
      a: 'below_threshold',
      b: 'below_threshold',
      c: 'shown 9',
    });
  });

  it('hides another sibling when the hidden ones together are still fewer than the threshold', () => {
    const result = suppress(
      [org(), team('a', 1, 'org'), team('b', 2, 'org'), team('c', 9, 'org'), team('d', 7, 'org')],
      5,
    );
    // a + b = 3 could be worked out as one small group of three.
    expect(shown(result)).toEqual({
      org: 'shown 19',
      a: 'below_threshold',
      b: 'below_threshold',
      c: 'shown 9',
      d: 'complementary',
    });
  });

  it('does not count a sibling with no responses as protection', () => {
    const result = suppress([org(), team('a', 8, 'org'), team('b', 2, 'org'), team('c', 0, 'org')], 5);
    expect(shown(result)).toEqual({
      org: 'shown 10',
      a: 'complementary',
      b: 'below_threshold',
      c: 'below_threshold',
    });
  });

  it('treats the parent’s own residual as a hidden part: a small residual is protected', () => {
    // The department head answered, in no team: care (13) - a - b would give them alone.
    const result = suppress([org(), dept('care', 1), team('a', 6, 'care'), team('b', 6, 'care')], 5);
    expect(shown(result)).toEqual({ org: 'shown 13', care: 'shown 13', a: 'complementary', b: 'shown 6' });
  });

  it('lets a hidden child and a residual protect each other when together they reach the threshold', () => {
    const result = suppress([org(), dept('care', 3), team('a', 2, 'care'), team('b', 7, 'care')], 5);
    expect(shown(result)).toEqual({ org: 'shown 12', care: 'shown 12', a: 'below_threshold', b: 'shown 7' });
  });

  it('leaves a residual at or above the threshold alone', () => {
    const result = suppress([org(5), dept('care'), team('a', 6, 'care')], 5);
    expect(shown(result)).toEqual({ org: 'shown 11', care: 'shown 6', a: 'shown 6' });
  });

  it('protects a small residual of the organisation (people in no team)', () => {
    const result = suppress(
      [org(2), dept('care'), team('a', 6, 'care'), dept('ops'), team('b', 9, 'ops')],
      5,
    );
    // org - care - ops would give the two people outside any department: care (the smaller) goes.
    expect(result.get('care')).toMatchObject({ visible: false, reason: 'complementary' });
    // …and then care = a would give it back, so a goes too.
    expect(result.get('a')).toMatchObject({ visible: false, reason: 'complementary' });
    expect(result.get('ops')).toMatchObject({ visible: true });
  });

  it('follows cascades: a complementary department whose teams are all shown is no protection', () => {
    const groups = [
      org(),
      dept('d1'),
      team('a', 6, 'd1'),
      team('b', 6, 'd1'),
      dept('d2'),
      team('c', 8, 'd2'),
      team('d', 7, 'd2'),
      dept('d3'),
      team('e', 3, 'd3'),
    ];
    const result = suppress(groups, 5);
    expect(shown(result)).toEqual({
      org: 'shown 30',
      d1: 'complementary',
      a: 'complementary',
      b: 'shown 6',
      d2: 'shown 15',
      c: 'shown 8',
      d: 'shown 7',
      d3: 'below_threshold',
      e: 'below_threshold',
    });
  });

  it('protects a small group deep in nested departments', () => {
    const groups = [
      org(),
      dept('care'),
      dept('north', 0, 'care'),
      team('n1', 4, 'north'),
      team('n2', 9, 'north'),
      dept('south', 0, 'care'),
      team('s1', 12, 'south'),
    ];
    const result = suppress(groups, 5);
    // north (13) - n2 would give n1 (4): n2 goes, and north stays shown as the two together.
    expect(shown(result)).toEqual({
      org: 'shown 25',
      care: 'shown 25',
      north: 'shown 13',
      n1: 'below_threshold',
      n2: 'complementary',
      south: 'shown 12',
      s1: 'shown 12',
    });
    expect(leaks(groups, result, 5)).toEqual([]);
  });

  it('never reveals a count or a score it hides: hidden groups carry no visible flag', () => {
    const result = suppress([org(), team('a', 2, 'org'), team('b', 9, 'org'), team('c', 9, 'org')], 5);
    expect(
      [...result.values()]
        .filter((g) => !g.visible)
        .map((g) => g.key)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('rejects malformed trees', () => {
    expect(() => suppress([org(), team('a', 1, 'nowhere')], 5)).toThrow(/unknown parent/);
    expect(() => suppress([team('a', 1, 'b'), team('b', 1, 'a')], 5)).toThrow(/one root/);
    expect(() => suppress([org(), org()], 5)).toThrow(/unique/);
    expect(() => suppress([org(-1)], 5)).toThrow(/>= 0/);
  });
});

// ---------------------------------------------------------------------------
// An independent check: linear algebra instead of the module's step-by-step subtraction.

/**
 * The small hidden groups and residuals an onlooker could compute exactly from what is shown.
 * Each group is a sum of leaf cells (teams, residuals); a hidden group can be worked out iff its
 * vector lies in the span of the shown groups' vectors and the cells known to be empty.
 */
function leaks(groups: GroupCount[], result: Map<string, GroupVisibility>, threshold: number): string[] {
  const children = new Map<string, string[]>();
  for (const g of groups) if (g.parent) children.set(g.parent, [...(children.get(g.parent) ?? []), g.key]);
  const cells: Array<{ key: string; n: number }> = [];
  const cellsOf = new Map<string, number[]>();
  const walk = (key: string): number[] => {
    const group = groups.find((g) => g.key === key) as GroupCount;
    const kids = children.get(key) ?? [];
    const mine: number[] = [];
    if (kids.length === 0 || group.own > 0) {
      cells.push({ key: kids.length === 0 ? key : residualKey(key), n: group.own });
      mine.push(cells.length - 1);
    }
    for (const kid of kids) mine.push(...walk(kid));
    cellsOf.set(key, mine);
    return mine;
  };
  walk((groups.find((g) => g.parent === null) as GroupCount).key);
  const vector = (indices: number[]) => cells.map((_, i) => (indices.includes(i) ? 1 : 0));
  const basis: number[][] = [];
  for (const g of groups) if (result.get(g.key)?.visible) basis.push(vector(cellsOf.get(g.key) as number[]));
  cells.forEach((cell, i) => cell.n === 0 && basis.push(vector([i])));
  const rank = (rows: number[][]) => {
    const m = rows.map((r) => [...r]);
    let r = 0;
    for (let c = 0; c < cells.length && r < m.length; c++) {
      const pivot = m.findIndex((row, i) => i >= r && Math.abs(row[c]) > 1e-9);
      if (pivot < 0) continue;
      [m[r], m[pivot]] = [m[pivot], m[r]];
      for (let i = 0; i < m.length; i++) {
        if (i === r) continue;
        const f = m[i][c] / m[r][c];
        for (let j = 0; j < cells.length; j++) m[i][j] -= f * m[r][j];
      }
      r++;
    }
    return r;
  };
  const base = rank(basis);
  const small = (n: number) => n > 0 && n < threshold;
  const exposed: string[] = [];
  for (const g of groups) {
    const v = result.get(g.key) as GroupVisibility;
    if (!v.visible && small(v.responses) && rank([...basis, vector(cellsOf.get(g.key) as number[])]) === base)
      exposed.push(g.key);
  }
  cells.forEach((cell, i) => {
    if (cell.key.endsWith('#residual') && small(cell.n) && rank([...basis, vector([i])]) === base)
      exposed.push(cell.key);
  });
  return exposed;
}

function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('suppression: exhaustively against linear algebra', () => {
  it('checks itself: the verifier does find a leak when complementary suppression is skipped', () => {
    const groups = [org(), team('a', 2, 'org'), team('b', 8, 'org')];
    const naive = new Map(
      groups.map((g) => [
        g.key,
        { key: g.key, responses: g.key === 'org' ? 10 : g.own, visible: g.key !== 'a', reason: null },
      ]),
    );
    expect(leaks(groups, naive as Map<string, GroupVisibility>, 5)).toEqual(['a']);
  });

  it('every sibling count combination in a department of three teams plus a residual leaks nothing', () => {
    const values = [0, 1, 2, 4, 5, 9];
    let cases = 0;
    for (const a of values)
      for (const b of values)
        for (const c of values)
          for (const own of [0, 1, 5]) {
            const groups = [
              org(),
              dept('care', own),
              team('a', a, 'care'),
              team('b', b, 'care'),
              team('c', c, 'care'),
              dept('ops'),
              team('x', 7, 'ops'),
            ];
            for (const threshold of [3, 5]) {
              const result = suppress(groups, threshold);
              expect({ a, b, c, own, threshold, leaks: leaks(groups, result, threshold) }).toEqual({
                a,
                b,
                c,
                own,
                threshold,
                leaks: [],
              });
              for (const g of result.values()) if (g.responses < threshold) expect(g.visible).toBe(false);
              cases++;
            }
          }
    expect(cases).toBe(6 * 6 * 6 * 3 * 2);
  });

  it('500 random organisations, nested up to four deep, leak nothing, and hide every group below the threshold for that reason', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const next = random(seed);
      const groups: GroupCount[] = [org(next() < 0.3 ? Math.floor(next() * 4) : 0)];
      const departments = ['org'];
      const count = 1 + Math.floor(next() * 6);
      for (let i = 0; i < count; i++) {
        const parent = departments[Math.floor(next() * departments.length)];
        const key = `d${i}`;
        groups.push(dept(key, next() < 0.3 ? Math.floor(next() * 4) : 0, parent));
        departments.push(key);
        const teams = Math.floor(next() * 4);
        for (let t = 0; t < teams; t++) groups.push(team(`${key}t${t}`, Math.floor(next() * 12), key));
      }
      const threshold = 3 + Math.floor(next() * 5);
      const result = suppress(groups, threshold);
      expect({ seed, leaks: leaks(groups, result, threshold) }).toEqual({ seed, leaks: [] });
      for (const g of result.values()) {
        if (g.responses < threshold) expect(g.reason).toBe('below_threshold');
        else expect(g.reason).not.toBe('below_threshold');
      }
    }
  });
});
