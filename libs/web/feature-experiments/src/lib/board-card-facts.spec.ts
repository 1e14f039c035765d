import { describe, expect, it } from 'vitest';
import { boardCardFacts } from './board-card-facts';

describe('what a board card says about its stage', () => {
  const now = new Date('2026-12-03T09:00:00Z');

  it('counts whole days since the card last changed, never below zero', () => {
    expect(
      boardCardFacts({ status: 'proposed', updatedAt: '2026-12-03T08:00:00Z', plannedEnd: null }, now)
        .daysInStage,
    ).toBe(0);
    expect(
      boardCardFacts({ status: 'proposed', updatedAt: '2026-12-02T09:30:00Z', plannedEnd: null }, now)
        .daysInStage,
    ).toBe(0);
    expect(
      boardCardFacts({ status: 'proposed', updatedAt: '2026-12-02T09:00:00Z', plannedEnd: null }, now)
        .daysInStage,
    ).toBe(1);
    expect(
      boardCardFacts({ status: 'proposed', updatedAt: '2026-11-19T09:00:00Z', plannedEnd: null }, now)
        .daysInStage,
    ).toBe(14);
    expect(
      boardCardFacts({ status: 'proposed', updatedAt: '2026-12-04T09:00:00Z', plannedEnd: null }, now)
        .daysInStage,
    ).toBe(0);
  });

  it('names what each stage waits for', () => {
    const waits = (status: Parameters<typeof boardCardFacts>[0]['status']) =>
      boardCardFacts({ status, updatedAt: now.toISOString(), plannedEnd: null }, now).waitsFor;
    expect(waits('draft')).toBe('proposal');
    expect(waits('changes_requested')).toBe('changes');
    expect(waits('proposed')).toBe('approval');
    expect(waits('approved')).toBe('start');
    expect(waits('running')).toBe('checkIn');
    expect(waits('concluded')).toBe('lesson');
    expect(waits('stopped')).toBe('lesson');
    expect(waits('learned')).toBe('closing');
    expect(waits('closed')).toBeNull();
    expect(waits('rejected')).toBeNull();
  });

  it('has a running experiment wait for its result once the whole planned last day has passed', () => {
    const running = (plannedEnd: string, at: string) =>
      boardCardFacts({ status: 'running', updatedAt: '2026-11-01T00:00:00Z', plannedEnd }, new Date(at))
        .waitsFor;
    expect(running('2026-12-03', '2026-12-03T23:59:00Z')).toBe('checkIn');
    expect(running('2026-12-03', '2026-12-04T00:00:00Z')).toBe('result');
    expect(running('2026-11-30', '2026-12-03T09:00:00Z')).toBe('result');
  });
});
