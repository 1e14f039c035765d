/** Every list answers this many items unless asked for fewer, and never more than the maximum. */
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;

/** One page of a list: what every collection endpoint answers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function mapPage<A, B>(page: Page<A>, map: (item: A) => B): Page<B> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}
