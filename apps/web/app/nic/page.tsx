import type { Metadata } from 'next';
import { ResourceHistory } from '@/components/history/resource-history';
import { NicPage } from './_components/nic-page';

export const metadata: Metadata = { title: 'Network interface' };

export default function Page() {
  return (
    <>
      <NicPage />
      <ResourceHistory />
    </>
  );
}
