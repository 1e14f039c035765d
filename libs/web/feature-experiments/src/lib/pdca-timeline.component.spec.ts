import { registerLocaleData } from '@angular/common';
import localeNl from '@angular/common/locales/nl';
import { TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import type { TimelineEventDto } from '@kaizen/web/data-access-api/operations';
import { PdcaTimelineComponent, phaseOfEvent } from './pdca-timeline.component';

const event = (partial: Partial<TimelineEventDto>): TimelineEventDto => ({
  id: partial.id ?? 'e',
  actorName: 'Sam',
  changes: {},
  fromStatus: null,
  toStatus: null,
  occurredAt: '2026-11-01T10:00:00Z',
  reason: null,
  transition: null,
  type: 'created',
  ...partial,
});

describe('PDCA timeline', () => {
  beforeEach(() => {
    registerLocaleData(localeNl, 'nl');
    TestBed.configureTestingModule({ providers: [provideI18nTesting('nl')] });
  });

  it('puts each event in its phase of the loop', () => {
    expect(phaseOfEvent({ type: 'created', transition: null })).toBe('plan');
    expect(phaseOfEvent({ type: 'transition', transition: 'approve' })).toBe('plan');
    expect(phaseOfEvent({ type: 'transition', transition: 'start' })).toBe('do');
    expect(phaseOfEvent({ type: 'check_in', transition: null })).toBe('do');
    expect(phaseOfEvent({ type: 'result_recorded', transition: null })).toBe('check');
    expect(phaseOfEvent({ type: 'transition', transition: 'conclude' })).toBe('check');
    expect(phaseOfEvent({ type: 'lesson_captured', transition: null })).toBe('act');
    expect(phaseOfEvent({ type: 'adopted', transition: null })).toBe('act');
  });

  it('tells in Dutch who did what, with the reason an approver gave', async () => {
    const fixture = TestBed.createComponent(PdcaTimelineComponent);
    fixture.componentRef.setInput('events', [
      event({ id: '1' }),
      event({ id: '2', type: 'transition', transition: 'approve', reason: 'Goed plan', actorName: 'Anna' }),
    ]);
    fixture.componentRef.setInput('language', 'nl');
    await fixture.whenStable();
    const items = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('li')).map((li) =>
      li.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(items[0]).toContain('Aangemaakt');
    expect(items[1]).toContain('Goedgekeurd');
    expect(items[1]).toContain('Anna');
    expect(items[1]).toContain('Goed plan');
  });
});
