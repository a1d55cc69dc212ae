import type { Metadata } from 'next';
import { ChecksPage } from './_components/checks-page';

export const metadata: Metadata = { title: 'Saved checks' };

export default function Page() {
  return <ChecksPage />;
}
