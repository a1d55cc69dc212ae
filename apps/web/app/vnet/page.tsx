import type { Metadata } from 'next';
import { ResourceHistory } from '@/components/history/resource-history';
import { VnetPage } from './_components/vnet-page';

export const metadata: Metadata = { title: 'Virtual network' };

export default function Page() {
  return (
    <>
      <VnetPage />
      <ResourceHistory />
    </>
  );
}
