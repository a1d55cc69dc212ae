/** Where the server side of the dashboard reaches the API (runtime configuration, never in the client bundle). */
export const DEFAULT_API_URL = 'http://127.0.0.1:4000/graphql';

export function apiUrl(): string {
  return process.env.FLOWVERIFY_API_URL || DEFAULT_API_URL;
}
