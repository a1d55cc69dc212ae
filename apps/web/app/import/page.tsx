import type { Metadata } from 'next';
import { ImportForm } from './_components/import-form';

export const metadata: Metadata = { title: 'Import' };

export default function Page() {
  return (
    <>
      <div className="page-head">
        <h1>Import Azure resources</h1>
        <p className="muted">Load an export of your Azure network into a workspace.</p>
      </div>
      <ImportForm />
    </>
  );
}
