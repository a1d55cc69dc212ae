import { fetchAllPages } from './fetch-all';

describe('fetchAllPages', () => {
  it('follows cursors to the last page', async () => {
    const pages: Record<string, { items: number[]; next: string | null }> = {
      start: { items: [1, 2], next: 'a' },
      a: { items: [3], next: 'b' },
      b: { items: [4], next: null },
    };
    const seen: (string | null)[] = [];
    const all = await fetchAllPages(async (after) => {
      seen.push(after);
      const p = pages[after ?? 'start']!;
      return { items: p.items, hasNextPage: p.next !== null, endCursor: p.next };
    });
    expect(all).toEqual([1, 2, 3, 4]);
    expect(seen).toEqual([null, 'a', 'b']);
  });

  it('stops when the cursor does not move', async () => {
    let calls = 0;
    await fetchAllPages(async () => {
      calls++;
      return { items: [calls], hasNextPage: true, endCursor: 'same' };
    });
    expect(calls).toBe(2);
  });
});
