/**
 * Cursor connections: opaque offset cursors (`base64("o:<n>")`), `first` capped at MAX_PAGE_SIZE.
 */
import { badInput } from './errors';

export const MAX_PAGE_SIZE = 500;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Window {
  skip: number;
  take: number;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

export const encodeCursor = (offset: number): string => Buffer.from(`o:${offset}`).toString('base64url');

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^o:(\d{1,9})$/.exec(text);
  if (!m)
    throw badInput('InvalidCursor', `'${cursor}' is not a cursor returned by this API.`, { field: 'after' });
  return Number(m[1]);
}

export function toWindow(args: PageArgs, defaultSize = 50): Window {
  const take = args.first ?? defaultSize;
  if (!Number.isInteger(take) || take < 0 || take > MAX_PAGE_SIZE) {
    throw badInput('InvalidPageSize', `first must be between 0 and ${MAX_PAGE_SIZE}.`, { field: 'first' });
  }
  const skip = args.after ? decodeCursor(args.after) + 1 : 0;
  return { skip, take };
}

/** A connection from one page of rows (already windowed) and the total count. */
export function toConnection<T>(rows: T[], total: number, window: Window): Connection<T> {
  const edges = rows.map((node, i) => ({ cursor: encodeCursor(window.skip + i), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: window.skip + rows.length < total,
      hasPreviousPage: window.skip > 0,
      startCursor: edges.length ? edges[0]!.cursor : null,
      endCursor: edges.length ? edges[edges.length - 1]!.cursor : null,
    },
    totalCount: total,
  };
}

/** A connection sliced from a complete, ordered list (nested relations loaded by a DataLoader). */
export function sliceConnection<T>(all: readonly T[], args: PageArgs, defaultSize = 50): Connection<T> {
  const window = toWindow(args, defaultSize);
  return toConnection(all.slice(window.skip, window.skip + window.take), all.length, window);
}
