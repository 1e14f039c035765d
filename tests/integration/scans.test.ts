import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { demoEmail, seedDemoOrganisation } from '../../apps/api/src/seed/demo-organisation';
import { findLinks, startSmtpCatcher, type SmtpCatcher } from '../../tools/smtp-catcher.mjs';
import { ApiClient } from '../support/api-client';
import { createTestDatabase, testConfig, until, type TestDatabase } from '../support/test-environment';
import { startApi, startWorker, type RunningApi } from '../support/running-apps';
import { addMember, asOwner } from '../support/tenants';
import { scanOrganisation, sheet, type Person } from '../support/scan-organisation';

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('the learning-capability scan', () => {
  let database: TestDatabase;
  let smtp: SmtpCatcher;
  let api: RunningApi;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpCatcher();
    const config = testConfig(database.url, 'postgres', {
      SMTP_URL: smtp.url,
      APP_URL: 'https://kaizen.example',
    });
    api = await startApi(config);
    worker = await startWorker(config);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await smtp?.stop();
    await database?.drop();
  });

  const organisation = (name: string, teams: Record<string, { department: string; size: number }>) =>
    scanOrganisation(api.url, database.ownerUrl, name, teams);

  const mailsTo = (email: string, subject: RegExp) =>
    smtp.messages().filter((m) => m.to.includes(email) && subject.test(m.subject));

  it('invites by mail, takes each answer once and anonymously, reminds at most twice, and hides small groups and what would give them away', async () => {
    const org = await organisation('Scanning', {
      'Ward A': { department: 'Care', size: 6 },
      'Ward B': { department: 'Care', size: 2 },
      Desk: { department: 'Operations', size: 5 },
    });
    const everyone = [...org.people.values()].flat();

    const opened = await org.admin.post('/api/scans', {
      title: 'Learning culture 2026',
      closesAt: inAnHour(),
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      state: 'open',
      scope: 'organisation',
      invited: 14,
      responded: 0,
      instrumentVersion: 1,
      myParticipation: 'invited',
    });
    expect(opened.body.statements).toHaveLength(33);
    const scanId = opened.body.id as string;

    // Invitations: one mail each, through the queue and the real worker, linking to the scan.
    await until(
      async () =>
        everyone.every((p) => mailsTo(p.email, /Take part in "Learning culture 2026"/).length === 1) &&
        mailsTo(org.adminEmail, /Take part/).length === 1,
      20_000,
    );
    const invitation = mailsTo(everyone[0].email, /Take part/)[0];
    expect(findLinks(invitation.text)).toContain(`https://kaizen.example/scan/${scanId}`);
    expect(invitation.text).toMatch(/anonymous/);

    // Bad answer sheets get 400 naming each field and rule, and change nothing.
    const member = everyone[0];
    const { sv1: _, ...incomplete } = sheet(4);
    const bad = await member.client.post(`/api/scans/${scanId}/responses`, {
      answers: { ...incomplete, mm1: 6, extra: 3 },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ field: 'answers.sv1', rule: 'required' }),
      expect.objectContaining({ field: 'answers.mm1', rule: 'scale' }),
      expect.objectContaining({ field: 'answers.extra', rule: 'unknown' }),
    ]);
    expect(
      (await member.client.post(`/api/scans/${scanId}/responses`, { answers: 'all fours' })).body.errors,
    ).toEqual([expect.objectContaining({ field: 'answers', rule: 'isObject' })]);
    expect(await asOwner(database.ownerUrl, 'SELECT count(*)::int AS n FROM scan_sheet_buffer')).toEqual([
      { n: 0 },
    ]);
    expect(
      await asOwner(database.ownerUrl, 'SELECT count(*)::int AS n FROM scan_participation WHERE answered'),
    ).toEqual([{ n: 0 }]);

    // Everyone in the teams answers; Ward B also leaves a comment.
    const wardA = org.people.get('Ward A') as Person[];
    const wardB = org.people.get('Ward B') as Person[];
    const desk = org.people.get('Desk') as Person[];
    for (const p of wardA)
      expect(
        (
          await p.client.post(`/api/scans/${scanId}/responses`, {
            answers: sheet(4),
            comment: 'We learn a lot at handovers',
          })
        ).status,
      ).toBe(204);
    for (const p of wardB)
      expect(
        (
          await p.client.post(`/api/scans/${scanId}/responses`, {
            answers: sheet(1),
            comment: 'Ward B feels unheard',
          })
        ).status,
      ).toBe(204);
    for (const p of desk)
      expect(
        (
          await p.client.post(`/api/scans/${scanId}/responses`, {
            answers: sheet((id) => (id.startsWith('bt') ? 5 : 3)),
          })
        ).status,
      ).toBe(204);

    // Once only; not invited means no answer.
    const again = await wardA[0].client.post(`/api/scans/${scanId}/responses`, { answers: sheet(5) });
    expect(again.status).toBe(409);
    const latecomer = await addMember(database.ownerUrl, api.url, org.organisationId, 'member');
    expect(
      (await latecomer.client.post(`/api/scans/${scanId}/responses`, { answers: sheet(5) })).status,
    ).toBe(403);
    expect((await latecomer.client.get(`/api/scans/${scanId}`)).body.myParticipation).toBe('not_invited');
    expect((await wardA[0].client.get(`/api/scans/${scanId}`)).body.myParticipation).toBe('answered');

    // What is stored cannot be joined back to a person: no person, no time; pending sheets are sealed (see scan-anonymity.test.ts).
    const columns = await asOwner<{ table_name: string; columns: string }>(
      database.ownerUrl,
      `SELECT table_name, string_agg(column_name, ',' ORDER BY ordinal_position) AS columns FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name IN ('scan_unit', 'scan_tally', 'scan_participation', 'scan_sheet_buffer', 'scan_cell') GROUP BY table_name ORDER BY table_name`,
    );
    expect(columns).toEqual([
      { table_name: 'scan_cell', columns: 'organisation_id,scan_id,key,sealed' },
      {
        table_name: 'scan_participation',
        columns: 'organisation_id,scan_id,membership_id,answered,reminders_sent,unit_key',
      },
      { table_name: 'scan_sheet_buffer', columns: 'organisation_id,scan_id,id,sealed' },
      {
        table_name: 'scan_tally',
        columns: 'organisation_id,scan_id,unit_kind,unit_id,statement_id,value,count',
      },
      { table_name: 'scan_unit', columns: 'organisation_id,scan_id,unit_kind,unit_id,responses,comments' },
    ]);

    // Results wait for the close: otherwise two looks would differ by exactly one person.
    expect((await org.admin.get(`/api/scans/${scanId}/results`)).status).toBe(409);

    // Reminders: only to who has not answered (the admin), at most twice.
    expect((await org.admin.post(`/api/scans/${scanId}/reminders`)).body).toEqual({ round: 1 });
    await until(async () => mailsTo(org.adminEmail, /^Reminder:/).length === 1, 15_000);
    await until(async () => (await org.admin.get(`/api/scans/${scanId}`)).body.reminderRounds === 1);
    expect((await org.admin.post(`/api/scans/${scanId}/reminders`)).body).toEqual({ round: 2 });
    await until(async () => mailsTo(org.adminEmail, /^Reminder:/).length === 2, 15_000);
    await until(async () => (await org.admin.get(`/api/scans/${scanId}`)).body.reminderRounds === 2);
    const third = await org.admin.post(`/api/scans/${scanId}/reminders`);
    expect(third.status).toBe(409);
    expect(everyone.flatMap((p) => mailsTo(p.email, /^Reminder:/))).toEqual([]);
    expect(
      await asOwner(
        database.ownerUrl,
        `SELECT reminders_sent, count(*)::int AS n FROM scan_participation GROUP BY reminders_sent ORDER BY 1`,
      ),
    ).toEqual([
      { reminders_sent: 0, n: 13 },
      { reminders_sent: 2, n: 1 },
    ]);

    expect((await org.admin.post(`/api/scans/${scanId}/close`)).body.state).toBe('closed');
    expect((await wardA[1].client.post(`/api/scans/${scanId}/responses`, { answers: sheet(5) })).status).toBe(
      409,
    );
    // Closing folded every pending sheet into its team's sealed cell.
    expect(
      await asOwner(
        database.ownerUrl,
        `SELECT count(*)::int AS n FROM scan_sheet_buffer WHERE scan_id = $1`,
        [scanId],
      ),
    ).toEqual([{ n: 0 }]);
    expect(
      await asOwner(
        database.ownerUrl,
        `SELECT split_part(key, ':', 1) AS kind, count(*)::int AS n FROM scan_cell WHERE scan_id = $1 GROUP BY 1`,
        [scanId],
      ),
    ).toEqual([{ kind: 'team', n: 3 }]);

    const results = await org.admin.get(`/api/scans/${scanId}/results`);
    expect(results.status).toBe(200);
    expect(results.body.threshold).toBe(5);
    const byName = Object.fromEntries(
      (results.body.groups as Array<{ name: string }>).map((g) => [g.name, g]),
    ) as unknown as Record<
      string,
      Record<string, unknown> & { scores: Array<{ dimension: string; mean: number }>; comments: string[] }
    >;
    const summary = Object.fromEntries(
      Object.entries(byName).map(([name, g]) => [name, { responses: g.responses, suppressed: g.suppressed }]),
    );
    expect(summary).toEqual({
      Scanning: { responses: 13, suppressed: null },
      Care: { responses: 8, suppressed: null },
      'Ward A': { responses: null, suppressed: 'complementary' }, // Care - Ward A would give Ward B
      'Ward B': { responses: null, suppressed: 'below_threshold' },
      Operations: { responses: 5, suppressed: null },
      Desk: { responses: 5, suppressed: null },
    });
    // Hidden groups show nothing at all.
    for (const hidden of ['Ward A', 'Ward B'])
      expect(byName[hidden]).toMatchObject({ visible: false, scores: [], comments: [] });
    // Care is the mean of six fours and two ones: (6*4 + 2*1) / 8 = 3.25, and no visible group gives Ward B's 1 away.
    expect(byName['Care'].scores.find((s) => s.dimension === 'team_learning')?.mean).toBe(3.25);
    expect(byName['Desk'].scores.find((s) => s.dimension === 'building_trust')).toMatchObject({
      mean: 5,
      agreeShare: 1,
      framework: 'bersin',
    });
    expect(byName['Desk'].scores.find((s) => s.dimension === 'systems_thinking')).toMatchObject({
      mean: 3,
      framework: 'senge',
    });
    expect(byName['Desk'].scores).toHaveLength(11);
    // Free text only for groups at or above the threshold; Care has eight people behind it.
    expect([...byName['Care'].comments].sort()).toEqual(
      [...Array(6).fill('We learn a lot at handovers'), ...Array(2).fill('Ward B feels unheard')].sort(),
    );
    expect(byName['Desk'].comments).toEqual([]);
    // A member may answer, but not see results.
    expect((await wardA[0].client.get(`/api/scans/${scanId}/results`)).status).toBe(403);
  });

  it('reminds automatically halfway and at 85 % of the window, skips a round already sent by hand, and never a third time', async () => {
    const org = await organisation('Reminding', { Ward: { department: 'Care', size: 2 } });
    const [answerer, waiter] = org.people.get('Ward') as Person[];
    const closesAt = new Date(Date.now() + 9_000).toISOString();
    const scan = (await org.admin.post('/api/scans', { title: 'Short window', closesAt })).body;
    expect(
      (await answerer.client.post(`/api/scans/${scan.id}/responses`, { answers: sheet(4) })).status,
    ).toBe(204);
    // Round 1 by hand now; the automatic round 1 (at 4.5 s) then finds it done, and round 2 follows at about 7.7 s.
    expect((await org.admin.post(`/api/scans/${scan.id}/reminders`)).body).toEqual({ round: 1 });
    await until(async () => mailsTo(waiter.email, /^Reminder:/).length === 1, 5_000);
    await until(async () => mailsTo(waiter.email, /^Reminder:/).length === 2, 15_000);
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, Date.parse(closesAt) - Date.now()) + 1_500),
    );
    expect(mailsTo(waiter.email, /^Reminder:/)).toHaveLength(2);
    expect(mailsTo(org.adminEmail, /^Reminder:/)).toHaveLength(2);
    expect(mailsTo(answerer.email, /^Reminder:/)).toEqual([]);
    expect(mailsTo(waiter.email, /Take part/)).toHaveLength(1);
    expect((await org.admin.post(`/api/scans/${scan.id}/reminders`)).status).toBe(409);
    expect(
      await asOwner(database.ownerUrl, `SELECT reminder_rounds FROM scan WHERE id = $1`, [scan.id]),
    ).toEqual([{ reminder_rounds: 2 }]);
  });

  it('takes the threshold each organisation sets, never below 3, and a raised one protects earlier scans too', async () => {
    const org = await organisation('Thresholds', {
      X: { department: 'Left', size: 3 },
      Y: { department: 'Right', size: 3 },
    });
    const floor = await org.admin.put('/api/scan-settings', { minResponses: 2 });
    expect(floor.status).toBe(400);
    expect(floor.body.errors).toEqual([expect.objectContaining({ field: 'minResponses', rule: 'min' })]);
    expect((await org.admin.get('/api/scan-settings')).body).toEqual({ minResponses: 5, floor: 3 });
    expect((await org.admin.put('/api/scan-settings', { minResponses: 3 })).body).toEqual({
      minResponses: 3,
      floor: 3,
    });

    const scan = (await org.admin.post('/api/scans', { title: 'Small groups', closesAt: inAnHour() })).body;
    for (const p of [...org.people.values()].flat())
      expect((await p.client.post(`/api/scans/${scan.id}/responses`, { answers: sheet(3) })).status).toBe(
        204,
      );
    await org.admin.post(`/api/scans/${scan.id}/close`);
    const at3 = (await org.admin.get(`/api/scans/${scan.id}/results`)).body;
    expect(at3.threshold).toBe(3);
    expect(at3.groups.map((g: { name: string; responses: number | null }) => [g.name, g.responses])).toEqual([
      ['Thresholds', 6],
      ['Left', 3],
      ['X', 3],
      ['Right', 3],
      ['Y', 3],
    ]);

    await org.admin.put('/api/scan-settings', { minResponses: 4 });
    const at4 = (await org.admin.get(`/api/scans/${scan.id}/results`)).body;
    expect(at4.threshold).toBe(4);
    expect(
      at4.groups.map((g: { name: string; suppressed: string | null }) => [g.name, g.suppressed]),
    ).toEqual([
      ['Thresholds', null],
      ['Left', 'below_threshold'],
      ['X', 'below_threshold'],
      ['Right', 'below_threshold'],
      ['Y', 'below_threshold'],
    ]);
    // Lowering it again does not expose a scan opened at a higher one.
    await org.admin.put('/api/scan-settings', { minResponses: 7 });
    const strict = (await org.admin.post('/api/scans', { title: 'Strict', closesAt: inAnHour() })).body;
    await org.admin.put('/api/scan-settings', { minResponses: 3 });
    for (const p of org.people.get('X') as Person[])
      await p.client.post(`/api/scans/${strict.id}/responses`, { answers: sheet(3) });
    await org.admin.post(`/api/scans/${strict.id}/close`);
    const strictResults = (await org.admin.get(`/api/scans/${strict.id}/results`)).body;
    expect(strictResults.threshold).toBe(7);
    expect(strictResults.groups.every((g: { visible: boolean }) => !g.visible)).toBe(true);
  });

  it('versions the instrument: a statement added later is part of new scans only, and trends span scans', async () => {
    const org = await organisation('Versions', { Team: { department: 'Dept', size: 5 } });
    const first = (await org.admin.post('/api/scans', { title: 'Before', closesAt: inAnHour() })).body;

    const badStatement = await org.admin.post('/api/scan-instrument/statements', {
      dimension: 'courage',
      en: 'x',
      nl: 'y',
    });
    expect(
      badStatement.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`).sort(),
    ).toEqual(['dimension:isIn', 'en:isLength', 'nl:isLength']);
    const added = await org.admin.post('/api/scan-instrument/statements', {
      dimension: 'building_trust',
      en: 'We treat a refuted hypothesis as a result.',
      nl: 'Een weerlegde hypothese zien we als een resultaat.',
    });
    expect(added.status).toBe(201);
    expect(added.body.version).toBe(2);
    const custom = added.body.statements.at(-1);
    expect(custom).toMatchObject({ custom: true, dimension: 'building_trust' });
    const member = (org.people.get('Team') as Person[])[0];
    const refused = await member.client.post('/api/scan-instrument/statements', {
      dimension: 'building_trust',
      en: 'A member cannot add this.',
      nl: 'Een lid kan dit niet toevoegen.',
    });
    expect(refused.status).toBe(403);

    // The open scan keeps version 1: the new statement is unknown to it.
    const team = org.people.get('Team') as Person[];
    expect((await team[0].client.get(`/api/scans/${first.id}`)).body.statements).toHaveLength(33);
    const withNew = await team[0].client.post(`/api/scans/${first.id}/responses`, {
      answers: { ...sheet(2), [custom.id]: 5 },
    });
    expect(withNew.body.errors).toEqual([
      expect.objectContaining({ field: `answers.${custom.id}`, rule: 'unknown' }),
    ]);
    for (const p of team)
      expect((await p.client.post(`/api/scans/${first.id}/responses`, { answers: sheet(2) })).status).toBe(
        204,
      );
    await org.admin.post(`/api/scans/${first.id}/close`);

    const second = (await org.admin.post('/api/scans', { title: 'After', closesAt: inAnHour() })).body;
    expect(second.instrumentVersion).toBe(2);
    expect(second.statements).toHaveLength(34);
    for (const p of team)
      expect(
        (
          await p.client.post(`/api/scans/${second.id}/responses`, {
            answers: { ...sheet(4), [custom.id]: 5 },
          })
        ).status,
      ).toBe(204);
    await org.admin.post(`/api/scans/${second.id}/close`);

    // The first scan's results are still computed against version 1.
    const before = (await org.admin.get(`/api/scans/${first.id}/results`)).body.groups[0];
    expect(before.scores.find((s: { dimension: string }) => s.dimension === 'building_trust').mean).toBe(2);
    const after = (await org.admin.get(`/api/scans/${second.id}/results`)).body.groups[0];
    expect(after.scores.find((s: { dimension: string }) => s.dimension === 'building_trust').mean).toBe(4.25); // (3 × 4 + 5) / 4 per person

    const trend = (await org.admin.get(`/api/scans/trend?group=team:${org.teamIds.get('Team')}`)).body;
    expect(trend.points.map((p: { title: string; responses: number }) => [p.title, p.responses])).toEqual([
      ['Before', 5],
      ['After', 5],
    ]);
    expect((await org.admin.get('/api/scans/trend')).body.points).toHaveLength(2);
    expect((await org.admin.get('/api/scans/trend?group=nonsense')).body.errors).toEqual([
      expect.objectContaining({ field: 'group', rule: 'format' }),
    ]);
  });

  it('refuses a scan that ends before it starts, names unknown departments, and covers only the chosen departments', async () => {
    const org = await organisation('Scoped', {
      North: { department: 'Care', size: 2 },
      Desk: { department: 'Operations', size: 3 },
    });
    const past = await org.admin.post('/api/scans', { title: 'Too late', closesAt: '2020-01-01T00:00:00Z' });
    expect(past.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'closesAt', rule: 'future' })]),
    );
    const unknown = await org.admin.post('/api/scans', {
      title: 'Nowhere',
      closesAt: inAnHour(),
      departmentIds: ['01a20000-0000-7000-8000-000000000000'],
    });
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ field: 'departmentIds', rule: 'exists' }),
    ]);
    expect(
      await asOwner(database.ownerUrl, `SELECT count(*)::int AS n FROM scan WHERE organisation_id = $1`, [
        org.organisationId,
      ]),
    ).toEqual([{ n: 0 }]);

    const scoped = await org.admin.post('/api/scans', {
      title: 'Operations only',
      closesAt: inAnHour(),
      departmentIds: [org.departments.get('Operations')],
    });
    expect(scoped.body).toMatchObject({ scope: 'departments', invited: 3 });
    const northMember = (org.people.get('North') as Person[])[0];
    expect(
      (await northMember.client.post(`/api/scans/${scoped.body.id}/responses`, { answers: sheet(3) })).status,
    ).toBe(403);
  });

  it('gives the demo organisation two past scans, so results and trends have something to show', async () => {
    await seedDemoOrganisation(database.ownerUrl, 'demo password 123');
    const admin = new ApiClient(api.url);
    expect(
      (await admin.post('/api/auth/sign-in', { email: demoEmail('admin'), password: 'demo password 123' }))
        .status,
    ).toBe(200);
    const scans = (await admin.get('/api/scans')).body.items as Array<{
      id: string;
      title: string;
      state: string;
      responded: number;
      invited: number;
    }>;
    expect(scans.map((s) => [s.title, s.state, s.invited])).toEqual([
      ['Vervolgmeting leercultuur', 'closed', 22],
      ['Nulmeting leercultuur', 'closed', 22],
    ]);
    const trend = (await admin.get('/api/scans/trend')).body;
    expect(
      trend.points.map((p: { visible: boolean; responses: number }) => [p.visible, p.responses]),
    ).toEqual([
      [true, 19],
      [true, 20],
    ]);
    const mean = (point: { scores: Array<{ dimension: string; mean: number }> }, d: string) =>
      point.scores.find((s) => s.dimension === d)?.mean ?? 0;
    expect(mean(trend.points[1], 'sharing_knowledge')).toBeGreaterThan(
      mean(trend.points[0], 'sharing_knowledge'),
    );
    const results = (await admin.get(`/api/scans/${scans[0].id}/results`)).body;
    const hidden = results.groups.filter((g: { visible: boolean }) => !g.visible);
    expect(hidden.length).toBeGreaterThan(0);
    expect(
      results.groups.filter((g: { kind: string; visible: boolean }) => g.kind === 'department' && g.visible)
        .length,
    ).toBeGreaterThan(0);
  });
});
