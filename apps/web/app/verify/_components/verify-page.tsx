'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { VerifyWorkbench } from '@/components/verify/verify-workbench';
import { decodeVerifyQuery, encodeVerifyQuery, verifyHref, type VerifyQuery } from '@/src/lib/verify-query';

/** /verify: the query lives in the URL; opening a link runs it. */
export function VerifyPage() {
  const params = useSearchParams();
  const router = useRouter();
  const initial = decodeVerifyQuery(params);
  const key = encodeVerifyQuery(initial).toString();

  const navigate = (query: VerifyQuery) => {
    if (encodeVerifyQuery(query).toString() === key) return false; // same URL: run in place
    router.push(verifyHref(query), { scroll: false });
    return true;
  };

  return <VerifyWorkbench key={key} initial={initial} autoRun navigate={navigate} />;
}
