/**
 * Server side of the topology page: reads the workspace's topology from the API with the session's token and lays
 * it out here, so the browser gets a ready-to-draw graph streamed with the page (no client round trips, no layout
 * on the main thread). The laid-out view is cached per (workspace id, model version): the version is bumped in the
 * same transaction as every write, so an entry can never be stale; the cheap version probe runs first, and the
 * topology itself is only read (and laid out) when the version is new. The probe goes through the API's
 * authorisation with the caller's own token, so a cached view is only served to someone who may read the workspace.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { cookies } from 'next/headers';
import type { CombinedErrorLike } from '@/graphql/errors';
import { TopologyQuery, TopologyVersionQuery } from '@/graphql/operations/topology';
import { apiUrl } from '@/src/lib/api-url';
import { SESSION_COOKIE } from '@/src/lib/session';
import { buildTopologyView, type TopologyView } from '@/src/lib/topology-layout';

export type TopologyResult =
  | { status: 'ready'; view: TopologyView; empty: boolean }
  | { status: 'missing' }
  | { status: 'unauthenticated' }
  | { status: 'error'; error: CombinedErrorLike };

/** Laid-out views by `<workspace id>@<model version>`, most recently used last. */
const cache = new Map<string, { view: TopologyView; empty: boolean }>();
const CACHE_ENTRIES = 16;

class RequestFailed extends Error {
  constructor(readonly error: CombinedErrorLike) {
    super(error.message ?? 'GraphQL request failed');
  }
}

async function request<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  token: string,
): Promise<TResult> {
  let res: Response;
  try {
    res = await fetch(apiUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'apollo-require-preflight': 'true',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query: print(document), variables }),
      cache: 'no-store',
    });
  } catch {
    throw new RequestFailed({
      graphQLErrors: [
        {
          message: `The flowverify API is not reachable at ${apiUrl()}.`,
          extensions: { code: 'API_UNAVAILABLE' },
        },
      ],
    });
  }
  const json = (await res.json().catch(() => null)) as {
    data?: TResult | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  } | null;
  if (json?.errors?.length) throw new RequestFailed({ graphQLErrors: json.errors });
  if (!json?.data) {
    throw new RequestFailed({
      graphQLErrors: [{ message: `The API answered HTTP ${res.status} without data.`, extensions: {} }],
    });
  }
  return json.data;
}

function remember(key: string, entry: { view: TopologyView; empty: boolean }) {
  cache.delete(key);
  cache.set(key, entry);
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
}

/** Never rejects: every outcome is a TopologyResult the page can render. */
export async function loadTopology(workspace: string): Promise<TopologyResult> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return { status: 'unauthenticated' };
  try {
    const probe = await request(TopologyVersionQuery, { workspace }, token);
    if (!probe.workspace) return { status: 'missing' };
    const cached = cache.get(`${probe.workspace.id}@${probe.workspace.modelVersion}`);
    if (cached) {
      remember(`${probe.workspace.id}@${probe.workspace.modelVersion}`, cached);
      return { status: 'ready', ...cached };
    }
    const data = await request(TopologyQuery, { workspace }, token);
    if (!data.workspace) return { status: 'missing' };
    const model = data.workspace.topology;
    const entry = {
      view: buildTopologyView(model),
      empty: model.virtualNetworks.length === 0 && model.virtualMachines.length === 0,
    };
    remember(`${data.workspace.id}@${model.modelVersion}`, entry);
    return { status: 'ready', ...entry };
  } catch (error) {
    if (!(error instanceof RequestFailed)) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        status: 'error',
        error: { graphQLErrors: [{ message: `Could not build the topology: ${message}` }] },
      };
    }
    if (error.error.graphQLErrors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
      return { status: 'unauthenticated' };
    }
    return { status: 'error', error: error.error };
  }
}
