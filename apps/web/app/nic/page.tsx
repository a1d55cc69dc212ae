import type { Metadata } from 'next';
import { NicPage } from './_components/nic-page';

export const metadata: Metadata = { title: 'Network interface' };

export default function Page() {
  return <NicPage />;
}
