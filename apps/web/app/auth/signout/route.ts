/** Signing out: forgets the session cookie (the token itself stays valid until revoked on the tokens page). */
import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE, browserOrigin } from '@/src/lib/session';

/** Redirects go back to the host the browser used. */
function origin(request: NextRequest): string {
  return browserOrigin(request.url, request.headers.get('host'), request.headers.get('x-forwarded-proto'));
}

export const dynamic = 'force-dynamic';

export function POST(request: NextRequest): Response {
  const response = NextResponse.redirect(new URL('/signin?signedOut=1', origin(request)), 303);
  response.cookies.delete(SESSION_COOKIE);
  return response;
}
