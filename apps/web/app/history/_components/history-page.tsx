'use client';

import { HistoryList } from '@/components/history/history-list';
import { useWorkspace } from '@/components/use-workspace';

/** Every recorded write in the workspace: who, when, what, with a field-level before/after. */
export function HistoryPage() {
  const workspace = useWorkspace();
  return (
    <div>
      <div className="page-head">
        <h1>History of {workspace}</h1>
        <p className="muted">Every change to the model, its members and drafts, newest first.</p>
      </div>
      <section className="card">
        <HistoryList workspace={workspace} />
      </section>
    </div>
  );
}
