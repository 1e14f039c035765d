import { TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import type { EnvelopeDto } from '@kaizen/web/data-access-api/operations';
import { EnvelopeGaugeComponent } from './envelope-gauge.component';

const envelope: EnvelopeDto = {
  id: 'e1',
  scope: 'team',
  scopeId: 't1',
  scopeName: 'Wijkzorg Noord',
  quarter: '2026-Q4',
  hoursBudget: 100,
  hoursCommitted: 80,
  hoursRemaining: 20,
  hoursSpent: 0,
  amountBudgetMinor: 100_000,
  amountCommittedMinor: 50_000,
  amountRemainingMinor: 50_000,
  amountSpentMinor: 0,
  version: 1,
};

describe('EnvelopeGaugeComponent', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideI18nTesting('en')] }));

  async function render(
    hours: number,
    amountMinor: number,
    e: EnvelopeDto | null = envelope,
  ): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(EnvelopeGaugeComponent);
    fixture.componentRef.setInput('envelope', e);
    fixture.componentRef.setInput('hours', hours);
    fixture.componentRef.setInput('amountMinor', amountMinor);
    await fixture.whenStable();
    return fixture.nativeElement;
  }

  it('shows what remains after this approval, beside what remains now, and says the request fits', async () => {
    const el = await render(16, 40_000);
    expect(el.querySelector('[data-testid="envelope-hours"]')?.textContent).toContain(
      '4 of 100 hours left after approval',
    );
    expect(el.querySelector('[data-testid="envelope-hours"]')?.textContent).toContain('20 hours left now');
    expect(el.querySelector('[data-testid="envelope-money"]')?.textContent).toContain(
      '€100 of €1,000 left after approval',
    );
    expect(el.querySelector('[data-testid="envelope-fits"]')).not.toBeNull();
  });

  it('warns when the request asks more hours than remain', async () => {
    const el = await render(24, 0);
    expect(el.querySelector('[data-testid="envelope-short"]')?.textContent).toContain('more than');
  });

  it('says a proposal without an envelope is approved unbudgeted', async () => {
    const el = await render(8, 0, null);
    expect(el.querySelector('[data-testid="envelope-none"]')?.textContent).toContain('unbudgeted');
  });
});
