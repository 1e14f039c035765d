import { describe, expect, it } from 'vitest';
import {
  acceptsCheckIns,
  acceptsDecision,
  availableTransitions,
  awaitsLesson,
  decideTransition,
  isPlanEditable,
  isTerminal,
  proposalGaps,
  relations,
  statuses,
  transitions,
  transitionsFrom,
  type Relation,
  type Status,
  type Transition,
} from './lifecycle';

// The lifecycle written out edge by edge, on purpose: changing the machine must change this table.
const edges: Array<[Status, Transition, Status, Relation[]]> = [
  ['draft', 'propose', 'proposed', ['owner', 'participant']],
  ['changes_requested', 'propose', 'proposed', ['owner', 'participant']],
  ['proposed', 'approve', 'approved', ['approver']],
  ['proposed', 'request_changes', 'changes_requested', ['approver']],
  ['proposed', 'reject', 'rejected', ['approver']],
  ['approved', 'start', 'running', ['owner', 'participant']],
  ['running', 'stop', 'stopped', ['owner', 'team_lead', 'org_admin']],
  ['running', 'conclude', 'concluded', ['owner', 'participant']],
  ['concluded', 'learn', 'learned', ['owner', 'participant']],
  ['stopped', 'learn', 'learned', ['owner', 'participant']],
  ['learned', 'close', 'closed', ['owner', 'team_lead', 'org_admin']],
];
// Approving may go without a comment; refusing or stopping says why.
const needsReason: Transition[] = ['request_changes', 'reject', 'stop'];

describe('experiment lifecycle', () => {
  for (const status of statuses) {
    for (const transition of transitions) {
      const edge = edges.find(([from, t]) => from === status && t === transition);
      for (const relation of relations) {
        const reason = 'because';
        const allowed = edge !== undefined && edge[3].includes(relation);
        it(`${status} --${transition}--> by ${relation}: ${allowed ? `allowed, to ${edge?.[2]}` : 'refused'}`, () => {
          const decision = decideTransition(status, transition, [relation], reason);
          if (allowed) {
            expect(decision).toEqual({ ok: true, to: edge?.[2] });
          } else if (!edge) {
            expect(decision).toEqual({
              ok: false,
              reason: 'not_from_this_status',
              allowedFromHere: transitionsFrom(status),
            });
          } else {
            expect(decision).toEqual({ ok: false, reason: 'not_yours', allowedFor: edge[3] });
          }
        });
      }
    }
  }

  it('asks a reason for requesting changes, rejecting and stopping, and only for those', () => {
    for (const [from, transition, to, by] of edges) {
      const withoutReason = decideTransition(from, transition, by, '   ');
      if (needsReason.includes(transition))
        expect(withoutReason).toEqual({ ok: false, reason: 'reason_required' });
      else expect(withoutReason).toEqual({ ok: true, to });
    }
  });

  it('lets nobody approve their own proposal just by owning it', () => {
    expect(availableTransitions('proposed', ['owner', 'participant', 'team_lead'])).toEqual([]);
    expect(availableTransitions('proposed', ['approver'])).toEqual(['approve', 'request_changes', 'reject']);
  });

  it('offers each person only what they may do next', () => {
    expect(availableTransitions('running', ['owner'])).toEqual(['stop', 'conclude']);
    expect(availableTransitions('running', ['participant'])).toEqual(['conclude']);
    expect(availableTransitions('running', ['team_lead'])).toEqual(['stop']);
    expect(availableTransitions('stopped', ['owner'])).toEqual(['learn']);
  });

  it('ends only in rejected and closed', () => {
    expect(statuses.filter(isTerminal)).toEqual(['rejected', 'closed']);
  });

  it('lets the plan change only before approval, takes check-ins only while running, and asks a lesson after a result or a stop', () => {
    expect(statuses.filter(isPlanEditable)).toEqual(['draft', 'changes_requested']);
    expect(statuses.filter(acceptsCheckIns)).toEqual(['running']);
    expect(statuses.filter(awaitsLesson)).toEqual(['stopped', 'concluded']);
  });

  it('takes the decision on the rule at the result, until the experiment is learned', () => {
    expect(statuses.filter(acceptsDecision)).toEqual(['running', 'concluded']);
  });
});

describe('proposalGaps', () => {
  const complete = {
    problem: 'Errors at night',
    hypothesis: { change: 'structured handover', outcome: 'fewer errors', measure: 'incidents below 2' },
    metric: { name: 'Incidents', unit: 'per 1,000', baseline: 3.4, target: 2, direction: 'decrease' },
    plan: { start: '2026-12-01', end: '2027-02-28' },
  };
  it('finds nothing missing in a complete proposal; a baseline of zero counts', () => {
    expect(proposalGaps(complete)).toEqual([]);
    expect(proposalGaps({ ...complete, metric: { ...complete.metric, baseline: 0 } })).toEqual([]);
  });
  it('names every missing part by its field path', () => {
    expect(
      proposalGaps({
        problem: ' ',
        hypothesis: { change: '', outcome: 'x', measure: '' },
        metric: { name: 'x', unit: '', baseline: null, target: 1, direction: null },
        plan: { start: null, end: '2027-01-01' },
      }),
    ).toEqual([
      'problem',
      'hypothesis.change',
      'hypothesis.measure',
      'metric.unit',
      'metric.baseline',
      'metric.direction',
      'plan.start',
    ]);
  });
});
