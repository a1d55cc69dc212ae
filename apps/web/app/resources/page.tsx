import type { Metadata } from 'next';
import { ResourceTables } from './_components/resource-tables';

export const metadata: Metadata = { title: 'Resources' };

export default function ResourcesPage() {
  return (
    <>
      <div className="page-head">
        <h1>Resources</h1>
        <p className="muted">Every resource in the workspace, by kind.</p>
      </div>
      <ResourceTables />
    </>
  );
}
