import type { Metadata } from 'next';
import { ResourceHistory } from '@/components/history/resource-history';
import { VmPage } from './_components/vm-page';

export const metadata: Metadata = { title: 'Virtual machine' };

export default function Page() {
  return (
    <>
      <VmPage />
      <ResourceHistory />
    </>
  );
}
