import { describe, expect, it } from 'vitest';
import type { EnvelopeDto } from '@kaizen/web/data-access-api/operations';
import { envelopeAfter } from './envelope-after';

const envelope: EnvelopeDto = {
  id: 'e1',
  scope: 'team',
  scopeId: 't1',
  scopeName: 'Wijkzorg Noord',
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
};

describe('an envelope after one more approval', () => {
  it('subtracts the request from what remains', () => {
    const after = envelopeAfter(envelope, 8, 5_000);
    expect(after).toMatchObject({ hoursLeft: 176, amountLeftMinor: 475_000, fits: true });
    expect(after.hoursShares).toEqual({ committed: 8, request: 4 });
    expect(after.amountShares).toEqual({ committed: 4, request: 1 });
  });

  it('fits exactly when the request takes all that is left', () => {
    expect(envelopeAfter(envelope, 184, 480_000)).toMatchObject({
      hoursLeft: 0,
      amountLeftMinor: 0,
      fits: true,
    });
  });

  it('shows a shortfall as a negative figure left, on hours or on money', () => {
    expect(envelopeAfter(envelope, 190, 0)).toMatchObject({ hoursLeft: -6, fits: false });
    expect(envelopeAfter(envelope, 0, 480_001)).toMatchObject({ amountLeftMinor: -1, fits: false });
    expect(envelopeAfter(envelope, 400, 0).hoursShares).toEqual({ committed: 8, request: 92 });
  });

  it('draws no bar for an envelope without budget', () => {
    const empty = {
      ...envelope,
      hoursBudget: 0,
      hoursRemaining: 0,
      amountBudgetMinor: 0,
      amountRemainingMinor: 0,
    };
    expect(envelopeAfter(empty, 4, 0)).toMatchObject({
      hoursLeft: -4,
      fits: false,
      hoursShares: { committed: 0, request: 0 },
    });
  });
});
