'use client';

import { useState, type ReactNode } from 'react';
import { Provider } from 'urql';
import { createGraphqlClient } from './client';

export function GraphqlProvider({ children }: { children: ReactNode }) {
  const [client] = useState(createGraphqlClient);
  return <Provider value={client}>{children}</Provider>;
}
