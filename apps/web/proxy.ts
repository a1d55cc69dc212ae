/**
 * Next's request proxy (formerly "middleware"): pages need a session.
 * - `/signin?token=…` (the sign-in URL the API prints): the token is checked with the API, stored in the httpOnly
 *   session cookie, and the browser is redirected so the secret leaves the address bar and the history.
 * - Any other page without the session cookie goes to /signin (and comes back afterwards). A cookie whose token
 *   was revoked is caught by the GraphQL client (UNAUTHENTICATED → /signin).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE, safeNextPath, signinHref } from '@/src/lib/session';
import { origin, signInResponse } from '@/src/lib/sign-in';

export async function proxy(request: NextRequest): Promise<Response> {
  const { pathname, searchParams } = request.nextUrl;
  if (pathname === '/signin') {
    const token = searchParams.get('token');
    if (token === null) return NextResponse.next();
    const next = safeNextPath(searchParams.get('next'));
    return signInResponse(request, token, next);
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
