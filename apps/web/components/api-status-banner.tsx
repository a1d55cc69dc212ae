'use client';

import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import { explainError } from '@/graphql/errors';
import { ApiVersionQuery } from '@/graphql/operations/workspace';

/** A page-wide banner while the API cannot be reached; checks on load, then every 15 s and on focus. */
export function ApiStatusBanner() {
  const client = useClient();
  const [down, setDown] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    const check = async () => {
      const result = await client.query(ApiVersionQuery, {}, { requestPolicy: 'network-only' }).toPromise();
      if (!alive) return;
      const explained = explainError(result.error);
      setDown(explained?.apiDown ? (explained.messages[0] ?? 'The flowverify API is not reachable.') : null);
    };
    void check();
    const timer = setInterval(check, 15000);
    window.addEventListener('focus', check);
    return () => {
      alive = false;
      clearInterval(timer);
      window.removeEventListener('focus', check);
    };
  }, [client]);

  return (
    <div aria-live="assertive">
      {down ? (
        <div className="api-down" role="alert">
          <strong>API unavailable.</strong> {down} Data on this page may be missing or stale.{' '}
          <button type="button" className="secondary icon" onClick={() => window.location.reload()}>
            Retry
          </button>
        </div>
      ) : null}
    </div>
  );
}
