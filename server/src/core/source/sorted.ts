/** Binary search over arrays kept in order (statements, tokens). */

/** How many items at the start of a sorted array satisfy `before` (a predicate true for a prefix of it). */
export function countWhile<T>(items: readonly T[], before: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(items[middle])) low = middle + 1;
    else high = middle;
  }
  return low;
}
