import type { Metadata } from 'next';
import { DraftPage } from '../_components/draft-page';

export const metadata: Metadata = { title: 'Draft' };

export default function Page() {
  return <DraftPage />;
}
