import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ExperimentDto, PendingApprovalDto } from '@kaizen/web/data-access-api/operations';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { ApprovalsPageComponent } from './approvals-page.component';
import { settle } from '@kaizen/web/ui-kit/testing';

const pending: PendingApprovalDto = {
  approvalId: 'a1',
  level: 'team_lead',
  requestedAt: '2026-11-25T10:00:00Z',
  requestedHours: 8,
  requestedAmountMinor: 5_000,
  envelope: {
    id: 'e1',
    scope: 'team',
    scopeId: 't1',
    scopeName: 'Noord Dag',
    quarter: '2026-Q4',
    hoursBudget: 200,
    hoursCommitted: 16,
    hoursRemaining: 184,
    hoursSpent: 0,
    amountBudgetMinor: 500_000,
    amountCommittedMinor: 20_000,
    amountRemainingMinor: 480_000,
    amountSpentMinor: 0,
    version: 1,
  },
  experiment: {
    id: 'x1',
    ownerId: 'm1',
    ownerName: 'Sem Dekker',
    plannedEnd: null,
    plannedStart: null,
    status: 'proposed',
    tags: [],
    teamId: 't1',
    teamName: 'Noord Dag',
    title: 'Personal music at unrest',
    updatedAt: '2026-11-25T10:00:00Z',
    verdict: null,
    version: 3,
  },
  decisionRule: {
    state: 'proposed',
    measureId: 'ms1',
    prediction: { direction: 'decrease', size: 3, by: null },
    rule: { withinPeriods: 8, onSignal: 'adopt', onNoSignal: 'abandon', otherwise: 'adapt', wording: {} },
  },
};

const review = {
  experimentId: 'x9',
  experimentTitle: 'Night round',
  teamName: 'Noord Dag',
  decision: 'adopt',
  proposedDecision: 'adapt',
  reason: 'Four fewer falls a week is what residents need',
  decidedByName: 'Sem Dekker',
  decidedAt: '2026-11-26T10:00:00Z',
};

const plan = {
  ...pending.experiment,
  problem: 'Evenings are restless.',
  hypothesis: { change: 'playing personal music', outcome: 'calmer evenings', measure: 'incidents drop' },
  metric: { name: 'Incidents per week', unit: 'incidents', baseline: 12, target: 6, direction: 'decrease' },
  version: 4,
} as unknown as ExperimentDto;

describe('ApprovalsPageComponent', () => {
  let fixture: ComponentFixture<ApprovalsPageComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ApprovalsPageComponent],
      providers: [
        provideI18nTesting('en'),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ApprovalsPageComponent);
    element = fixture.nativeElement;
    fixture.detectChanges();
    http
      .expectOne({ method: 'GET', url: '/api/approvals?limit=200' })
      .flush({ items: [pending], nextCursor: null });
    http.expectOne((r) => r.url === '/api/decision-reviews').flush({ items: [review], nextCursor: null });
    await settle();
    http.expectOne({ method: 'GET', url: '/api/experiments/x1' }).flush(plan);
    await settle();
    await fixture.whenStable();
    // The baseline chart: this proposal's measure has none to show here.
    http
      .expectOne({ method: 'GET', url: '/api/experiments/x1/measure' })
      .flush({ status: 404 }, { status: 404, statusText: 'Not Found' });
    await settle();
    await fixture.whenStable();
  });

  const byTestId = (testId: string) => element.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const text = (testId: string) => byTestId(testId)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  async function click(testId: string): Promise<void> {
    byTestId(testId)?.click();
    await settle();
    await fixture.whenStable();
  }

  async function answerDecision(status: number, body: object): Promise<Record<string, unknown>> {
    http.expectOne({ method: 'GET', url: '/api/experiments/x1' }).flush(plan);
    await settle();
    const post = http.expectOne({ method: 'POST', url: '/api/experiments/x1/transitions' });
    post.flush(body, {
      status,
      statusText: status === 200 ? 'OK' : 'Bad Request',
      headers: status === 200 ? {} : { 'content-type': 'application/problem+json' },
    });
    await settle();
    await fixture.whenStable();
    return post.request.body as Record<string, unknown>;
  }

  it('shows the problem, the hypothesis, the measure, the request and the envelope after approval', () => {
    expect(text('approval-problem')).toBe('Evenings are restless.');
    expect(text('approval-hypothesis')).toBe(
      'We believe that playing personal music will result in calmer evenings. We will know when incidents drop.',
    );
    expect(text('approval-measure')).toContain('Incidents per week: from 12 to 6 incidents');
    expect(text('approval-request')).toMatch(/^8 hours and €\s?50/);
    expect(text('envelope-hours')).toContain('176 of 200 hours left after approval');
    expect(text('envelope-hours')).toContain('184 hours left now');
  });

  it('shows the prediction and decision rule it approves with the time and budget', () => {
    expect(text('decision-prediction')).toBe('We predict the measure falls by at least 3');
    expect(text('decision-rule-text')).toContain(
      'Adopt if an improvement signal appears within 8 periods after the change;',
    );
    expect(text('decision-rule-text')).toContain('Abandon if none appears;');
  });

  it('asks for the second review of a decision against its rule, and sends the outcome', async () => {
    expect(text('review-summary')).toBe('The team decided Adopt; the rule proposes Adapt.');
    expect(text('review-reason')).toBe('Four fewer falls a week is what residents need');
    await click('review-uphold');
    const post = http.expectOne({ method: 'POST', url: '/api/experiments/x9/decision/review' });
    expect(post.request.body).toEqual({ outcome: 'upheld', comment: '' });
    post.flush({});
    await settle();
    await fixture.whenStable();
    expect(text('review-done')).toContain('You upheld the decision on “Night round”.');
    expect(byTestId('review-x9')).toBeNull();
  });

  it('approves without a comment', async () => {
    await click('decision-approve');
    const sent = await answerDecision(200, { ...plan, status: 'approved' });
    expect(sent).toEqual({ transition: 'approve', reason: '', version: 4 });
    expect(text('decided')).toContain('You approved');
    expect(byTestId('approval-x1')).toBeNull();
  });

  it('asks for a comment before rejecting or asking for changes, and sends nothing without one', async () => {
    await click('decision-reject');
    expect(text('decision-reason-error')).toBe(
      'Say why: the team reads it when you reject or ask for changes.',
    );
    await click('decision-request_changes');
    expect(text('decision-reason-error')).toBe(
      'Say why: the team reads it when you reject or ask for changes.',
    );
    http.expectNone({ method: 'POST' });
    http.expectNone({ method: 'GET', url: '/api/experiments/x1' });
  });

  it('puts the API’s refusal of the comment beside the comment field', async () => {
    const reason = byTestId('decision-reason') as HTMLTextAreaElement;
    reason.value = '   ';
    reason.dispatchEvent(new Event('input'));
    // Say the API still asks a comment to approve: its 400 names the field, and the form shows it there.
    await click('decision-approve');
    await answerDecision(400, {
      status: 400,
      title: 'Bad Request',
      errors: [{ field: 'reason', rule: 'required', message: 'reason is required to approve' }],
    });
    expect(text('decision-reason-error')).toBe('Fill this in.');
    expect(byTestId('decision-error')).toBeNull();
    expect(byTestId('approval-x1')).not.toBeNull();
  });
});
