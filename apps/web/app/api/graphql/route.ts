/**
 * Same-origin GraphQL proxy: the browser POSTs here, the server forwards to the API. One origin means no CORS,
 * and the API's address is runtime configuration (FLOWVERIFY_API_URL), not baked into the client bundle.
 */
export const dynamic = 'force-dynamic';

const DEFAULT_API_URL = 'http://127.0.0.1:4000/graphql';

function apiUrl(): string {
  return process.env.FLOWVERIFY_API_URL || DEFAULT_API_URL;
}

function unavailable(message: string): Response {
  return Response.json(
    { errors: [{ message, extensions: { code: 'API_UNAVAILABLE' } }] },
    { status: 502, headers: { 'cache-control': 'no-store' } },
  );
}

export async function POST(request: Request): Promise<Response> {
  const body = await request.text();
  let upstream: Response;
  try {
    upstream = await fetch(apiUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: request.headers.get('accept') ?? 'application/graphql-response+json, application/json',
        // Apollo's CSRF guard wants a non-simple request; this header marks it as one.
        'apollo-require-preflight': 'true',
      },
      body,
      cache: 'no-store',
    });
  } catch {
    return unavailable(`The flowverify API is not reachable at ${apiUrl()}.`);
  }
  const text = await upstream.text();
  return new Response(text, {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'cache-control': 'no-store',
    },
  });
}

export function GET(): Response {
  return Response.json(
    { errors: [{ message: 'Use POST for GraphQL requests.', extensions: { code: 'METHOD_NOT_ALLOWED' } }] },
    { status: 405, headers: { allow: 'POST' } },
  );
}
