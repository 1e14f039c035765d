/** Who decides on a proposal: its team lead, or a department head when it asks more than the organisation's thresholds. */
export type ApprovalLevel = 'team_lead' | 'department_head';

export interface Request {
  hours: number;
  amountMinor: number;
}

export interface Thresholds {
  hours: number;
  amountMinor: number;
}

export function approvalLevel(request: Request, thresholds: Thresholds): ApprovalLevel {
  return request.hours > thresholds.hours || request.amountMinor > thresholds.amountMinor
    ? 'department_head'
    : 'team_lead';
}

export interface Envelope {
  hoursBudget: number;
  amountBudgetMinor: number;
  hoursCommitted: number;
  amountCommittedMinor: number;
}

/** Whether an envelope still holds a request; it is never overspent. */
export function envelopeCovers(envelope: Envelope, request: Request): boolean {
  return (
    envelope.hoursCommitted + request.hours <= envelope.hoursBudget &&
    envelope.amountCommittedMinor + request.amountMinor <= envelope.amountBudgetMinor
  );
}

/** The quarter a date falls in, as `2026-Q4`, in the organisation's time zone. */
export function quarterOf(date: Date, timeZone: string): string {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })
    .format(date)
    .split('-')
    .map(Number);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}
