import type { Metadata } from 'next';
import { DraftsPage } from './_components/drafts-page';

export const metadata: Metadata = { title: 'Drafts' };

export default function Page() {
  return <DraftsPage />;
}
