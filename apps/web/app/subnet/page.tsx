import type { Metadata } from 'next';
import { ResourceHistory } from '@/components/history/resource-history';
import { SubnetPage } from './_components/subnet-page';

export const metadata: Metadata = { title: 'Subnet' };

export default function Page() {
  return (
    <>
      <SubnetPage />
      <ResourceHistory />
    </>
  );
}
