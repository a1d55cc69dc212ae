import type { Metadata } from 'next';
import { ResourceHistory } from '@/components/history/resource-history';
import { NsgPage } from './_components/nsg-page';

export const metadata: Metadata = { title: 'Network security group' };

export default function Page() {
  return (
    <>
      <NsgPage />
      <ResourceHistory />
    </>
  );
}
