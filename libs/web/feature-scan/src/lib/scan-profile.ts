/** Below this width (CSS px) a radar's eleven names crowd each other: the profile becomes a dot plot. */
export const RADAR_MIN_WIDTH = 480;

/**
 * A name broken into lines of at most `max` characters at spaces, for a radar's point labels: a word
 * longer than that keeps its own line rather than being cut.
 */
export function wrapLabel(text: string, max = 16): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= max) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Where a score on the 1–5 scale sits along a dot plot's track, as a percentage from its start. */
export function scalePosition(value: number | null | undefined): number | null {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  return Math.round(((Math.min(5, Math.max(1, value)) - 1) / 4) * 1000) / 10;
}
