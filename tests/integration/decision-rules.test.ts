import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptions, Db, TenantTransactions } from '@kaizen/api/data-access-db';
import { RollupsRepository, RollupsService } from '@kaizen/api/feature-rollups';
import type { ApiClient } from '../support/api-client';
import { signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner, organisationSnapshot } from '../support/tenants';

type Person = Awaited<ReturnType<typeof addMember>>;

/** Weekly periods from Monday 6 January 2025: 20 weeks of baseline around 10, then a change that lowers it to about 6. */
const weeks = Array.from({ length: 30 }, (_, i) =>
  new Date(Date.UTC(2025, 0, 6 + 7 * i)).toISOString().slice(0, 10),
);
const values = [
  10.2, 9.6, 10.5, 9.9, 10.1, 9.4, 10.3, 9.8, 10.6, 9.7, 10.0, 9.5, 10.4, 9.9, 10.2, 9.6, 10.1, 9.8, 10.3,
  9.7, 6.1, 5.8, 6.3, 5.9, 6.0, 6.2, 5.7, 6.1, 5.9, 6.0,
];
const csv = ['period,value', ...weeks.map((week, i) => `${week},${values[i]}`)].join('\n');

/** The approval inbox, as a list or as the `{ items }` page lists become. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const itemsOf = (body: any[] | { items: any[] }) => (Array.isArray(body) ? body : body.items);

describe('decision rules and proof: predict, approve the rule, see the signal, decide, count what the data back', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let admin: ApiClient;
  let owner: Person;
  let lead: Person;
  let organisationId: string;
  let teamId: string;
  let measureId: string;
  let dataSource: DataSource;

  const plan = (title: string) => ({
    title,
    teamId,
    problem: 'Residents fall at night',
    hypothesis: { change: 'a night round at 02:00', outcome: 'fewer falls', measure: 'falls per week' },
    metric: { name: 'Falls', unit: 'per week', baseline: 10, target: 7, direction: 'decrease' },
    plan: { start: '2025-05-26', end: '2025-08-31', checkInCadence: 'weekly' },
    request: { hours: 4, amountMinor: 0 },
  });

  /** An experiment on the falls measure, judged against the 20 baseline weeks, changed in week 21. */
  async function linkedExperiment(title: string): Promise<string> {
    const id = (await owner.client.post('/api/experiments', plan(title))).body.id;
    const linked = await owner.client.put(`/api/experiments/${id}/measure`, {
      measureId,
      baseline: { from: weeks[0], through: weeks[19] },
      changes: [{ period: weeks[20], label: 'PDSA 1: night round' }],
    });
    expect(linked.status).toBe(200);
    return id;
  }

  async function move(person: Person, id: string, transition: string, reason?: string) {
    const { version } = (await person.client.get(`/api/experiments/${id}`)).body;
    const moved = await person.client.post(`/api/experiments/${id}/transitions`, {
      transition,
      version,
      reason,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    return moved.body;
  }

  /** Approved, started, result recorded as confirmed. */
  async function runToResult(id: string): Promise<void> {
    await move(owner, id, 'propose');
    await move(lead, id, 'approve');
    await move(owner, id, 'start');
    const { version } = (await owner.client.get(`/api/experiments/${id}`)).body;
    const result = await owner.client.put(`/api/experiments/${id}/result`, {
      version,
      value: 6,
      verdict: 'confirmed',
      evidence: 'Ten weeks of falls after the change',
      actualHours: 3,
      actualSpendMinor: 0,
    });
    expect(result.status).toBe(200);
  }

  async function captureLesson(id: string, recommendation = 'adopt') {
    await move(owner, id, 'conclude');
    const { version } = (await owner.client.get(`/api/experiments/${id}`)).body;
    const lesson = await owner.client.put(`/api/experiments/${id}/lesson`, {
      version,
      insight: 'A night round prevents falls',
      recommendation,
      visibility: 'organisation',
    });
    expect(lesson.status, JSON.stringify(lesson.body)).toBe(200);
  }

  /** The second-review notifications of an experiment, each with how many e-mails wait in the outbox for it. */
  const reviewNotices = (experimentId: string) =>
    asOwner(
      database.ownerUrl,
      `SELECT n.recipient_membership_id,
              (SELECT count(*)::int FROM outbox o
                WHERE o.organisation_id = n.organisation_id AND o.channel = 'notification-email'
                  AND o.payload->>'notificationId' = n.id::text) AS mails
         FROM notification n
        WHERE n.organisation_id = $1 AND n.kind = 'decision_review_pending' AND n.subject_id = $2`,
      [organisationId, experimentId],
    );

  const rule = {
    prediction: { direction: 'decrease', size: 2, by: weeks[29] },
    rule: { withinPeriods: 8, wording: { adopt: 'Roll the night round out to every ward' } },
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    ({ client: admin } = await signUpOrganisation(api.url, 'Decision Care'));
    organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    const department = (await admin.post('/api/departments', { name: 'Care' })).body;
    teamId = (await admin.post('/api/teams', { name: 'Ward 5', departmentId: department.id })).body.id;
    owner = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    lead = await addMember(database.ownerUrl, api.url, organisationId, 'team_lead');
    await admin.post(`/api/teams/${teamId}/members`, {
      membershipId: owner.membershipId,
      position: 'member',
    });
    await admin.post(`/api/teams/${teamId}/members`, { membershipId: lead.membershipId, position: 'lead' });
    measureId = (
      await owner.client.post('/api/measures', {
        name: 'Falls per week',
        unit: 'falls',
        direction: 'lower-is-better',
        kind: 'value',
        unitType: 'team',
        teamId,
      })
    ).body.id;
    dataSource = await new DataSource(dataSourceOptions(database.url, 1)).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await api?.close();
    await database?.drop();
  });

  it('imports a CSV of points for the measure', async () => {
    const imported = await owner.client.post(`/api/measures/${measureId}/points/import`, { csv });
    expect(imported.body).toMatchObject({ imported: 30, problems: [] });
  });

  it('shows a proposal without a rule as a gap, to the team and in the approver’s inbox', async () => {
    const id = await linkedExperiment('Night round without a rule');
    expect((await owner.client.get(`/api/experiments/${id}`)).body.decisionRule).toEqual({
      state: 'missing',
      measureId,
      prediction: null,
      rule: null,
    });
    await move(owner, id, 'propose');
    const inbox = itemsOf((await lead.client.get('/api/approvals')).body);
    expect(inbox.find((a: { experiment: { id: string } }) => a.experiment.id === id)).toMatchObject({
      decisionRule: { state: 'missing', prediction: null, rule: null },
    });
    await move(lead, id, 'reject', 'No rule, no proof');
  });

  it('refuses a bad prediction or rule with a 400 naming the field, and stores nothing', async () => {
    const id = await linkedExperiment('Bad rules');
    const unlinked = (await owner.client.post('/api/experiments', plan('No measure'))).body.id;
    const before = await organisationSnapshot(database.ownerUrl, organisationId);
    const cases: Array<[unknown, string]> = [
      [{ ...rule, rule: { withinPeriods: 0 } }, 'rule.withinPeriods'],
      [{ ...rule, rule: { withinPeriods: 2.5 } }, 'rule.withinPeriods'],
      [{ ...rule, prediction: { direction: 'up' } }, 'prediction.direction'],
      [{ ...rule, rule: { withinPeriods: 4, onSignal: 'celebrate' } }, 'rule.onSignal'],
      [{ ...rule, prediction: { direction: 'decrease', size: -1 } }, 'prediction.size'],
    ];
    for (const [body, field] of cases) {
      const response = await owner.client.put(`/api/experiments/${id}/decision-rule`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const noMeasure = await owner.client.put(`/api/experiments/${unlinked}/decision-rule`, rule);
    expect(noMeasure.status).toBe(409);
    expect(await organisationSnapshot(database.ownerUrl, organisationId)).toBe(before);
  });

  /** The proof a create form states with the draft: the measure, its baseline, the prediction and the rule. */
  const proof = () => ({ measureId, baseline: { from: weeks[0], through: weeks[19] }, ...rule });

  it('creates a draft with its measure and rule in one request, or refuses a bad rule naming the field and creates nothing', async () => {
    const before = await organisationSnapshot(database.ownerUrl, organisationId);
    const cases: Array<[unknown, string]> = [
      [{ ...proof(), measureId: '0190a000-0000-7000-8000-000000000000' }, 'decisionRule.measureId'],
      [{ ...proof(), rule: { withinPeriods: 0 } }, 'decisionRule.rule.withinPeriods'],
      [{ ...proof(), prediction: { direction: 'up' } }, 'decisionRule.prediction.direction'],
      [{ ...proof(), baseline: { from: weeks[19], through: weeks[0] } }, 'decisionRule.baseline.through'],
    ];
    for (const [decisionRule, field] of cases) {
      const response = await owner.client.post('/api/experiments', {
        ...plan('Refused at once'),
        decisionRule,
      });
      expect(response.status, JSON.stringify(decisionRule)).toBe(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await organisationSnapshot(database.ownerUrl, organisationId)).toBe(before);

    const created = await owner.client.post('/api/experiments', {
      ...plan('Night round, stated at once'),
      decisionRule: proof(),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.decisionRule).toMatchObject({
      state: 'proposed',
      measureId,
      prediction: rule.prediction,
      rule: { withinPeriods: 8, onSignal: 'adopt', wording: rule.rule.wording },
    });
    const link = await owner.client.get(`/api/experiments/${created.body.id}/measure`);
    expect(link.body.link).toMatchObject({ measureId, baseline: { from: weeks[0], through: weeks[19] } });
  });

  let adopted: string;
  it('approves the rule with the time and budget and freezes it; the data then propose adopt, with the reason', async () => {
    adopted = await linkedExperiment('Night round');
    const stated = await owner.client.put(`/api/experiments/${adopted}/decision-rule`, rule);
    expect(stated.status).toBe(200);
    expect(stated.body).toMatchObject({ ruleState: 'proposed', prediction: rule.prediction });
    await move(owner, adopted, 'propose');
    const inbox = itemsOf((await lead.client.get('/api/approvals')).body);
    expect(inbox.find((a: { experiment: { id: string } }) => a.experiment.id === adopted)).toMatchObject({
      decisionRule: {
        state: 'proposed',
        measureId,
        prediction: rule.prediction,
        rule: { withinPeriods: 8, onSignal: 'adopt', onNoSignal: 'abandon', otherwise: 'adapt' },
      },
    });
    await move(lead, adopted, 'approve');
    const decision = (await owner.client.get(`/api/experiments/${adopted}/decision`)).body;
    expect(decision).toMatchObject({ ruleState: 'approved', ruleApprovedBy: lead.membershipId });
    const changed = await owner.client.put(`/api/experiments/${adopted}/decision-rule`, {
      ...rule,
      rule: { withinPeriods: 20 },
    });
    expect(changed.status).toBe(409);
    expect(changed.body.detail).toMatch(/approved/);

    await move(owner, adopted, 'start');
    const { version } = (await owner.client.get(`/api/experiments/${adopted}`)).body;
    await owner.client.put(`/api/experiments/${adopted}/result`, {
      version,
      value: 6,
      verdict: 'confirmed',
      evidence: 'Ten weeks of falls after the change',
      actualHours: 3,
      actualSpendMinor: 0,
    });
    const atResult = (await owner.client.get(`/api/experiments/${adopted}/decision`)).body;
    expect(atResult).toMatchObject({
      change: weeks[20],
      signalAfterChange: true,
      proposed: {
        decision: 'adopt',
        wording: 'Roll the night round out to every ward',
        reason: { code: 'signal', signal: { class: 'improvement', side: 'low' } },
      },
      decided: null,
    });
    expect(atResult.proposed.reason.effect).toBeGreaterThan(3.5);
  });

  it('takes the proposed decision as it is, without a second review', async () => {
    const unknown = await owner.client.put(`/api/experiments/${adopted}/decision`, { decision: 'celebrate' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toContain('decision');
    const decided = await owner.client.put(`/api/experiments/${adopted}/decision`, { decision: 'adopt' });
    expect(decided.status).toBe(200);
    expect(decided.body.decided).toMatchObject({
      decision: 'adopt',
      proposedDecision: 'adopt',
      review: { status: 'not_needed' },
    });
    expect(await reviewNotices(adopted)).toEqual([]);
    await captureLesson(adopted);
    await move(owner, adopted, 'learn');
  });

  let contradicted: string;
  it('asks a reason to decide otherwise, and the approver reviews it before the lesson counts as validated', async () => {
    contradicted = await linkedExperiment('Night round, big promise');
    // A promise of 6 fewer falls a week: the signal comes, but smaller than predicted, so the rule says adapt.
    await owner.client.put(`/api/experiments/${contradicted}/decision-rule`, {
      prediction: { direction: 'decrease', size: 6 },
      rule: { withinPeriods: 8 },
    });
    await runToResult(contradicted);
    expect((await owner.client.get(`/api/experiments/${contradicted}/decision`)).body.proposed).toMatchObject(
      {
        decision: 'adapt',
        reason: { code: 'smaller-than-predicted', predicted: 6 },
      },
    );

    const noReason = await owner.client.put(`/api/experiments/${contradicted}/decision`, {
      decision: 'adopt',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason', rule: 'required' })]);
    expect(await reviewNotices(contradicted)).toEqual([]);

    const decided = await owner.client.put(`/api/experiments/${contradicted}/decision`, {
      decision: 'adopt',
      reason: 'Four fewer falls a week is what the residents need',
    });
    expect(decided.body.decided).toMatchObject({
      decision: 'adopt',
      proposedDecision: 'adapt',
      reason: 'Four fewer falls a week is what the residents need',
      review: { status: 'pending' },
    });
    const reviews = (await lead.client.get('/api/decision-reviews')).body;
    expect(reviews.nextCursor).toBeNull();
    expect(reviews.items).toEqual([
      expect.objectContaining({
        experimentId: contradicted,
        experimentTitle: 'Night round, big promise',
        decision: 'adopt',
        proposedDecision: 'adapt',
        reason: 'Four fewer falls a week is what the residents need',
      }),
    ]);
    expect((await owner.client.get('/api/decision-reviews')).status).toBe(403);

    // The approver hears of it in-app and, per their preferences, by e-mail: both written with the decision.
    const notices = await reviewNotices(contradicted);
    expect(notices).toEqual([
      expect.objectContaining({ recipient_membership_id: lead.membershipId, mails: 1 }),
    ]);
    const inApp = (await lead.client.get('/api/notifications')).body.items;
    expect(inApp[0]).toMatchObject({
      kind: 'decision_review_pending',
      title: 'A decision departs from its rule: Night round, big promise',
      path: '/approvals',
    });
    expect(inApp[0].body.join(' ')).toMatch(/decided to adopt where the rule you approved proposes adapt/);
    expect(inApp[0].body.join(' ')).toMatch(/Four fewer falls a week is what the residents need/);
    expect((await owner.client.get('/api/notifications')).body.items).toEqual([]);

    await captureLesson(contradicted);
    const { version } = (await owner.client.get(`/api/experiments/${contradicted}`)).body;
    const tooEarly = await owner.client.post(`/api/experiments/${contradicted}/transitions`, {
      transition: 'learn',
      version,
    });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.detail).toMatch(/review/);

    const notTheirs = await owner.client.post(`/api/experiments/${contradicted}/decision/review`, {
      outcome: 'upheld',
    });
    expect(notTheirs.status).toBe(403);
    const badOutcome = await lead.client.post(`/api/experiments/${contradicted}/decision/review`, {
      outcome: 'maybe',
    });
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.errors.map((e: { field: string }) => e.field)).toContain('outcome');
    const reviewed = await lead.client.post(`/api/experiments/${contradicted}/decision/review`, {
      outcome: 'upheld',
      comment: 'Agreed: the effect is worth it',
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.decided.review).toMatchObject({
      status: 'upheld',
      comment: 'Agreed: the effect is worth it',
    });
    expect((await lead.client.get('/api/decision-reviews')).body.items).toEqual([]);
    await move(owner, contradicted, 'learn');
  });

  it('counts data-backed improvements beside self-reported ones, and the headline follows the setting', async () => {
    // Self-reported only: confirmed and adopted, with no measure to show it.
    const unmeasured = (await owner.client.post('/api/experiments', plan('Night light'))).body.id;
    await runToResult(unmeasured);
    await captureLesson(unmeasured);
    await move(owner, unmeasured, 'learn');

    const lessons = (await owner.client.get('/api/lessons')).body.items as Array<{
      experimentId: string;
      dataBacked: boolean;
    }>;
    expect(Object.fromEntries(lessons.map((l) => [l.experimentId, l.dataBacked]))).toEqual({
      [adopted]: true,
      [contradicted]: true,
      [unmeasured]: false,
    });

    const rollups = new RollupsService(new RollupsRepository(new Db()));
    await new TenantTransactions(dataSource).run({ organisationId }, () => rollups.recompute());
    const year = async () => (await admin.get('/api/rollups/organisation?period=year&count=1')).body;
    const dataBacked = await year();
    expect(dataBacked.headline).toBe('data-backed');
    expect(dataBacked.series[0].metrics).toMatchObject({
      validatedImprovements: 3,
      dataBackedImprovements: 2,
    });

    const { version } = (await admin.get('/api/organisation')).body;
    const setting = await admin.patch('/api/organisation', {
      version,
      headlineImprovements: 'self-reported',
    });
    expect(setting.body.headlineImprovements).toBe('self-reported');
    const selfReported = await year();
    expect(selfReported.headline).toBe('self-reported');
    expect(selfReported.series[0].metrics.improvementRate).toBeCloseTo(
      (dataBacked.series[0].metrics.improvementRate * 3) / 2,
      2,
    );
    const wrong = await admin.patch('/api/organisation', {
      version: version + 1,
      headlineImprovements: 'vibes',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toContain('headlineImprovements');
  });
});
