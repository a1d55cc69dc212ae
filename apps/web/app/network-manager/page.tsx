import type { Metadata } from 'next';
import { ResourceHistory } from '@/components/history/resource-history';
import { NetworkManagerPage } from './_components/network-manager-page';

export const metadata: Metadata = { title: 'Network manager' };

export default function Page() {
  return (
    <>
      <NetworkManagerPage />
      <ResourceHistory />
    </>
  );
}
