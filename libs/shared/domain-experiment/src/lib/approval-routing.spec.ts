import { describe, expect, it } from 'vitest';
import { approvalLevel, envelopeCovers, quarterOf } from './approval-routing';
import { isDoubleLoop } from './vocabulary';

const thresholds = { hours: 40, amountMinor: 100_000 };

describe('approval routing', () => {
  it('sends a proposal within both thresholds to the team lead', () => {
    expect(approvalLevel({ hours: 40, amountMinor: 100_000 }, thresholds)).toBe('team_lead');
  });
  it('sends a proposal over either threshold to the department head', () => {
    expect(approvalLevel({ hours: 41, amountMinor: 0 }, thresholds)).toBe('department_head');
    expect(approvalLevel({ hours: 0, amountMinor: 100_001 }, thresholds)).toBe('department_head');
  });
});

describe('budget envelopes', () => {
  const envelope = {
    hoursBudget: 100,
    amountBudgetMinor: 50_000,
    hoursCommitted: 90,
    amountCommittedMinor: 40_000,
  };
  it('cover a request that fits both hours and money exactly', () => {
    expect(envelopeCovers(envelope, { hours: 10, amountMinor: 10_000 })).toBe(true);
  });
  it('refuse a request that would overspend either', () => {
    expect(envelopeCovers(envelope, { hours: 11, amountMinor: 0 })).toBe(false);
    expect(envelopeCovers(envelope, { hours: 0, amountMinor: 10_001 })).toBe(false);
  });
});

describe('quarterOf', () => {
  it('reads the quarter in the organisation’s time zone', () => {
    // 31 Dec 23:30 UTC is already 1 January in Amsterdam.
    expect(quarterOf(new Date('2026-12-31T23:30:00Z'), 'Europe/Amsterdam')).toBe('2027-Q1');
    expect(quarterOf(new Date('2026-12-31T23:30:00Z'), 'America/New_York')).toBe('2026-Q4');
    expect(quarterOf(new Date('2026-04-01T00:00:00Z'), 'UTC')).toBe('2026-Q2');
  });
});

describe('isDoubleLoop', () => {
  it('marks a lesson that changed the assumption behind the work', () => {
    expect(isDoubleLoop('Nurses lack time', 'Handovers lack structure')).toBe(true);
  });
  it('does not mark a lesson without a changed assumption', () => {
    expect(isDoubleLoop('Nurses lack time', ' nurses lack time ')).toBe(false);
    expect(isDoubleLoop('', 'Something')).toBe(false);
    expect(isDoubleLoop('Something', null)).toBe(false);
  });
});
