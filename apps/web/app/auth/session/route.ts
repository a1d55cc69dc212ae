/**
 * Signing in: the sign-in form POSTs the token here (it works without JavaScript). The API validates it (`me`);
 * a valid token goes into the httpOnly session cookie and the browser is sent on (303), an invalid one back to
 * /signin with the reason. The token never appears in a URL on this path.
 */
import type { NextRequest } from 'next/server';
import { safeNextPath } from '@/src/lib/session';
import { signInResponse } from '@/src/lib/sign-in';

export const dynamic = 'force-dynamic';

export async function POST(request: NextRequest): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const token = String(form?.get('token') ?? '');
  const next = safeNextPath(String(form?.get('next') ?? '/'));
  return signInResponse(request, token, next);
}
