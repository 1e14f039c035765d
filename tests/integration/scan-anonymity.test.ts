import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { INSTRUMENT_V1 } from '@kaizen/shared/domain-scan';
import { createTestDatabase, testConfig, until, type TestDatabase } from '../support/test-environment';
import { startApi, startWorker, type RunningApi } from '../support/running-apps';
import { asOwner } from '../support/tenants';
import type { AppConfig } from '@kaizen/shared/util-config';
import { scanOrganisation, sheet, type Person } from '../support/scan-organisation';

interface Group {
  key: string;
  kind: string;
  name: string;
  parentKey: string | null;
  visible: boolean;
  responses: number | null;
  scores: Array<{ dimension: string; mean: number; agreeShare: number }>;
  comments: string[];
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

/** Whether `target` is a rational combination of `rows` (exact, by fraction-free elimination over BigInt). */
function inSpan(rows: number[][], target: number[]): boolean {
  const rank = (m: number[][]) => {
    const a = m.map((r) => r.map(BigInt));
    let r = 0;
    for (let c = 0; c < (a[0]?.length ?? 0) && r < a.length; c++) {
      const p = a.findIndex((row, i) => i >= r && row[c] !== 0n);
      if (p < 0) continue;
      [a[r], a[p]] = [a[p], a[r]];
      for (let i = 0; i < a.length; i++)
        if (i !== r && a[i][c] !== 0n) a[i] = a[i].map((v, j) => v * a[r][c] - a[r][j] * a[i][c]);
      r++;
    }
    return r;
  };
  return rank([...rows, target]) === rank(rows);
}

/** The teams below a group in one view's own tree. */
function teamsBelow(groups: Group[], key: string): string[] {
  const group = groups.find((g) => g.key === key) as Group;
  if (group.kind === 'team') return [group.name];
  return groups.filter((g) => g.parentKey === key).flatMap((g) => teamsBelow(groups, g.key));
}

/** What a view shows, without the order of its comments. */
const shown = (groups: Group[]) =>
  Object.fromEntries(
    groups.map((g) => [
      g.name,
      { visible: g.visible, responses: g.responses, scores: g.scores, comments: [...g.comments].sort() },
    ]),
  );

describe('scan anonymity against reorganisations, side-by-side views and a database reader', () => {
  let database: TestDatabase;
  let config: AppConfig;
  let api: RunningApi;
  let worker: INestApplicationContext | null;

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url, 'postgres');
    api = await startApi(config);
    worker = await startWorker(config);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await database?.drop();
  });

  const care = () => ({
    'Ward A': { department: 'Care', size: 6 },
    'Ward B': { department: 'Care', size: 6 },
    'Ward C': { department: 'Care', size: 3 },
  });
  const value = { 'Ward A': 4, 'Ward B': 2, 'Ward C': 1 } as const;

  async function answerAll(org: Awaited<ReturnType<typeof scanOrganisation>>, scanId: string) {
    for (const [team, people] of org.people) {
      for (const [i, p] of people.entries()) {
        const res = await p.client.post(`/api/scans/${scanId}/responses`, {
          answers: sheet(value[team as keyof typeof value]),
          comment: `${team} voice ${i + 1}`,
        });
        expect(res.status).toBe(204);
      }
    }
  }

  it('keeps a closed scan frozen: moving Ward C, then Ward B, to a new department changes nothing in Care, and Ward C stays underivable', async () => {
    const org = await scanOrganisation(api.url, database.ownerUrl, 'Reorganising', care());
    const scan = (await org.admin.post('/api/scans', { title: 'Before the move', closesAt: inAnHour() }))
      .body;
    await answerAll(org, scan.id);
    expect((await org.admin.post(`/api/scans/${scan.id}/close`)).body.state).toBe('closed');

    const views: Group[][] = [];
    const look = async () => {
      const res = await org.admin.get(`/api/scans/${scan.id}/results`);
      expect(res.status).toBe(200);
      views.push(res.body.groups);
      return res.body.groups as Group[];
    };
    const before = await look();
    const byName = (groups: Group[]) => Object.fromEntries(groups.map((g) => [g.name, g]));
    expect(byName(before)['Care']).toMatchObject({ visible: true, responses: 15 });
    expect(byName(before)['Ward C'].visible).toBe(false);

    const isolation = (await org.admin.post('/api/departments', { name: 'Isolation' })).body.id;
    expect(
      (await org.admin.patch(`/api/teams/${org.teamIds.get('Ward C')}`, { departmentId: isolation })).status,
    ).toBe(200);
    const afterC = await look();
    expect(
      (await org.admin.patch(`/api/teams/${org.teamIds.get('Ward B')}`, { departmentId: isolation })).status,
    ).toBe(200);
    const afterB = await look();

    // Care's figures and comments, and everything else the scan showed, are what they were at the close.
    expect(shown(afterC)).toEqual(shown(before));
    expect(shown(afterB)).toEqual(shown(before));

    // Nothing shown in any of the three views, taken together, determines a hidden team.
    const teams = ['Ward A', 'Ward B', 'Ward C'];
    const equations = views.flatMap((groups) =>
      groups
        .filter((g) => g.visible)
        .map((g) => teams.map((t) => (teamsBelow(groups, g.key).includes(t) ? 1 : 0))),
    );
    for (const hidden of before.filter((g) => g.kind === 'team' && !g.visible)) {
      expect(
        inSpan(
          equations,
          teams.map((t) => (t === hidden.name ? 1 : 0)),
        ),
        `${hidden.name} derivable`,
      ).toBe(false);
    }
    // Ward C's comments cannot be had as what is left of Care's list after the shown teams' lists.
    const careComments = byName(afterB)['Care'].comments;
    const shownTeamComments = afterB.filter((g) => g.kind === 'team' && g.visible).flatMap((g) => g.comments);
    const leftOver = careComments.filter((c) => !shownTeamComments.includes(c));
    expect(leftOver.filter((c) => c.startsWith('Ward C')).length === 3 && leftOver.length === 3).toBe(false);
  });

  it("shuffles comments per view, shows no timestamps, and shows a group's comments only when it has at least the threshold of them", async () => {
    const org = await scanOrganisation(api.url, database.ownerUrl, 'Commenting', {
      North: { department: 'Wards', size: 7 },
      South: { department: 'Wards', size: 7 },
      East: { department: 'Wards', size: 5 },
    });
    const scan = (await org.admin.post('/api/scans', { title: 'Comments', closesAt: inAnHour() })).body;
    for (const [team, people] of org.people) {
      for (const [i, p] of people.entries()) {
        // East has five respondents but only two comments.
        const comment = team === 'East' && i >= 2 ? undefined : `${team} says ${i + 1}`;
        expect(
          (await p.client.post(`/api/scans/${scan.id}/responses`, { answers: sheet(3), comment })).status,
        ).toBe(204);
      }
    }
    await org.admin.post(`/api/scans/${scan.id}/close`);

    const lists: string[][] = [];
    const views: Group[][] = [];
    for (let i = 0; i < 4; i++) {
      const groups = (await org.admin.get(`/api/scans/${scan.id}/results`)).body.groups as Group[];
      views.push(groups);
      for (const g of groups) {
        for (const c of g.comments) expect(typeof c).toBe('string');
        if (g.comments.length) lists.push(g.comments);
      }
    }
    const byName = Object.fromEntries(views[0].map((g) => [g.name, g]));
    // East is shown (five respondents) but its two comments are not.
    expect(byName['East']).toMatchObject({ visible: true, responses: 5, comments: [] });
    // East's two comments cannot be had as what is left of Wards' list after North's and South's.
    const wards = byName['Wards'];
    if (wards.comments.length)
      expect(byName['North'].comments.length > 0 && byName['South'].comments.length > 0).toBe(false);
    // East's two comments appear only mixed into larger lists.
    for (const groups of views) expect(groups.find((g) => g.name === 'East')?.comments).toEqual([]);

    // No list is a contiguous copy of another (a team's list inside its department's, or the same list again).
    const contiguousIn = (needle: string[], hay: string[]) => {
      for (let start = 0; start + needle.length <= hay.length; start++)
        if (needle.every((c, j) => hay[start + j] === c)) return true;
      return false;
    };
    expect(lists.length).toBeGreaterThan(4);
    for (const [i, a] of lists.entries()) {
      for (const [j, b] of lists.entries())
        if (i !== j && a.length >= 3)
          expect(contiguousIn(a, b), `${a.join('|')} in ${b.join('|')}`).toBe(false);
    }
  });

  it('stores nothing a database reader can join to a person: no shared transaction id, no physical order, no readable pending sheet', async () => {
    const org = await scanOrganisation(api.url, database.ownerUrl, 'Reading the database', care());
    const everyone = [...org.people.values()].flat();
    let scan = { id: '' };
    const answer = async () => {
      // Every person answers a sheet of their own, so a linked answer would be recognisable.
      for (const [i, p] of everyone.entries()) {
        const res = await p.client.post(`/api/scans/${scan.id}/responses`, {
          answers: sheet((_, s) => ((i + s) % 5) + 1),
          comment: `Remark number ${i + 1} by someone`,
        });
        expect(res.status).toBe(204);
      }
    };
    const q = <T = Record<string, unknown>>(sql: string) =>
      asOwner<T>(database.ownerUrl, sql.replaceAll(':scan', `'${scan.id}'`));

    // First with a threshold of 20: every sheet stays pending until the close, so the buffer itself is attacked.
    expect((await org.admin.put('/api/scan-settings', { minResponses: 20 })).status).toBe(200);
    scan = (await org.admin.post('/api/scans', { title: 'Everything pending', closesAt: inAnHour() })).body;
    await answer();
    expect(await q(`SELECT count(*)::int AS n FROM scan_sheet_buffer WHERE scan_id = :scan`)).toEqual([
      { n: 15 },
    ]);
    expect(await attack()).toEqual({ linked: 0, complete: 0, readableRows: 0 });
    await org.admin.post(`/api/scans/${scan.id}/close`);
    expect(await attack()).toEqual({ linked: 0, complete: 0, readableRows: 0 });
    expect(await q(`SELECT count(*)::int AS n FROM scan_sheet_buffer WHERE scan_id = :scan`)).toEqual([
      { n: 0 },
    ]);

    // Then with the default of 5: the worker folds batches while the scan is open.
    expect((await org.admin.put('/api/scan-settings', { minResponses: 5 })).status).toBe(200);
    scan = (await org.admin.post('/api/scans', { title: 'Database reader', closesAt: inAnHour() })).body;
    await answer();
    // The worker folds pending sheets in batches of at least the threshold; fewer than that stay pending.
    await until(
      async () =>
        (await q<{ n: number }>(`SELECT count(*)::int AS n FROM scan_sheet_buffer WHERE scan_id = :scan`))[0]
          .n < 5,
      30_000,
    );
    expect(
      (await q<{ n: number }>(`SELECT count(*)::int AS n FROM scan_cell WHERE scan_id = :scan`))[0].n,
    ).toBeGreaterThan(0);

    async function attack() {
      const answerTables = (
        await q<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'scan%' AND table_name NOT IN ('scan_participation', 'scan', 'scan_settings', 'scan_instrument', 'scan_department')`,
        )
      ).map((t) => t.table_name);
      expect(answerTables).toEqual(
        expect.arrayContaining(['scan_cell', 'scan_sheet_buffer', 'scan_tally', 'scan_unit']),
      );
      let linked = 0;
      let readableRows = 0;
      const sheetsByPerson = new Map<string, Set<string>>();
      for (const table of answerTables) {
        // The transaction-id join: rows written by the same transaction as a person's participation.
        const byXmin = await q<{ membership_id: string; row: string }>(
          `SELECT p.membership_id, row_to_json(a)::text AS row FROM scan_participation p JOIN ${table} a ON a.xmin = p.xmin WHERE p.scan_id = :scan AND p.answered`,
        );
        // The physical-order join: the n-th answered participation row against the n-th row of the table.
        const byOrder = await q<{ membership_id: string; row: string }>(
          `WITH p AS (SELECT membership_id, row_number() OVER (ORDER BY ctid) AS n FROM scan_participation WHERE scan_id = :scan AND answered),
                a AS (SELECT row_to_json(t)::text AS row, row_number() OVER (ORDER BY ctid) AS n FROM ${table} t)
           SELECT p.membership_id, a.row FROM p JOIN a USING (n)`,
        );
        for (const { membership_id, row } of [...byXmin, ...byOrder]) {
          // A row links an answer if it shows a statement's value or a comment; counts per statement are linked when the
          // row came from that person's own transaction.
          const fromOwnTransaction = byXmin.some((x) => x.row === row && x.membership_id === membership_id);
          const readable =
            /"statement_id"|Remark number|"value"/.test(row) ||
            INSTRUMENT_V1.statements.some((s) => row.includes(`"${s.id}"`));
          if (readable && fromOwnTransaction) {
            linked += Number(/"count":(\d+)/.exec(row)?.[1] ?? 1);
            const seen = sheetsByPerson.get(membership_id) ?? new Set<string>();
            const statement = /"statement_id":"([^"]+)"/.exec(row)?.[1];
            if (statement) seen.add(statement);
            sheetsByPerson.set(membership_id, seen);
          }
          if (readable) readableRows++;
        }
      }
      const complete = [...sheetsByPerson.values()].filter(
        (s) => s.size === INSTRUMENT_V1.statements.length,
      ).length;
      return { linked, complete, readableRows };
    }

    expect(await attack()).toEqual({ linked: 0, complete: 0, readableRows: 0 });
    await org.admin.post(`/api/scans/${scan.id}/close`);
    expect(await attack()).toEqual({ linked: 0, complete: 0, readableRows: 0 });
    expect(await q(`SELECT count(*)::int AS n FROM scan_sheet_buffer WHERE scan_id = :scan`)).toEqual([
      { n: 0 },
    ]);
    // Every sheet counted: Care's fifteen, whatever batches they came in.
    const results = (await org.admin.get(`/api/scans/${scan.id}/results`)).body.groups as Group[];
    expect(results.find((g) => g.name === 'Care')).toMatchObject({ visible: true, responses: 15 });
  });

  it('does not show, next to an earlier scan, a group near the threshold that one extra respondent changed', async () => {
    const org = await scanOrganisation(api.url, database.ownerUrl, 'Across scans', {
      Ward: { department: 'Care', size: 6 },
      Desk: { department: 'Operations', size: 12 },
    });
    const ward = org.people.get('Ward') as Person[];
    const desk = org.people.get('Desk') as Person[];
    const run = async (title: string, wardAnswering: number) => {
      const scan = (await org.admin.post('/api/scans', { title, closesAt: inAnHour() })).body;
      for (const p of [...ward.slice(0, wardAnswering), ...desk])
        expect((await p.client.post(`/api/scans/${scan.id}/responses`, { answers: sheet(3) })).status).toBe(
          204,
        );
      await org.admin.post(`/api/scans/${scan.id}/close`);
      return Object.fromEntries(
        ((await org.admin.get(`/api/scans/${scan.id}/results`)).body.groups as Group[]).map((g) => [
          g.name,
          g,
        ]),
      );
    };
    const first = await run('First', 5);
    expect(first['Ward']).toMatchObject({ visible: true, responses: 5 });
    const second = await run('Second', 6);
    // Six against five: the difference would be nearly the sixth person's answers.
    expect(second['Ward'].visible).toBe(false);
    // Nor can it be had through its department, or the organisation minus the other department.
    expect(second['Care'].visible).toBe(false);
    expect(second['Across scans'].visible && second['Operations'].visible).toBe(false);
    const trend = (await org.admin.get(`/api/scans/trend?group=team:${org.teamIds.get('Ward')}`)).body;
    expect(
      trend.points.map((p: { visible: boolean; responses: number | null }) => [p.visible, p.responses]),
    ).toEqual([
      [true, 5],
      [false, null],
    ]);
  });

  it('a scan opened before trees were frozen places its people when they answer and freezes its tree at its first look', async () => {
    const org = await scanOrganisation(api.url, database.ownerUrl, 'Older scan', {
      Ward: { department: 'Care', size: 5 },
      Desk: { department: 'Office', size: 5 },
    });
    const scan = (await org.admin.post('/api/scans', { title: 'From before', closesAt: inAnHour() })).body;
    // What a scan opened before this change looks like: no frozen tree, nobody placed.
    await asOwner(database.ownerUrl, `UPDATE scan_participation SET unit_key = NULL WHERE scan_id = $1`, [
      scan.id,
    ]);
    await asOwner(database.ownerUrl, `DELETE FROM scan_group WHERE scan_id = $1`, [scan.id]);
    for (const p of [...org.people.values()].flat())
      expect((await p.client.post(`/api/scans/${scan.id}/responses`, { answers: sheet(4) })).status).toBe(
        204,
      );
    expect(
      await asOwner(
        database.ownerUrl,
        `SELECT count(*)::int AS n FROM scan_participation WHERE scan_id = $1 AND unit_key LIKE 'team:%'`,
        [scan.id],
      ),
    ).toEqual([{ n: 10 }]);
    await org.admin.post(`/api/scans/${scan.id}/close`);
    const groups = (await org.admin.get(`/api/scans/${scan.id}/results`)).body.groups as Group[];
    expect(groups.map((g) => [g.name, g.responses])).toEqual([
      ['Older scan', 10],
      ['Care', 5],
      ['Ward', 5],
      ['Office', 5],
      ['Desk', 5],
    ]);
    expect(
      await asOwner(database.ownerUrl, `SELECT count(*)::int AS n FROM scan_group WHERE scan_id = $1`, [
        scan.id,
      ]),
    ).toEqual([{ n: 5 }]);
  });

  it('loses no answer sheet when the worker is down and the queue never runs: closing folds what is pending from PostgreSQL', async () => {
    const org = await scanOrganisation(api.url, database.ownerUrl, 'Worker down', {
      Ward: { department: 'Care', size: 7 },
    });
    const scan = (await org.admin.post('/api/scans', { title: 'No worker', closesAt: inAnHour() })).body;
    await worker?.close();
    worker = null;
    const people = org.people.get('Ward') as Person[];
    for (const p of people)
      expect((await p.client.post(`/api/scans/${scan.id}/responses`, { answers: sheet(5) })).status).toBe(
        204,
      );
    expect(
      await asOwner(
        database.ownerUrl,
        `SELECT count(*)::int AS n FROM scan_sheet_buffer WHERE scan_id = $1`,
        [scan.id],
      ),
    ).toEqual([{ n: 7 }]);
    expect((await org.admin.post(`/api/scans/${scan.id}/close`)).status).toBe(200);
    const results = (await org.admin.get(`/api/scans/${scan.id}/results`)).body;
    expect(results.groups.find((g: Group) => g.name === 'Ward')).toMatchObject({
      visible: true,
      responses: 7,
    });

    // The fold job queued while the worker was down finds nothing left, so nothing counts twice.
    worker = await startWorker(config);
    const late = await scanOrganisation(api.url, database.ownerUrl, 'Worker back', {
      Ward: { department: 'Care', size: 5 },
    });
    const probe = (await late.admin.post('/api/scans', { title: 'Probe', closesAt: inAnHour() })).body;
    for (const p of late.people.get('Ward') as Person[])
      await p.client.post(`/api/scans/${probe.id}/responses`, { answers: sheet(3) });
    await until(
      async () =>
        (
          await asOwner<{ n: number }>(
            database.ownerUrl,
            `SELECT count(*)::int AS n FROM scan_sheet_buffer WHERE scan_id = $1`,
            [probe.id],
          )
        )[0].n === 0,
      30_000,
    );
    expect(
      await asOwner(database.ownerUrl, `SELECT count(*)::int AS n FROM scan_cell WHERE scan_id = $1`, [
        probe.id,
      ]),
    ).toEqual([{ n: 1 }]);
    expect(
      (await org.admin.get(`/api/scans/${scan.id}/results`)).body.groups.find((g: Group) => g.name === 'Ward')
        .responses,
    ).toBe(7);
  });
});
