/** Signing out: forgets the session cookie (the token itself stays valid until revoked on the tokens page). */
import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE } from '@/src/lib/session';
import { origin } from '@/src/lib/sign-in';

export const dynamic = 'force-dynamic';

export function POST(request: NextRequest): Response {
  const response = NextResponse.redirect(new URL('/signin?signedOut=1', origin(request)), 303);
  response.cookies.delete(SESSION_COOKIE);
  return response;
}
