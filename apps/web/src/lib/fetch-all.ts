/**
 * Follows a cursor connection to its end. `fetchPage(after)` returns the page's items and pageInfo; a hard cap
 * keeps a misbehaving server from looping us forever.
 */
export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  endCursor: string | null | undefined;
}

export async function fetchAllPages<T>(
  fetchPage: (after: string | null) => Promise<Page<T>>,
  maxPages = 200,
): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page: Page<T> = await fetchPage(after);
    all.push(...page.items);
    if (!page.hasNextPage || !page.endCursor || page.endCursor === after) break;
    after = page.endCursor;
  }
  return all;
}
