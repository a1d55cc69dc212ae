import { cacheExchange, Client, fetchExchange, mapExchange } from '@urql/core';
import { signinHref } from '@/src/lib/session';

/** The browser talks to the same-origin proxy (app/api/graphql/route.ts), never to the API directly. */
export const GRAPHQL_PATH = '/api/graphql';

/** A session that is missing, revoked or expired: go (back) to the sign-in page, then return here. */
function redirectToSignin() {
  if (typeof window === 'undefined' || window.location.pathname === '/signin') return;
  window.location.assign(signinHref(`${window.location.pathname}${window.location.search}`, 'expired'));
}

export function createGraphqlClient(): Client {
  return new Client({
    url: GRAPHQL_PATH,
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          if (error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) redirectToSignin();
        },
      }),
      fetchExchange,
    ],
    // Apollo's CSRF prevention rejects GET queries from browsers.
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
  });
}
