/**
 * A minimal GraphQL-over-HTTP client for the CLI (node:http/https, so uploads can report progress).
 */
import http from 'node:http';
import https from 'node:https';

export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; reason?: string; field?: string; issues?: unknown[]; [key: string]: unknown };
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly errors: GraphQLErrorBody[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const CHUNK = 256 * 1024;

let bearerToken: string | null = null;

/** The API token every request sends as `Authorization: Bearer` (runCli sets it from --token or FLOWVERIFY_TOKEN). */
export function setApiToken(token: string | null | undefined): void {
  bearerToken = token?.trim() || null;
}

/** POSTs one operation; resolves with `data`, rejects with ApiError (GraphQL errors, HTTP or connection failure). */
export function requestGraphQL<T>(
  api: string,
  query: string,
  variables: Record<string, unknown>,
  onUpload?: (sent: number, total: number) => void,
): Promise<T> {
  let url: URL;
  try {
    url = new URL(api);
  } catch {
    return Promise.reject(new ApiError(`--api "${api}" is not a URL`));
  }
  const body = Buffer.from(JSON.stringify({ query, variables }));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<T>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'apollo-require-preflight': 'true',
          ...(bearerToken ? { authorization: `Bearer ${bearerToken}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: { data?: T | null; errors?: GraphQLErrorBody[] };
          try {
            parsed = JSON.parse(text) as typeof parsed;
          } catch {
            reject(new ApiError(`the API at ${api} answered HTTP ${res.statusCode} with a non-GraphQL body`));
            return;
          }
          if (parsed.errors?.length) {
            reject(new ApiError(parsed.errors[0]!.message, parsed.errors));
          } else if (parsed.data == null) {
            reject(new ApiError(`the API at ${api} answered HTTP ${res.statusCode} without data`));
          } else {
            resolve(parsed.data);
          }
        });
        res.on('error', (e) => reject(new ApiError(`reading the API's answer failed: ${e.message}`)));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new ApiError(
          e.code === 'ECONNREFUSED'
            ? `cannot reach the API at ${api} (connection refused); start it with "npm start" or pass --api`
            : `cannot reach the API at ${api}: ${e.message}`,
        ),
      ),
    );
    // Write in chunks so large uploads can report progress.
    let sent = 0;
    const writeNext = (): void => {
      while (sent < body.length) {
        const end = Math.min(sent + CHUNK, body.length);
        const ok = req.write(body.subarray(sent, end));
        sent = end;
        onUpload?.(sent, body.length);
        if (!ok) {
          req.once('drain', writeNext);
          return;
        }
      }
      req.end();
    };
    writeNext();
  });
}
