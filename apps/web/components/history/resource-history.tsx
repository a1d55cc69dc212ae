'use client';

import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useWorkspace } from '@/components/use-workspace';
import { HistoryList } from './history-list';

/**
 * The History tab under a resource page: who changed this resource (`?id=`), when, and what. Closed until asked,
 * so the page's own content loads first.
 */
export function ResourceHistory() {
  const id = useSearchParams().get('id') ?? '';
  const workspace = useWorkspace();
  const [open, setOpen] = useState(false);
  if (!id) return null;
  return (
    <section className="card resource-history" aria-label="History of this resource">
      <div className="tabs" role="tablist" aria-label="Resource views">
        <button
          type="button"
          role="tab"
          className={open ? undefined : 'secondary'}
          aria-selected={open}
          aria-controls="resource-history-panel"
          onClick={() => setOpen(!open)}
        >
          History
        </button>
      </div>
      {open ? (
        <div id="resource-history-panel" role="tabpanel" aria-label="History">
          <HistoryList workspace={workspace} armId={id} />
        </div>
      ) : null}
    </section>
  );
}
