/**
 * The experiment lifecycle: Kolb's cycle and PDCA as a state machine.
 * Plan: draft -> proposed -> approved. Do: running (with check-ins). Check: concluded (result).
 * Act: learned (lesson) -> closed. Side exits: changes requested, rejected, stopped (which still asks for a lesson).
 */

export const statuses = [
  'draft',
  'proposed',
  'changes_requested',
  'approved',
  'rejected',
  'running',
  'stopped',
  'concluded',
  'learned',
  'closed',
] as const;
export type Status = (typeof statuses)[number];

/** How the acting person relates to the experiment; several can hold at once. */
export const relations = ['owner', 'participant', 'approver', 'team_lead', 'org_admin'] as const;
export type Relation = (typeof relations)[number];

interface TransitionRule {
  from: readonly Status[];
  to: Status;
  by: readonly Relation[];
  /** Must the person give a reason (a comment) with it? */
  reasonRequired: boolean;
}

export const transitionRules = {
  propose: {
    from: ['draft', 'changes_requested'],
    to: 'proposed',
    by: ['owner', 'participant'],
    reasonRequired: false,
  },
  approve: { from: ['proposed'], to: 'approved', by: ['approver'], reasonRequired: false },
  request_changes: { from: ['proposed'], to: 'changes_requested', by: ['approver'], reasonRequired: true },
  reject: { from: ['proposed'], to: 'rejected', by: ['approver'], reasonRequired: true },
  start: { from: ['approved'], to: 'running', by: ['owner', 'participant'], reasonRequired: false },
  stop: { from: ['running'], to: 'stopped', by: ['owner', 'team_lead', 'org_admin'], reasonRequired: true },
  conclude: { from: ['running'], to: 'concluded', by: ['owner', 'participant'], reasonRequired: false },
  learn: {
    from: ['concluded', 'stopped'],
    to: 'learned',
    by: ['owner', 'participant'],
    reasonRequired: false,
  },
  close: { from: ['learned'], to: 'closed', by: ['owner', 'team_lead', 'org_admin'], reasonRequired: false },
} as const satisfies Record<string, TransitionRule>;

export type Transition = keyof typeof transitionRules;
export const transitions = Object.keys(transitionRules) as Transition[];

export type TransitionDecision =
  | { ok: true; to: Status }
  | { ok: false; reason: 'not_from_this_status'; allowedFromHere: Transition[] }
  | { ok: false; reason: 'not_yours'; allowedFor: readonly Relation[] }
  | { ok: false; reason: 'reason_required' };

/** Transitions that exist from a status, whoever makes them. */
export function transitionsFrom(status: Status): Transition[] {
  return transitions.filter((t) => (transitionRules[t].from as readonly Status[]).includes(status));
}

/** Transitions this person may make now: what a board lets them drag, and what a 409 lists. */
export function availableTransitions(status: Status, held: readonly Relation[]): Transition[] {
  return transitionsFrom(status).filter((t) => transitionRules[t].by.some((r) => held.includes(r)));
}

export function decideTransition(
  status: Status,
  transition: Transition,
  held: readonly Relation[],
  reason?: string,
): TransitionDecision {
  const rule = transitionRules[transition];
  if (!(rule.from as readonly Status[]).includes(status)) {
    return { ok: false, reason: 'not_from_this_status', allowedFromHere: transitionsFrom(status) };
  }
  if (!rule.by.some((r) => held.includes(r))) return { ok: false, reason: 'not_yours', allowedFor: rule.by };
  if (rule.reasonRequired && !reason?.trim()) return { ok: false, reason: 'reason_required' };
  return { ok: true, to: rule.to };
}

/** Statuses in which an experiment's plan can still change: before it is approved. */
export function isPlanEditable(status: Status): boolean {
  return status === 'draft' || status === 'changes_requested';
}

/** Statuses in which the team checks in on progress. */
export function acceptsCheckIns(status: Status): boolean {
  return status === 'running';
}

/** The team takes its decision at the result (once recorded, the service checks) and can revise it until it learns. */
export function acceptsDecision(status: Status): boolean {
  return status === 'running' || status === 'concluded';
}

/** A stopped experiment still asks what stopping taught. */
export function awaitsLesson(status: Status): boolean {
  return status === 'concluded' || status === 'stopped';
}

export function isTerminal(status: Status): boolean {
  return transitionsFrom(status).length === 0;
}

export interface ProposalFields {
  problem: string;
  hypothesis: { change: string; outcome: string; measure: string };
  metric: {
    name: string;
    unit: string;
    baseline: number | null;
    target: number | null;
    direction: string | null;
  };
  plan: { start: string | null; end: string | null };
}

/** What a good proposal still lacks, as field paths; an approver should never have to guess. */
export function proposalGaps(fields: ProposalFields): string[] {
  const gaps: string[] = [];
  const blank = (value: string | null | undefined) => !value || value.trim() === '';
  if (blank(fields.problem)) gaps.push('problem');
  if (blank(fields.hypothesis.change)) gaps.push('hypothesis.change');
  if (blank(fields.hypothesis.outcome)) gaps.push('hypothesis.outcome');
  if (blank(fields.hypothesis.measure)) gaps.push('hypothesis.measure');
  if (blank(fields.metric.name)) gaps.push('metric.name');
  if (blank(fields.metric.unit)) gaps.push('metric.unit');
  if (fields.metric.baseline === null) gaps.push('metric.baseline');
  if (fields.metric.target === null) gaps.push('metric.target');
  if (blank(fields.metric.direction)) gaps.push('metric.direction');
  if (blank(fields.plan.start)) gaps.push('plan.start');
  if (blank(fields.plan.end)) gaps.push('plan.end');
  return gaps;
}
