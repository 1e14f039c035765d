import type { Side } from './measure';

/**
 * The rules a chart checks. Ids are stable: the web labels them in nl and en.
 * Run chart (Anhøj): `long-run`, `few-crossings`. Control chart (Making Data Count): `beyond-limit`, `shift` (7+ points on
 * one side of the centre), `trend` (6+ points each higher, or each lower, than the one before), `two-of-three` (2 of 3
 * points beyond 2σ on the same side).
 */
export const ruleIds = [
  'long-run',
  'few-crossings',
  'beyond-limit',
  'shift',
  'trend',
  'two-of-three',
] as const;
export type RuleId = (typeof ruleIds)[number];

/** `neutral`: a signal with no side (too few crossings says the process changed, not which way). */
export type SignalClass = 'improvement' | 'concern' | 'neutral';

/** A non-random pattern: which rule found it, the point indexes it covers, and where it became a signal. */
export interface Signal {
  rule: RuleId;
  chart: 'run' | 'control';
  side: Side | null;
  class: SignalClass;
  /** Indexes into the series, ascending. */
  points: number[];
  /** The index of the point at which the rule first fires: the first point beyond the limit, the 7th of a shift, … */
  detectedAt: number;
  /** Index of the phase the signal lies in. */
  phase: number;
}
