/**
 * Reads a database constraint violation out of whatever Prisma (or pg) threw, so services can map it to their own
 * errors (unique → CONFLICT, foreign-key / check / not-null / too-long / invalid-value → BAD_USER_INPUT or CONFLICT)
 * without knowing how Prisma wraps each case. Constraint names are the ones in prisma/migrations (e.g.
 * `security_rule_network_security_group_id_direction_priority_key`, `security_rule_priority_check`).
 */

export type ConstraintViolationKind =
  'unique' | 'foreign-key' | 'check' | 'not-null' | 'too-long' | 'invalid-value';

export interface ConstraintViolation {
  kind: ConstraintViolationKind;
  /** Postgres constraint or index name, when the error names one. */
  constraint: string | null;
  /** SQLSTATE, e.g. `23505`. */
  sqlState: string;
  /** Postgres' own one-line message. */
  message: string;
}

const KIND_BY_SQLSTATE: Record<string, ConstraintViolationKind> = {
  '23505': 'unique',
  '23503': 'foreign-key',
  '23514': 'check',
  '23502': 'not-null',
  '22001': 'too-long',
  '22P02': 'invalid-value',
  '22023': 'invalid-value',
};

const SQLSTATE_BY_PRISMA_CODE: Record<string, string> = {
  P2000: '22001',
  P2002: '23505',
  P2003: '23503',
  P2004: '23514',
  P2011: '23502',
};

interface Loose {
  code?: unknown;
  originalCode?: unknown;
  originalMessage?: unknown;
  message?: unknown;
  constraint?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: unknown } };
}

/** The violation behind `error`, or null when it is not one (connection errors, bugs …). Never throws. */
export function getConstraintViolation(error: unknown): ConstraintViolation | null {
  if (!error || typeof error !== 'object') return null;
  const top = error as Loose;
  const layers = [top.meta?.driverAdapterError?.cause, top.cause, top].filter(
    (layer): layer is Loose => !!layer && typeof layer === 'object',
  );
  let sqlState: string | undefined;
  for (const layer of layers) {
    for (const code of [layer.originalCode, layer.code]) {
      if (typeof code === 'string' && KIND_BY_SQLSTATE[code]) sqlState ??= code;
    }
  }
  if (!sqlState && typeof top.code === 'string') sqlState = SQLSTATE_BY_PRISMA_CODE[top.code];
  const kind = sqlState ? KIND_BY_SQLSTATE[sqlState] : undefined;
  if (!sqlState || !kind) return null;

  const messages = layers.flatMap((layer) => [layer.originalMessage, layer.message]).filter(isString);
  const message =
    messages.find((m) => !m.includes('\n')) ?? (messages[0] ?? '').trim().split('\n').pop() ?? '';
  return { kind, sqlState, constraint: findConstraintName(layers, messages), message };
}

function findConstraintName(layers: Loose[], messages: string[]): string | null {
  for (const layer of layers) {
    const c = layer.constraint;
    if (typeof c === 'string') return c;
    if (c && typeof c === 'object' && typeof (c as { index?: unknown }).index === 'string') {
      return (c as { index: string }).index;
    }
  }
  for (const m of messages) {
    const match = /constraint "([^"]+)"/.exec(m) ?? /constraint: `([^`]+)`/.exec(m);
    if (match?.[1]) return match[1];
  }
  return null;
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
