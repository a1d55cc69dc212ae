/**
 * Errors: services throw `AppError(code, message, details)`; ONE table below maps the codes to GraphQL
 * `extensions.code`. Anything else is masked as "Internal server error" and logged (never stacks or SQL).
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger';

export type AppErrorCode =
  'InvalidInput' | 'NotFound' | 'Conflict' | 'Unauthenticated' | 'Forbidden' | 'Unavailable' | 'TooComplex';

/** One problem, zod's shape; `path` names the input field (e.g. ["input", "rule", "priority"]). */
export interface IssueDetail {
  code: string;
  path: (string | number)[];
  message: string;
  resourceId?: string;
  severity?: 'error' | 'warning';
}

export interface AppErrorDetails {
  /** The precise cause, e.g. `InvalidPort`, `DuplicatePriority`, `VersionMismatch`. */
  reason: string;
  /** The offending input field. */
  field?: string;
  /** Index of the offending item in a batch. */
  index?: number;
  issues?: IssueDetail[];
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: AppErrorDetails,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The one table: AppError code → GraphQL extensions.code. */
const GRAPHQL_CODES: Record<AppErrorCode, string> = {
  InvalidInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  Unavailable: 'SERVICE_UNAVAILABLE',
  TooComplex: 'GRAPHQL_VALIDATION_FAILED',
};

export const badInput = (reason: string, message: string, extra: Partial<AppErrorDetails> = {}) =>
  new AppError('InvalidInput', message, { reason, ...extra });
export const notFound = (what: string, id: string, field?: string) =>
  new AppError('NotFound', `${what} '${id}' was not found.`, {
    reason: 'NotFound',
    ...(field ? { field } : {}),
  });
export const conflict = (reason: string, message: string, extra: Partial<AppErrorDetails> = {}) =>
  new AppError('Conflict', message, { reason, ...extra });

/** Throws one BAD_USER_INPUT error listing every issue (none → no-op). */
export function throwIfIssues(issues: IssueDetail[]): void {
  const errors = issues.filter((i) => i.severity !== 'warning');
  if (errors.length === 0) return;
  const first = errors[0]!;
  const summary =
    errors.length === 1 ? first.message : `${first.message} (and ${errors.length - 1} more problem(s))`;
  const field = first.path.filter((p) => p !== 'input').join('.');
  throw new AppError('InvalidInput', `Validation failed: ${summary}`, {
    reason: errors.length === 1 ? first.code : 'ValidationFailed',
    field: field || undefined,
    issues: errors,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Database errors
// ---------------------------------------------------------------------------------------------------------------

const UNAVAILABLE_PATTERN =
  /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|Connection terminated|connection timeout|Connection closed|Can't reach database|terminating connection|DatabaseNotReachable|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)|Server has closed the connection/i;
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let e: unknown = error;
  for (let i = 0; i < 6 && e; i++) {
    chain.push(e);
    e = (e as { cause?: unknown }).cause ?? (e as { originalError?: unknown }).originalError;
  }
  return chain;
}

/** True when the error means the database cannot be reached right now (retry later). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return errorChain(error).some((e) => {
    if (!e || typeof e !== 'object') return false;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_PATTERN.test(code))) {
      return true;
    }
    const kind = (e as { kind?: unknown }).kind;
    if (kind === 'DatabaseNotReachable' || kind === 'ConnectionClosed' || kind === 'SocketTimeout')
      return true;
    const message = (e as { message?: unknown }).message;
    return typeof message === 'string' && UNAVAILABLE_PATTERN.test(message);
  });
}

interface PrismaLikeError {
  code?: string;
  meta?: { target?: unknown; modelName?: string; cause?: string; field_name?: string };
  message?: string;
}

/**
 * Translates known Prisma errors where they happen: P2002 → CONFLICT AlreadyExists, P2025 → NOT_FOUND,
 * P2003 → CONFLICT InUse; an unreachable database → SERVICE_UNAVAILABLE. Other errors pass through unchanged.
 */
export function translateDatabaseError(error: unknown, what = 'Resource'): unknown {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return unavailable();
  const e = error as PrismaLikeError;
  switch (e?.code) {
    case 'P2002': {
      const target = Array.isArray(e.meta?.target) ? (e.meta.target as string[]).join(', ') : e.meta?.target;
      const reason =
        typeof target === 'string' && /priority/.test(target) ? 'DuplicatePriority' : 'AlreadyExists';
      return conflict(
        reason,
        reason === 'DuplicatePriority'
          ? `${what}: another rule already uses this priority in this direction.`
          : `${what} already exists.`,
      );
    }
    case 'P2025':
      return new AppError('NotFound', `${what} was not found (it may have been deleted).`, {
        reason: 'NotFound',
      });
    case 'P2003':
      return conflict('InUse', `${what} is referenced by other resources; remove those references first.`);
    default:
      return error;
  }
}

export function unavailable(): AppError {
  return new AppError('Unavailable', 'The database is unavailable; retry shortly.', {
    reason: 'DatabaseUnavailable',
    retryable: true,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// GraphQL formatting
// ---------------------------------------------------------------------------------------------------------------

function toExtensions(error: AppError): Record<string, unknown> {
  const details = Object.fromEntries(Object.entries(error.details).filter(([, v]) => v !== undefined));
  return { code: GRAPHQL_CODES[error.code], ...details };
}

/** An AppError as a GraphQLError (for validation rules and anything that must throw GraphQL errors). */
export function toGraphQLError(error: AppError): GraphQLError {
  return new GraphQLError(error.message, { extensions: toExtensions(error) });
}

const FIELD_REASONS: Record<string, string> = {
  localPort: 'InvalidPort',
  remotePort: 'InvalidPort',
  localIpAddress: 'InvalidIpAddress',
  remoteIpAddress: 'InvalidIpAddress',
  protocol: 'InvalidProtocol',
  direction: 'InvalidDirection',
};
const ENUM_REASONS: Record<string, string> = {
  FlowProtocol: 'InvalidProtocol',
  Direction: 'InvalidDirection',
};

/**
 * graphql-js reports bad variables and enum literals as text only; give them the same `reason`/`field`/`index`
 * extensions our own input errors carry (e.g. an unknown protocol → reason InvalidProtocol, field protocol).
 */
export function describeInputError(message: string): Record<string, unknown> {
  const enumType = /does not exist in "(\w+)" enum/.exec(message)?.[1];
  const at = /^Variable "\$\w+" got invalid value .*? at "([^"]+)"/s.exec(message)?.[1];
  // A required input field left out, or a field the input type does not have: name it.
  const missing = /; Field "(\w+)" of required type "[^"]+" was not provided\.$/.exec(message)?.[1];
  const unknown = /; Field "(\w+)" is not defined by type "\w+"/.exec(message)?.[1];
  const extra: Record<string, unknown> = {};
  if (missing !== undefined || unknown !== undefined) {
    const index = at === undefined ? undefined : /\[(\d+)\]$/.exec(at)?.[1];
    extra.field = missing ?? unknown;
    if (index !== undefined) extra.index = Number(index);
    extra.reason = missing !== undefined ? 'MissingField' : 'UnknownField';
  } else if (at) {
    const index = /\[(\d+)\]/.exec(at)?.[1];
    const field = at
      .split('.')
      .pop()!
      .replace(/\[\d+\]$/, '');
    extra.field = field;
    if (index !== undefined) extra.index = Number(index);
    extra.reason = (enumType && ENUM_REASONS[enumType]) ?? FIELD_REASONS[field] ?? 'InvalidValue';
  } else if (enumType) {
    extra.reason = ENUM_REASONS[enumType] ?? 'InvalidValue';
  }
  return extra;
}

/** Apollo's formatError: AppErrors keep their codes, GraphQL's own errors pass, everything else is masked. */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof AppError) {
      return { ...base, message: original.message, extensions: toExtensions(original) };
    }
    if (
      original === undefined ||
      original === null ||
      (original instanceof GraphQLError && !original.originalError)
    ) {
      // Parse/validation/variable errors raised by graphql-js or Apollo: safe to show as they are.
      const { stacktrace: _s, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
      const described =
        extensions.code === 'BAD_USER_INPUT' || extensions.code === 'GRAPHQL_VALIDATION_FAILED'
          ? describeInputError(formatted.message)
          : {};
      return { ...base, extensions: { ...described, ...extensions } };
    }
    const translated = translateDatabaseError(original);
    if (translated instanceof AppError) {
      if (translated.code === 'Unavailable') {
        logger.warn('database unavailable', { error: String((original as Error)?.message ?? original) });
      }
      return { ...base, message: translated.message, extensions: toExtensions(translated) };
    }
    logger.error('internal error', {
      path: formatted.path,
      error: original instanceof Error ? original.message : String(original),
      stack: original instanceof Error ? original.stack : undefined,
    });
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
