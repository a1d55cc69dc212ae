/**
 * Same-origin GraphQL proxy: the browser POSTs here, the server forwards to the API. One origin means no CORS,
 * and the API's address is runtime configuration (FLOWVERIFY_API_URL), not baked into the client bundle.
 * The session cookie (httpOnly, so page scripts never read the token) becomes `Authorization: Bearer` here.
 */
import { apiUrl } from '@/src/lib/api-url';
import { SESSION_COOKIE } from '@/src/lib/session';

export const dynamic = 'force-dynamic';

/** The session token from the httpOnly cookie set at sign-in (see app/auth/session/route.ts). */
function sessionToken(request: Request): string | null {
  const cookie = request.headers.get('cookie');
  if (!cookie) return null;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = decodeURIComponent(part.slice(eq + 1).trim());
      if (value) return value;
    }
  }
  return null;
}

function unavailable(message: string): Response {
  return Response.json(
    { errors: [{ message, extensions: { code: 'API_UNAVAILABLE' } }] },
    { status: 502, headers: { 'cache-control': 'no-store' } },
  );
}

export async function POST(request: Request): Promise<Response> {
  const body = await request.text();
  const token = sessionToken(request);
  let upstream: Response;
  try {
    upstream = await fetch(apiUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: request.headers.get('accept') ?? 'application/graphql-response+json, application/json',
        // Apollo's CSRF guard wants a non-simple request; this header marks it as one.
        'apollo-require-preflight': 'true',
        // The API authenticates every field; without a session it answers UNAUTHENTICATED.
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
      cache: 'no-store',
    });
  } catch (err) {
    // The API's address is internal: it goes to the server log, never to the browser.
    console.error(`GraphQL proxy: the flowverify API is not reachable at ${apiUrl()}: ${String(err)}`);
    return unavailable('The flowverify API is not reachable.');
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
