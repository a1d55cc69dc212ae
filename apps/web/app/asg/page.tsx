import type { Metadata } from 'next';
import { ResourceHistory } from '@/components/history/resource-history';
import { AsgPage } from './_components/asg-page';

export const metadata: Metadata = { title: 'Application security group' };

export default function Page() {
  return (
    <>
      <AsgPage />
      <ResourceHistory />
    </>
  );
}
