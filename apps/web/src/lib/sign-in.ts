/**
 * The server side of signing in and out, shared by the sign-in form's route (app/auth/session), the sign-in URL
 * the API prints (proxy.ts, `/signin?token=…`) and signing out (app/auth/signout).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { browserOrigin, isHttpsRequest, SESSION_COOKIE, sessionCookieOptions } from './session';
import { validateToken } from './validate-token';

/** Redirects go back to the host the browser used. */
export function origin(request: NextRequest): string {
  return browserOrigin(request.url, request.headers.get('host'), request.headers.get('x-forwarded-proto'));
}

/**
 * Checks `token` with the API: a valid one goes into the httpOnly session cookie and the browser is sent on to
 * `next` (303); an invalid one goes back to /signin with the reason (and `next`, to come back to afterwards).
 * `next` must already be a safe same-site path (`safeNextPath`).
 */
export async function signInResponse(request: NextRequest, token: string, next: string): Promise<Response> {
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
