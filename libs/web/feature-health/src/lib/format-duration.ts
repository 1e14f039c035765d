/** Unit abbreviations, per language ("2 h 5 min", "2 u 5 min"). */
export interface DurationUnits {
  readonly d: string;
  readonly h: string;
  readonly min: string;
  readonly s: string;
}

const ENGLISH_UNITS: DurationUnits = { d: 'd', h: 'h', min: 'min', s: 's' };

const SIZES: readonly [unit: keyof DurationUnits, seconds: number][] = [
  ['d', 86_400],
  ['h', 3_600],
  ['min', 60],
  ['s', 1],
];

/** Uptime in words people scan quickly: the two largest units, e.g. "2 h 5 min". */
export function formatDuration(totalSeconds: number, units: DurationUnits = ENGLISH_UNITS): string {
  let rest = Math.max(0, Math.floor(totalSeconds));
  const parts: string[] = [];
  for (const [unit, size] of SIZES) {
    const label = units[unit];
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0 || (parts.length > 0 && parts.length < 2)) {
      parts.push(`${amount} ${label}`);
    }
    if (parts.length === 2) {
      break;
    }
  }
  return parts.length > 0 ? parts.join(' ') : `0 ${units.s}`;
}
