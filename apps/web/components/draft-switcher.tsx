'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from 'urql';
import { DraftsQuery } from '@/graphql/operations/drafts';
import { withWorkspace } from '@/src/lib/hrefs';
import { draftWorkspace, splitWorkspace } from '@/src/lib/drafts';
import { DEFAULT_WORKSPACE } from '@/src/lib/verify-query';

const NEW_DRAFT = '__new__';

/** Live model or one of its drafts; switching keeps the page (a draft has the same resources as its base). */
export function DraftSwitcher({ workspace }: { workspace: string }) {
  const { base, draft } = splitWorkspace(workspace);
  const pathname = usePathname();
  const params = useSearchParams();
  const router = useRouter();
  const [{ data }] = useQuery({ query: DraftsQuery, variables: { workspace: base } });
  const drafts = data?.drafts ?? [];
  const names = drafts.map((d) => d.name);
  if (draft && !names.includes(draft)) names.unshift(draft);

  const switchTo = (value: string) => {
    if (value === NEW_DRAFT) return router.push(withWorkspace('/drafts?new', base));
    const next = value ? draftWorkspace(base, value) : base;
    const copy = new URLSearchParams(params.toString());
    if (next === DEFAULT_WORKSPACE) copy.delete('workspace');
    else copy.set('workspace', next);
    const qs = copy.toString();
    router.push(qs ? `${pathname}?${qs}` : pathname);
  };

  return (
    <div className="workspace-switcher">
      <label htmlFor="draft-select">Draft</label>
      <select id="draft-select" value={draft ?? ''} onChange={(e) => switchTo(e.target.value)}>
        <option value="">Live model</option>
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
        <option value={NEW_DRAFT}>New draft…</option>
      </select>
    </div>
  );
}
