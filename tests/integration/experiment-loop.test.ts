import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client';
import { signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner } from '../support/tenants';

interface Person {
  client: ApiClient;
  membershipId: string;
}

/** A complete, proposable plan; the numbers stay under the organisation's thresholds unless overridden. */
function plan(teamId: string, overrides: Record<string, unknown> = {}) {
  return {
    title: 'Structured handover on the night shift',
    teamId,
    problem: 'Medication errors cluster around the night-shift handover.',
    hypothesis: {
      change: 'a five-minute structured handover at shift change',
      outcome: 'fewer medication errors at night',
      measure: 'incidents per 1,000 administrations drop below 2',
    },
    metric: {
      name: 'Medication incidents',
      unit: 'per 1,000 administrations',
      baseline: 3.4,
      target: 2,
      direction: 'decrease',
    },
    plan: { start: '2026-12-01', end: '2027-02-28', checkInCadence: 'weekly' },
    request: { hours: 10, amountMinor: 10_000 },
    disciplines: ['team_learning'],
    tags: ['handover', 'night shift'],
    ...overrides,
  };
}

describe('the experiment loop, walked by each role', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let admin: ApiClient;
  let owner: Person;
  let lead: Person;
  let head: Person;
  let otherTeamMember: Person;
  let teamA: string;
  let teamB: string;
  let careId: string;
  let northId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    ({ client: admin } = await signUpOrganisation(api.url, 'Loop Care'));
    const organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    const care = (await admin.post('/api/departments', { name: 'Care' })).body;
    const north = (await admin.post('/api/departments', { name: 'North', parentId: care.id })).body;
    teamA = (await admin.post('/api/teams', { name: 'North nights', departmentId: north.id })).body.id;
    teamB = (await admin.post('/api/teams', { name: 'Rehab', departmentId: care.id })).body.id;
    careId = care.id;
    northId = north.id;
    owner = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    lead = await addMember(database.ownerUrl, api.url, organisationId, 'team_lead');
    head = await addMember(database.ownerUrl, api.url, organisationId, 'department_head');
    otherTeamMember = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    await admin.post(`/api/teams/${teamA}/members`, { membershipId: owner.membershipId, position: 'member' });
    await admin.post(`/api/teams/${teamA}/members`, { membershipId: lead.membershipId, position: 'lead' });
    await admin.post(`/api/teams/${teamB}/members`, {
      membershipId: otherTeamMember.membershipId,
      position: 'member',
    });
    await admin.post(`/api/departments/${care.id}/heads`, { membershipId: head.membershipId });
    await admin.post('/api/budget-envelopes', {
      teamId: teamA,
      quarter: '2026-Q4',
      hoursBudget: 100,
      amountBudgetMinor: 100_000,
    });
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('goes from hypothesis through approval, check-ins and result to a lesson another team adopts', async () => {
    const created = await owner.client.post('/api/experiments', plan(teamA));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', availableTransitions: ['propose'] });
    const id = created.body.id;
    let version = created.body.version;

    const proposed = await owner.client.post(`/api/experiments/${id}/transitions`, {
      transition: 'propose',
      version,
    });
    expect(proposed.body).toMatchObject({ status: 'proposed', availableTransitions: [] });
    expect(proposed.body.approvals).toEqual([
      expect.objectContaining({ level: 'team_lead', requestedHours: 10, decision: null }),
    ]);
    version = proposed.body.version;

    const inbox = (await lead.client.get('/api/approvals')).body.items;
    expect(inbox).toEqual([
      expect.objectContaining({
        level: 'team_lead',
        experiment: expect.objectContaining({ id }),
        envelope: expect.objectContaining({
          quarter: '2026-Q4',
          hoursRemaining: 100,
          amountRemainingMinor: 100_000,
        }),
      }),
    ]);
    const ownApproval = await owner.client.post(`/api/experiments/${id}/transitions`, {
      transition: 'approve',
      version,
      reason: 'mine',
    });
    expect(ownApproval.status).toBe(403);
    const noReason = await lead.client.post(`/api/experiments/${id}/transitions`, {
      transition: 'reject',
      version,
    });
    expect(noReason.body.errors).toEqual([
      { field: 'reason', rule: 'required', message: 'reason is required to reject' },
    ]);

    const approved = await lead.client.post(`/api/experiments/${id}/transitions`, {
      transition: 'approve',
      version,
      reason: 'Worth the time',
    });
    expect(approved.body).toMatchObject({ status: 'approved', approved: { hours: 10, amountMinor: 10_000 } });
    expect(approved.body.approvals[0]).toMatchObject({
      decision: 'approved',
      comment: 'Worth the time',
      decidedAt: expect.any(String),
    });
    version = approved.body.version;

    const replan = await owner.client.patch(`/api/experiments/${id}`, {
      version,
      request: { hours: 99, amountMinor: 0 },
    });
    expect(replan.status).toBe(409);
    const concludeEarly = await owner.client.post(`/api/experiments/${id}/transitions`, {
      transition: 'conclude',
      version,
    });
    expect(concludeEarly.status).toBe(409);
    expect(concludeEarly.body).toMatchObject({ allowedTransitions: ['start'] });
    expect(concludeEarly.body.detail).toMatch(/from approved you may: start/);

    version = (
      await owner.client.post(`/api/experiments/${id}/transitions`, { transition: 'start', version })
    ).body.version;
    const checkIns = await owner.client.post(`/api/experiments/${id}/check-ins`, {
      progress: 'Handovers take six minutes',
      confidence: 4,
      blockers: 'Agency staff',
    });
    expect(checkIns.status).toBe(201);
    expect(checkIns.body).toEqual(expect.objectContaining({ confidence: 4, blockers: 'Agency staff' }));
    expect((await owner.client.get(checkIns.headers.get('location') as string)).body).toEqual(checkIns.body);
    const noResultYet = await owner.client.post(`/api/experiments/${id}/transitions`, {
      transition: 'conclude',
      version,
    });
    expect(noResultYet.body.detail).toBe('Record the result before concluding');

    const result = await owner.client.put(`/api/experiments/${id}/result`, {
      version,
      value: 3.3,
      verdict: 'refuted',
      evidence: 'Twelve weeks of incident reports',
      actualHours: 8.5,
      actualSpendMinor: 4_000,
    });
    expect(result.body.result).toEqual({
      value: 3.3,
      verdict: 'refuted',
      evidence: 'Twelve weeks of incident reports',
      actualHours: 8.5,
      actualSpendMinor: 4_000,
    });
    version = (
      await owner.client.post(`/api/experiments/${id}/transitions`, {
        transition: 'conclude',
        version: result.body.version,
      })
    ).body.version;

    const lesson = await owner.client.put(`/api/experiments/${id}/lesson`, {
      version,
      insight: 'Overdrachten misgaan door de volgorde, niet door de tijd die ze kosten.',
      recommendation: 'adapt',
      assumptionBefore: 'Errors come from rushed handovers',
      assumptionAfter: 'Errors come from handovers without a fixed order',
      disciplines: ['mental_models'],
      tags: ['handover'],
      visibility: 'organisation',
    });
    expect(lesson.body.lessonId).toEqual(expect.any(String));
    const learned = await owner.client.post(`/api/experiments/${id}/transitions`, {
      transition: 'learn',
      version: lesson.body.version,
    });
    const closed = await lead.client.post(`/api/experiments/${id}/transitions`, {
      transition: 'close',
      version: learned.body.version,
    });
    expect(closed.body.status).toBe('closed');

    const timeline = (await owner.client.get(`/api/experiments/${id}/timeline`)).body.items as Array<{
      type: string;
      transition: string | null;
      actorName: string;
    }>;
    expect(timeline.map((e) => e.transition ?? e.type)).toEqual([
      'created',
      'propose',
      'approve',
      'start',
      'check_in',
      'result_recorded',
      'conclude',
      'lesson_captured',
      'learn',
      'close',
    ]);
    expect(timeline.find((e) => e.transition === 'approve')).toMatchObject({
      actorName: 'A team_lead',
      reason: 'Worth the time',
    });
    expect(timeline.find((e) => e.type === 'result_recorded')).toMatchObject({
      changes: { verdict: { before: null, after: 'refuted' } },
    });

    const envelope = (await lead.client.get('/api/budget-envelopes?quarter=2026-Q4')).body.items[0];
    expect(envelope).toMatchObject({
      hoursCommitted: 10,
      amountCommittedMinor: 10_000,
      hoursSpent: 8.5,
      amountSpentMinor: 4_000,
      hoursRemaining: 90,
    });

    // The lesson library finds it by Dutch and English stems; another team adopts it.
    const dutch = (await otherTeamMember.client.get('/api/lessons?q=overdracht')).body.items;
    expect(dutch.map((l: { id: string }) => l.id)).toEqual([lesson.body.lessonId]);
    const english = (await otherTeamMember.client.get('/api/lessons?q=handovers%20order')).body.items;
    expect(english.map((l: { id: string }) => l.id)).toEqual([lesson.body.lessonId]);
    expect(dutch[0]).toMatchObject({ doubleLoop: true, verdict: 'refuted', recommendation: 'adapt' });

    const adopted = await otherTeamMember.client.post(`/api/lessons/${lesson.body.lessonId}/adoptions`, {
      teamId: teamB,
    });
    expect(adopted.status).toBe(201);
    expect(adopted.body).toMatchObject({
      status: 'draft',
      teamId: teamB,
      buildsOnLessonId: lesson.body.lessonId,
    });
    const again = await otherTeamMember.client.post(`/api/lessons/${lesson.body.lessonId}/adoptions`, {
      teamId: teamB,
    });
    expect(again.status).toBe(409);
    const notTheirTeam = await otherTeamMember.client.post(`/api/lessons/${lesson.body.lessonId}/adoptions`, {
      teamId: teamA,
    });
    expect(notTheirTeam.status).toBe(409); // the lesson's own team
    const after = (await owner.client.get(`/api/lessons/${lesson.body.lessonId}`)).body;
    expect(after).toMatchObject({ adoptionCount: 1, followUpExperimentIds: [adopted.body.id] });
  });

  it('routes a proposal over the thresholds to the department head, never the team lead', async () => {
    const big = (
      await owner.client.post('/api/experiments', plan(teamA, { request: { hours: 60, amountMinor: 0 } }))
    ).body;
    const proposed = (
      await owner.client.post(`/api/experiments/${big.id}/transitions`, {
        transition: 'propose',
        version: big.version,
      })
    ).body;
    expect(proposed.approvals.at(-1)).toMatchObject({ level: 'department_head' });
    expect(
      (await lead.client.get('/api/approvals')).body.items.map(
        (a: { experiment: { id: string } }) => a.experiment.id,
      ),
    ).not.toContain(big.id);
    const byLead = await lead.client.post(`/api/experiments/${big.id}/transitions`, {
      transition: 'approve',
      version: proposed.version,
      reason: 'ok',
    });
    expect(byLead.status).toBe(403);
    expect(
      (await head.client.get('/api/approvals')).body.items.map(
        (a: { experiment: { id: string } }) => a.experiment.id,
      ),
    ).toContain(big.id);
    const byHead = await head.client.post(`/api/experiments/${big.id}/transitions`, {
      transition: 'request_changes',
      version: proposed.version,
      reason: 'Split it in two',
    });
    expect(byHead.body).toMatchObject({ status: 'changes_requested', availableTransitions: [] });
    const mine = (await owner.client.get(`/api/experiments/${big.id}`)).body;
    expect(mine.availableTransitions).toEqual(['propose']);
    const edited = await owner.client.patch(`/api/experiments/${big.id}`, {
      version: mine.version,
      request: { hours: 30, amountMinor: 0 },
    });
    expect(edited.status).toBe(200);
    const stale = await owner.client.patch(`/api/experiments/${big.id}`, {
      version: mine.version,
      title: 'Too late',
    });
    expect(stale.status).toBe(409);
  });

  it('names what a proposal still lacks', async () => {
    const thin = (await owner.client.post('/api/experiments', { title: 'An idea', teamId: teamA })).body;
    const response = await owner.client.post(`/api/experiments/${thin.id}/transitions`, {
      transition: 'propose',
      version: thin.version,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'problem',
      'hypothesis.change',
      'hypothesis.outcome',
      'hypothesis.measure',
      'metric.name',
      'metric.unit',
      'metric.baseline',
      'metric.target',
      'metric.direction',
      'plan.start',
      'plan.end',
    ]);
    expect((await owner.client.get(`/api/experiments/${thin.id}`)).body.status).toBe('draft');
  });

  it('never overspends an envelope, even with 50 approvals at once', async () => {
    const { client: boss } = await signUpOrganisation(api.url, 'Parallel');
    const department = (await boss.post('/api/departments', { name: 'Ops' })).body;
    const team = (await boss.post('/api/teams', { name: 'Ops team', departmentId: department.id })).body;
    const { organisationId } = (await boss.get('/api/auth/me')).body;
    const proposer = await addMember(database.ownerUrl, api.url, organisationId, 'member');
    await boss.post('/api/budget-envelopes', {
      teamId: team.id,
      quarter: '2026-Q4',
      hoursBudget: 40,
      amountBudgetMinor: 200_000,
    });
    const proposals: Array<{ id: string; version: number }> = [];
    for (let i = 0; i < 50; i++) {
      const draft = (
        await proposer.client.post(
          '/api/experiments',
          plan(team.id, { title: `Parallel ${i}`, request: { hours: 2, amountMinor: 1_000 } }),
        )
      ).body;
      proposals.push(
        (
          await proposer.client.post(`/api/experiments/${draft.id}/transitions`, {
            transition: 'propose',
            version: draft.version,
          })
        ).body,
      );
    }
    const decisions = await Promise.all(
      proposals.map((p) =>
        boss.post(`/api/experiments/${p.id}/transitions`, {
          transition: 'approve',
          version: p.version,
          reason: 'go',
        }),
      ),
    );
    const statuses = decisions.map((d) => d.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(30);
    // A refusal by the budget says, machine-readably, what is left and what was asked.
    for (const refused of decisions.filter((d) => d.status === 409)) {
      expect(refused.body).toMatchObject({
        requested: { hours: 2, amountMinor: 1_000 },
        remaining: { hours: 0, amountMinor: expect.any(Number) },
      });
    }
    const envelope = (await boss.get('/api/budget-envelopes')).body.items[0];
    expect(envelope).toMatchObject({ hoursCommitted: 40, hoursRemaining: 0, amountCommittedMinor: 20_000 });
    const [{ approved }] = await asOwner<{ approved: number }>(
      database.ownerUrl,
      `SELECT count(*)::int AS approved FROM experiment WHERE organisation_id = $1 AND status = 'approved'`,
      [organisationId],
    );
    expect(approved).toBe(20);
  });

  it('keeps team lessons within the team, pages with cursors, filters, and exports CSV', async () => {
    const experiment = (
      await owner.client.post('/api/experiments', plan(teamA, { title: 'Team-only lesson' }))
    ).body;
    await asOwner(database.ownerUrl, `UPDATE experiment SET status = 'stopped' WHERE id = $1`, [
      experiment.id,
    ]);
    const lesson = await owner.client.put(`/api/experiments/${experiment.id}/lesson`, {
      version: experiment.version,
      insight: 'Stopping early taught us the baseline was wrong',
      recommendation: 'abandon',
      visibility: 'team',
    });
    expect(lesson.status).toBe(200);
    expect((await otherTeamMember.client.get(`/api/lessons/${lesson.body.lessonId}`)).status).toBe(404);
    expect((await otherTeamMember.client.get('/api/lessons?recommendation=abandon')).body.items).toEqual([]);
    expect((await lead.client.get(`/api/lessons/${lesson.body.lessonId}`)).status).toBe(200);
    expect((await head.client.get(`/api/lessons/${lesson.body.lessonId}`)).status).toBe(200); // heads the department above

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = (
        await owner.client.get(`/api/experiments?limit=2&teamId=${teamA}${cursor ? `&cursor=${cursor}` : ''}`)
      ).body;
      seen.push(...page.items.map((e: { id: string }) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    const drafts = (await owner.client.get('/api/experiments?status=draft&sort=title')).body.items.map(
      (e: { title: string }) => e.title,
    );
    expect(drafts).toEqual(
      [...drafts].sort((a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' })),
    );
    expect((await owner.client.get('/api/experiments?cursor=garbage')).body.errors).toEqual([
      expect.objectContaining({ field: 'cursor' }),
    ]);

    const csv = await owner.client.get('/api/experiments/export');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.body.split('\r\n')[0]).toMatch(/^id,title,status,team/);
    expect(csv.body).toContain('Team-only lesson');
  });

  it('filters the list by any mix of status, owner and title words, each request’s values its own', async () => {
    const titles = ['Zq 100% handover', 'Zq 100x handover', 'Zq night_shift', 'Zq nightXshift'];
    const ids: Record<string, string> = {};
    for (const [index, title] of titles.entries()) {
      const author = index === 3 ? lead : owner;
      ids[title] = (await author.client.post('/api/experiments', plan(teamA, { title }))).body.id;
    }
    await asOwner(database.ownerUrl, `UPDATE experiment SET status = 'stopped' WHERE id = $1`, [
      ids['Zq night_shift'],
    ]);
    const titlesOf = async (query: string) => {
      const shown: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Array<{ title: string }>; nextCursor: string | null } = (
          await owner.client.get(
            `/api/experiments?sort=title&limit=1&${query}${cursor ? `&cursor=${cursor}` : ''}`,
          )
        ).body;
        shown.push(...page.items.map((e) => e.title));
        cursor = page.nextCursor;
      } while (cursor);
      return shown;
    };
    expect(await titlesOf('q=100%25')).toEqual(['Zq 100% handover']);
    expect(await titlesOf('q=night_')).toEqual(['Zq night_shift']);
    expect(await titlesOf(`q=Zq&ownerId=${owner.membershipId}`)).toEqual(titles.slice(0, 3));
    expect(await titlesOf(`q=Zq&ownerId=${lead.membershipId}`)).toEqual(['Zq nightXshift']);
    expect(await titlesOf('q=Zq&status=stopped')).toEqual(['Zq night_shift']);
    expect(await titlesOf('q=Zq&status=draft')).toEqual([
      'Zq 100% handover',
      'Zq 100x handover',
      'Zq nightXshift',
    ]);
    expect(
      await titlesOf(`q=Zq&status=draft&status=stopped&ownerId=${owner.membershipId}&teamId=${teamA}`),
    ).toEqual(titles.slice(0, 3));
    expect(await titlesOf(`q=Zq&status=stopped&ownerId=${lead.membershipId}`)).toEqual([]);
  });

  it('lists each pending approval with the envelope it would draw from: its team envelope, else the nearest department envelope above', async () => {
    await admin.post('/api/budget-envelopes', {
      departmentId: careId,
      quarter: '2027-Q1',
      hoursBudget: 50,
      amountBudgetMinor: 50_000,
    });
    await admin.post('/api/budget-envelopes', {
      departmentId: careId,
      quarter: '2027-Q2',
      hoursBudget: 60,
      amountBudgetMinor: 60_000,
    });
    await admin.post('/api/budget-envelopes', {
      departmentId: northId,
      quarter: '2027-Q2',
      hoursBudget: 70,
      amountBudgetMinor: 70_000,
    });
    const proposals: string[] = [];
    for (const [title, start] of [
      ['Own envelope', '2026-12-01'],
      ['Care envelope', '2027-01-10'],
      ['North envelope', '2027-04-05'],
      ['No envelope', '2027-07-01'],
    ]) {
      const draft = (
        await owner.client.post(
          '/api/experiments',
          plan(teamA, { title, plan: { start, end: '2027-09-30', checkInCadence: 'weekly' } }),
        )
      ).body;
      await owner.client.post(`/api/experiments/${draft.id}/transitions`, {
        transition: 'propose',
        version: draft.version,
      });
      proposals.push(draft.id);
    }
    for (const approver of [lead, head]) {
      const inbox = (await approver.client.get('/api/approvals')).body.items as Array<{
        experiment: { id: string };
        envelope: { scopeName: string; quarter: string } | null;
      }>;
      const ours = inbox.filter((a) => proposals.includes(a.experiment.id));
      expect(ours.map((a) => a.experiment.id)).toEqual(proposals);
      expect(ours.map((a) => a.envelope && `${a.envelope.scopeName} ${a.envelope.quarter}`)).toEqual([
        'North nights 2026-Q4',
        'Care 2027-Q1',
        'North 2027-Q2',
        null,
      ]);
    }
    expect((await otherTeamMember.client.get('/api/approvals')).status).toBe(403);

    const careProposal = (await lead.client.get(`/api/experiments/${proposals[1]}`)).body;
    const approved = await lead.client.post(`/api/experiments/${proposals[1]}/transitions`, {
      transition: 'approve',
      version: careProposal.version,
      reason: 'go',
    });
    expect(approved.status).toBe(200);
    const [careQ1] = (await admin.get('/api/budget-envelopes?quarter=2027-Q1')).body.items;
    expect(careQ1).toMatchObject({
      scope: 'department',
      scopeId: careId,
      hoursCommitted: 10,
      hoursRemaining: 40,
      amountRemainingMinor: 40_000,
    });
  });

  it('shows department lessons to the teams of that department and below, and to the heads above', async () => {
    async function stoppedWithLesson(author: Person, teamId: string, title: string): Promise<string> {
      const experiment = (await author.client.post('/api/experiments', plan(teamId, { title }))).body;
      await asOwner(database.ownerUrl, `UPDATE experiment SET status = 'stopped' WHERE id = $1`, [
        experiment.id,
      ]);
      const captured = await author.client.put(`/api/experiments/${experiment.id}/lesson`, {
        version: experiment.version,
        insight: `What ${title} taught`,
        recommendation: 'adapt',
        visibility: 'department',
      });
      expect(captured.status).toBe(200);
      return captured.body.lessonId;
    }
    const inCare = await stoppedWithLesson(otherTeamMember, teamB, 'Rehab lesson');
    const inNorth = await stoppedWithLesson(owner, teamA, 'North lesson');
    expect((await owner.client.get(`/api/lessons/${inCare}`)).status).toBe(200); // North lies below Care
    expect((await otherTeamMember.client.get(`/api/lessons/${inNorth}`)).status).toBe(404); // Care lies above North
    expect((await head.client.get(`/api/lessons/${inNorth}`)).status).toBe(200); // heads Care, so North too
    const listed = (await otherTeamMember.client.get('/api/lessons?recommendation=adapt')).body.items.map(
      (l: { id: string }) => l.id,
    );
    expect(listed).toContain(inCare);
    expect(listed).not.toContain(inNorth);
  });

  it('takes comments that mention members, and refuses unknown mentions', async () => {
    const experiment = (await owner.client.post('/api/experiments', plan(teamA, { title: 'Talk about it' })))
      .body;
    const comments = await lead.client.post(`/api/experiments/${experiment.id}/comments`, {
      body: 'Shall we try days too?',
      mentions: [owner.membershipId],
    });
    expect(comments.body).toEqual(
      expect.objectContaining({
        body: 'Shall we try days too?',
        mentions: [owner.membershipId],
        authorName: 'A team_lead',
      }),
    );
    expect((await owner.client.get(`/api/experiments/${experiment.id}/comments`)).body.items).toEqual([
      comments.body,
    ]);
    const unknown = await lead.client.post(`/api/experiments/${experiment.id}/comments`, {
      body: 'x',
      mentions: ['01a20000-0000-7000-8000-000000000000'],
    });
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'mentions', rule: 'exists' })]);
  });
});
