import type { Metadata } from 'next';
import { NsgPage } from './_components/nsg-page';

export const metadata: Metadata = { title: 'Network security group' };

export default function Page() {
  return <NsgPage />;
}
