/**
 * Signing in: the sign-in form POSTs the token here (it works without JavaScript). The API validates it (`me`);
 * a valid token goes into the httpOnly session cookie and the browser is sent on (303), an invalid one back to
 * /signin with the reason. The token never appears in a URL on this path.
 */
import { NextResponse, type NextRequest } from 'next/server';
import {
  SESSION_COOKIE,
  browserOrigin,
  isHttpsRequest,
  safeNextPath,
  sessionCookieOptions,
} from '@/src/lib/session';
import { validateToken } from '@/src/lib/validate-token';

/** Redirects go back to the host the browser used. */
function origin(request: NextRequest): string {
  return browserOrigin(request.url, request.headers.get('host'), request.headers.get('x-forwarded-proto'));
}

export const dynamic = 'force-dynamic';

export async function POST(request: NextRequest): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const token = String(form?.get('token') ?? '');
  const next = safeNextPath(String(form?.get('next') ?? '/'));
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
