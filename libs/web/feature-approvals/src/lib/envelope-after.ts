import type { EnvelopeDto } from '@kaizen/web/data-access-api/operations';

/** What an envelope would hold once one more request is approved from it. */
export interface EnvelopeAfter {
  readonly hoursLeft: number;
  readonly amountLeftMinor: number;
  /** Shares of the budget, 0–100, as a bar shows them: already committed, this request, and free after it. */
  readonly hoursShares: BudgetShares;
  readonly amountShares: BudgetShares;
  /** Both hours and money still cover the request. */
  readonly fits: boolean;
}

export interface BudgetShares {
  readonly committed: number;
  readonly request: number;
}

/** The envelope after approving a request of `hours` and `amountMinor`; what it lacks shows as a negative figure left. */
export function envelopeAfter(envelope: EnvelopeDto, hours: number, amountMinor: number): EnvelopeAfter {
  const hoursLeft = envelope.hoursRemaining - hours;
  const amountLeftMinor = envelope.amountRemainingMinor - amountMinor;
  return {
    hoursLeft,
    amountLeftMinor,
    hoursShares: shares(envelope.hoursBudget - envelope.hoursRemaining, hours, envelope.hoursBudget),
    amountShares: shares(
      envelope.amountBudgetMinor - envelope.amountRemainingMinor,
      amountMinor,
      envelope.amountBudgetMinor,
    ),
    fits: hoursLeft >= 0 && amountLeftMinor >= 0,
  };
}

function shares(used: number, request: number, whole: number): BudgetShares {
  if (whole <= 0) return { committed: 0, request: 0 };
  const committed = clamp((used / whole) * 100);
  return { committed, request: Math.min(100 - committed, clamp((request / whole) * 100)) };
}

function clamp(percent: number): number {
  return Math.max(0, Math.min(100, percent));
}
