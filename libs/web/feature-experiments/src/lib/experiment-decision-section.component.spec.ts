import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DecisionStateDto } from '@kaizen/web/data-access-api/measures';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { ExperimentDecisionSectionComponent } from './experiment-decision-section.component';
import { settle } from '@kaizen/web/ui-kit/testing';

const atResult: DecisionStateDto = {
  experimentId: 'x1',
  ruleState: 'approved',
  measureId: 'ms1',
  prediction: { direction: 'decrease', size: 2, by: null },
  rule: { withinPeriods: 8, onSignal: 'adopt', onNoSignal: 'abandon', otherwise: 'adapt', wording: {} },
  ruleApprovedAt: '2026-11-20T10:00:00.000Z',
  ruleApprovedBy: 'm2',
  change: '2025-05-26',
  signalAfterChange: true,
  proposed: {
    decision: 'adopt',
    wording: null,
    reason: {
      code: 'signal',
      signal: {
        rule: 'shift',
        chart: 'control',
        side: 'low',
        class: 'improvement',
        detectedAt: '2025-07-07',
      },
      opposing: null,
      effect: 3.9,
      predicted: null,
      periodsObserved: null,
      periodsNeeded: null,
    },
  },
  decided: null,
};

describe('ExperimentDecisionSectionComponent', () => {
  let fixture: ComponentFixture<ExperimentDecisionSectionComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;

  const byTestId = (testId: string) => element.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const text = (testId: string) => byTestId(testId)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  async function click(testId: string): Promise<void> {
    byTestId(testId)?.click();
    await settle();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ExperimentDecisionSectionComponent],
      providers: [provideI18nTesting('en'), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ExperimentDecisionSectionComponent);
    fixture.componentRef.setInput('experimentId', 'x1');
    fixture.componentRef.setInput('canDecide', true);
    element = fixture.nativeElement;
    fixture.detectChanges();
    http.expectOne({ method: 'GET', url: '/api/experiments/x1/decision' }).flush(atResult);
    await settle();
    await fixture.whenStable();
  });

  it('shows the approved rule and what the data propose, with the reason in words', () => {
    expect(byTestId('decision-rule-approved')).not.toBeNull();
    expect(text('decision-prediction')).toBe('We predict the measure falls by at least 2');
    expect(text('decision-proposed-decision')).toBe('Adopt');
    expect(text('decision-proposed-reason')).toBe(
      'Shift: 7 or more points on one side of the centre from 7 Jul 2025: an improvement in the predicted direction (effect 3.9).',
    );
  });

  it('asks a reason to decide otherwise and sends nothing without one', async () => {
    (byTestId('decide-decision') as HTMLSelectElement).value = 'abandon';
    byTestId('decide-decision')?.dispatchEvent(new Event('change'));
    await click('decide-otherwise');
    expect(text('decide-reason-error')).toBe('Fill this in.');
    http.expectNone({ method: 'PUT' });
  });

  it('follows the rule without a reason', async () => {
    await click('decide-follow');
    const put = http.expectOne({ method: 'PUT', url: '/api/experiments/x1/decision' });
    expect(put.request.body).toEqual({ decision: 'adopt' });
    put.flush({
      ...atResult,
      decided: {
        decision: 'adopt',
        proposedDecision: 'adopt',
        reason: '',
        decidedBy: 'm1',
        decidedByName: 'Sem Dekker',
        decidedAt: '2026-11-27T10:00:00.000Z',
        review: { status: 'not_needed', reviewedByName: null, reviewedAt: null, comment: '' },
      },
    });
    await settle();
    await fixture.whenStable();
    expect(text('decision-decided')).toBe('Decision: Adopt, by Sem Dekker');
    expect(byTestId('decision-review-not_needed')).not.toBeNull();
  });
});

describe('ExperimentDecisionSectionComponent stating the rule', () => {
  let fixture: ComponentFixture<ExperimentDecisionSectionComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;

  const byTestId = (testId: string) => element.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  async function settled(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }
  async function type(testId: string, value: string): Promise<void> {
    const input = byTestId(testId) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settled();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ExperimentDecisionSectionComponent],
      providers: [provideI18nTesting('en'), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ExperimentDecisionSectionComponent);
    fixture.componentRef.setInput('experimentId', 'x1');
    fixture.componentRef.setInput('canStateRule', true);
    element = fixture.nativeElement;
    fixture.detectChanges();
    http.expectOne({ method: 'GET', url: '/api/experiments/x1/decision' }).flush({
      ...atResult,
      ruleState: 'missing',
      prediction: null,
      rule: null,
      ruleApprovedAt: null,
      ruleApprovedBy: null,
      proposed: null,
    });
    await settled();
  });

  it('sends the shared rule fields as the API body, and puts a refusal beside the field it names', async () => {
    byTestId('rule-edit')?.click();
    await settled();
    await type('rule-within', '6');
    await type('rule-adopt-wording', ' Roll it out ');
    byTestId('rule-save')?.click();
    await settled();
    const put = http.expectOne({ method: 'PUT', url: '/api/experiments/x1/decision-rule' });
    expect(put.request.body).toEqual({
      prediction: { direction: 'decrease', size: null, by: null },
      rule: { withinPeriods: 6, wording: { adopt: 'Roll it out' } },
    });
    put.flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        errors: [
          { field: 'rule.withinPeriods', rule: 'max', message: 'rule.withinPeriods must not exceed 520' },
        ],
      },
      { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/problem+json' } },
    );
    await settled();
    expect(byTestId('rule-within-error')?.textContent?.trim()).not.toBe('');
    expect(byTestId('rule-error')).toBeNull();
  });
});
