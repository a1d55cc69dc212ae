/**
 * Next's request proxy (formerly "middleware"): pages need a session.
 * - `/signin?token=…` (the sign-in URL the API prints): the token is checked with the API, stored in the httpOnly
 *   session cookie, and the browser is redirected so the secret leaves the address bar and the history.
 * - Any other page without the session cookie goes to /signin (and comes back afterwards). A cookie whose token
 *   was revoked is caught by the GraphQL client (UNAUTHENTICATED → /signin).
 */
import { NextResponse, type NextRequest } from 'next/server';
import {
  SESSION_COOKIE,
  browserOrigin,
  isHttpsRequest,
  safeNextPath,
  sessionCookieOptions,
  signinHref,
} from '@/src/lib/session';
import { validateToken } from '@/src/lib/validate-token';

/** Redirects go back to the host the browser used. */
function origin(request: NextRequest): string {
  return browserOrigin(request.url, request.headers.get('host'), request.headers.get('x-forwarded-proto'));
}

export async function proxy(request: NextRequest): Promise<Response> {
  const { pathname, searchParams } = request.nextUrl;
  if (pathname === '/signin') {
    const token = searchParams.get('token');
    if (token === null) return NextResponse.next();
    const next = safeNextPath(searchParams.get('next'));
    const check = await validateToken(token);
    if (!check.ok) {
      const back = new URL('/signin', origin(request));
      back.searchParams.set('error', check.reason);
      if (next !== '/') back.searchParams.set('next', next);
      return NextResponse.redirect(back, 303);
    }
    const response = NextResponse.redirect(new URL(next, origin(request)), 303);
    response.cookies.set(
      SESSION_COOKIE,
      token.trim(),
      sessionCookieOptions(isHttpsRequest(request.url, request.headers.get('x-forwarded-proto'))),
    );
    return response;
  }
  if (!request.cookies.get(SESSION_COOKIE)?.value) {
    return NextResponse.redirect(
      new URL(signinHref(`${pathname}${request.nextUrl.search}`), origin(request)),
      307,
    );
  }
  return NextResponse.next();
}

export const config = {
  // Pages only: not Next's assets, not the GraphQL proxy or the sign-in/out handlers (they answer for themselves).
  matcher: ['/((?!_next/|api/|auth/|icon\\.svg|favicon\\.ico).*)'],
};
