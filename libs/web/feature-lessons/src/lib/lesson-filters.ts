/** The filters that fold away on a phone; the search stays in view. */
export const FOLDING_FILTERS = ['verdict', 'recommendation', 'discipline', 'teamId'] as const;

export type LessonFilters = Partial<Record<(typeof FOLDING_FILTERS)[number], string | null | undefined>>;

/** How many folded filters are set: the count the "Filters" toggle shows, so a folded choice is never forgotten. */
export function activeFilterCount(filters: LessonFilters): number {
  return FOLDING_FILTERS.filter((key) => !!filters[key]).length;
}
