'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { withWorkspace } from '@/src/lib/hrefs';
import { DEFAULT_WORKSPACE } from '@/src/lib/verify-query';

/** The workspace chosen in the URL (`?workspace=`), `default` when absent. */
export function useWorkspace(): string {
  const params = useSearchParams();
  return params.get('workspace')?.trim() || DEFAULT_WORKSPACE;
}

/** `href → href with the current workspace`, for links. */
export function useWorkspaceHref(): (href: string) => string {
  const workspace = useWorkspace();
  return useCallback((href: string) => withWorkspace(href, workspace), [workspace]);
}
