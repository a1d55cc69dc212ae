import { cacheExchange, Client, fetchExchange } from '@urql/core';

/** The browser talks to the same-origin proxy (app/api/graphql/route.ts), never to the API directly. */
export const GRAPHQL_PATH = '/api/graphql';

export function createGraphqlClient(): Client {
  return new Client({
    url: GRAPHQL_PATH,
    exchanges: [cacheExchange, fetchExchange],
    // Apollo's CSRF prevention rejects GET queries from browsers.
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
  });
}
