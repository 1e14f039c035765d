import { SMALL_GROUP } from '@kaizen/shared/domain-learning';

/** `rate`: events per exposure (Poisson), e.g. data-backed improvements per person-month. `proportion`: successes of trials (binomial), e.g. loop closure, participation. */
export type FunnelModel = 'rate' | 'proportion';

export interface FunnelUnit {
  id: string;
  /** Events (rate) or successes (proportion). */
  events: number;
  /** Exposure (rate, e.g. person-months) or trials (proportion). */
  exposure: number;
  /** People in the unit; fewer than the small-group threshold are flagged. */
  size?: number | null;
}

export interface FunnelLimits {
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export interface FunnelPoint extends FunnelUnit {
  /** events ÷ exposure × multiplier; null without exposure. */
  value: number | null;
  /** Standardised distance from the target before any overdispersion adjustment. */
  z: number | null;
  limits: FunnelLimits | null;
  /** Against the 95 % limits. There is no rank: a funnel plot compares each unit with the target, not with each other. */
  position: 'within' | 'above' | 'below' | null;
  /** Outside the 99.8 % limits too. */
  beyond998: boolean;
  smallGroup: boolean;
}

export interface FunnelPlot {
  model: FunnelModel;
  /** The overall rate (Σ events ÷ Σ exposure × multiplier): the target line. */
  target: number | null;
  /** Spiegelhalter's φ from the 10 % winsorised z-scores; the limits are widened by √φ when it exceeds 1. */
  phi: number | null;
  overdispersionApplied: boolean;
  multiplier: number;
  units: FunnelPoint[];
}

export interface FunnelOptions {
  /** Default 1; e.g. 100 for percentages. */
  multiplier?: number;
  /** Widen the limits by √φ when φ > 1 (default true). */
  overdispersion?: boolean;
  smallGroup?: number;
}

const Z95 = 1.959963984540054;
const Z998 = 3.090232306167813;
/** Share of z-scores pulled in at each end before φ is estimated. */
export const WINSORISE = 0.1;

/**
 * A funnel plot: each unit's value against its exposure, with 95 % and 99.8 % limits around the overall rate that
 * narrow as exposure grows (normal approximation to the Poisson or binomial, so limits for units with very few expected
 * events are rough: those are usually the small groups, which are flagged).
 */
export function funnelPlot(
  model: FunnelModel,
  units: ReadonlyArray<FunnelUnit>,
  options: FunnelOptions = {},
): FunnelPlot {
  const multiplier = options.multiplier ?? 1;
  const smallGroup = options.smallGroup ?? SMALL_GROUP;
  let events = 0;
  let exposure = 0;
  for (const unit of units) {
    if (unit.exposure > 0) {
      events += unit.events;
      exposure += unit.exposure;
    }
  }
  const theta = exposure > 0 ? events / exposure : null;
  const variance = theta === null ? 0 : model === 'rate' ? theta : theta * (1 - theta);
  const zs = units.map((u) =>
    theta !== null && u.exposure > 0 && variance > 0
      ? (u.events / u.exposure - theta) / Math.sqrt(variance / u.exposure)
      : null,
  );
  const phi = overdispersion(zs.filter((z): z is number => z !== null));
  const applied = (options.overdispersion ?? true) && phi !== null && phi > 1;
  const inflation = applied ? (phi as number) : 1;
  return {
    model,
    target: theta === null ? null : theta * multiplier,
    phi,
    overdispersionApplied: applied,
    multiplier,
    units: units.map((unit, i) => {
      const value = unit.exposure > 0 ? unit.events / unit.exposure : null;
      const limits =
        theta === null || value === null ? null : funnelLimits(model, theta, unit.exposure, inflation);
      const position =
        limits === null || value === null
          ? null
          : value > limits.upper95
            ? 'above'
            : value < limits.lower95
              ? 'below'
              : 'within';
      return {
        ...unit,
        value: value === null ? null : value * multiplier,
        z: zs[i],
        limits: limits && scaleLimits(limits, multiplier),
        position,
        beyond998: limits !== null && value !== null && (value > limits.upper998 || value < limits.lower998),
        smallGroup: unit.size != null && unit.size < smallGroup,
      };
    }),
  };
}

/** The limits at one exposure around the overall rate `theta` (unscaled), widened by √phi. */
export function funnelLimits(model: FunnelModel, theta: number, exposure: number, phi = 1): FunnelLimits {
  const sd = Math.sqrt((phi * (model === 'rate' ? theta : theta * (1 - theta))) / exposure);
  const ceiling = model === 'proportion' ? 1 : Infinity;
  const clamp = (x: number) => Math.min(ceiling, Math.max(0, x));
  return {
    lower95: clamp(theta - Z95 * sd),
    upper95: clamp(theta + Z95 * sd),
    lower998: clamp(theta - Z998 * sd),
    upper998: clamp(theta + Z998 * sd),
  };
}

/** Points to draw the funnel's limit lines from `from` to `to` exposure, spaced evenly on a log scale. */
export function funnelCurve(
  plot: Pick<FunnelPlot, 'model' | 'target' | 'phi' | 'overdispersionApplied' | 'multiplier'>,
  from: number,
  to: number,
  steps = 50,
): Array<{ exposure: number } & FunnelLimits> {
  if (plot.target === null || !(from > 0) || !(to >= from)) return [];
  const multiplier = plot.multiplier;
  const theta = plot.target / multiplier;
  const phi = plot.overdispersionApplied ? (plot.phi as number) : 1;
  return Array.from({ length: steps + 1 }, (_, k) => {
    const exposure = from * Math.pow(to / from, k / steps);
    return { exposure, ...scaleLimits(funnelLimits(plot.model, theta, exposure, phi), multiplier) };
  });
}

/**
 * Spiegelhalter's multiplicative overdispersion φ = mean of the squared z-scores after winsorising: the lowest and
 * highest 10 % (rounded down) are set to the nearest value inside, so a few outliers cannot inflate φ. Null for no units.
 */
export function overdispersion(zs: ReadonlyArray<number>): number | null {
  if (zs.length === 0) return null;
  const sorted = [...zs].sort((a, b) => a - b);
  const cut = Math.floor(WINSORISE * sorted.length);
  const low = sorted[cut];
  const high = sorted[sorted.length - 1 - cut];
  return sorted.reduce((sum, z) => sum + Math.min(high, Math.max(low, z)) ** 2, 0) / sorted.length;
}

function scaleLimits(limits: FunnelLimits, multiplier: number): FunnelLimits {
  if (multiplier === 1) return limits;
  return {
    lower95: limits.lower95 * multiplier,
    upper95: limits.upper95 * multiplier,
    lower998: limits.lower998 * multiplier,
    upper998: limits.upper998 * multiplier,
  };
}
