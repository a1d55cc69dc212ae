/**
 * Reading the API's errors: GraphQL errors carry `extensions.code` (BAD_USER_INPUT, NOT_FOUND, CONFLICT …),
 * `extensions.reason`, `extensions.field` and, for validation, `extensions.issues: [{ code, path, message }]`.
 * Forms show the field-level messages next to the right input; everything else goes into a banner.
 */

export interface ApiIssue {
  code?: string;
  path?: readonly (string | number)[] | string;
  message: string;
  resourceId?: string | null;
  severity?: string;
}

/** Every issue of every error (e.g. all the problems of a rejected import). */
export function errorIssues(error: CombinedErrorLike | null | undefined): ApiIssue[] {
  return (error?.graphQLErrors ?? []).flatMap((e) => asIssues(e.extensions?.issues));
}

export interface GraphqlErrorLike {
  message: string;
  extensions?: Record<string, unknown> | null;
}

export interface CombinedErrorLike {
  message?: string;
  networkError?: Error | null;
  graphQLErrors?: readonly GraphqlErrorLike[];
  response?: { status?: number } | null;
}

/** What users read when the API cannot be reached (never the API's address: it is internal). */
export const API_DOWN_MESSAGE = 'The flowverify API is not reachable.';

export interface ExplainedError {
  /** The API could not be reached (proxy says so, or the request itself failed). */
  apiDown: boolean;
  /** e.g. BAD_USER_INPUT, NOT_FOUND; API_UNAVAILABLE when down; NETWORK for other transport failures. */
  code: string;
  reason: string | null;
  /** One message per field (the last string segment of the issue path, e.g. `priority`). */
  fieldErrors: Record<string, string>;
  /** Messages not tied to a field, or all of them when none is. */
  messages: string[];
}

function asIssues(value: unknown): ApiIssue[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (v): v is ApiIssue => typeof v === 'object' && v !== null && typeof (v as ApiIssue).message === 'string',
  );
}

/** The form field an issue path points at: its last string segment that is not the `input` wrapper. */
export function issueField(path: readonly (string | number)[] | string | undefined): string | null {
  // Import issues carry a JSON path into the uploaded document (a string): not a form field.
  if (!path || typeof path === 'string') return null;
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === 'string' && seg !== 'input' && seg !== 'inputs' && seg !== 'rule' && seg !== 'patch')
      return seg;
  }
  return null;
}

export function explainError(error: CombinedErrorLike | null | undefined): ExplainedError | null {
  if (!error) return null;
  const gqlErrors = error.graphQLErrors ?? [];
  const fieldErrors: Record<string, string> = {};
  const messages: string[] = [];
  let code = '';
  let reason: string | null = null;

  for (const e of gqlErrors) {
    const ext = e.extensions ?? {};
    if (!code && typeof ext.code === 'string') code = ext.code;
    if (!reason && typeof ext.reason === 'string') reason = ext.reason;
    const issues = asIssues(ext.issues);
    let placed = false;
    for (const issue of issues) {
      const field = issueField(issue.path);
      if (field && !(field in fieldErrors)) {
        fieldErrors[field] = issue.message;
        placed = true;
      } else if (!field) messages.push(issue.message);
    }
    if (typeof ext.field === 'string') {
      // `extensions.field` may be a dotted path into the input (`patch.priority`): the form field is its end.
      const field = issueField(ext.field.split('.')) ?? ext.field;
      if (!(field in fieldErrors)) fieldErrors[field] = e.message;
      placed = true;
    }
    if (!placed) messages.push(e.message);
  }

  const apiDown = code === 'API_UNAVAILABLE' || (gqlErrors.length === 0 && !!error.networkError);
  if (!code) code = error.networkError ? (apiDown ? 'API_UNAVAILABLE' : 'NETWORK') : 'ERROR';
  if (apiDown) {
    return {
      apiDown,
      code: 'API_UNAVAILABLE',
      reason,
      fieldErrors: {},
      // Always our own wording: what the proxy or the transport said may carry the API's internal address.
      messages: [API_DOWN_MESSAGE],
    };
  }
  if (messages.length === 0 && Object.keys(fieldErrors).length === 0) {
    messages.push(error.networkError?.message ?? error.message ?? 'Something went wrong.');
  }
  return { apiDown, code, reason, fieldErrors, messages: [...new Set(messages)] };
}
