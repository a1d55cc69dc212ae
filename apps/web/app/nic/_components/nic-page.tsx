'use client';

import { useSearchParams } from 'next/navigation';
import { useQuery } from 'urql';
import { EffectiveRules } from '@/components/effective-rules';
import { NicCard } from '@/components/nic-card';
import { ResourceLink } from '@/components/resource-link';
import { ErrorNotice, Loading, NotFound } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import { NicPageQuery } from '@/graphql/operations/compute';

export function NicPage() {
  const id = useSearchParams().get('id') ?? '';
  const workspace = useWorkspace();
  const [{ data, fetching, error }] = useQuery({
    query: NicPageQuery,
    variables: { workspace, id },
    pause: !id,
  });
  if (!id) return <NotFound what="Network interface" id="" />;
  if (fetching && !data) return <Loading label="Loading the network interface…" />;
  if (error && !data) return <ErrorNotice error={error} title="Could not load the network interface." />;
  const nic = data?.resourceByArmId;
  if (!nic || nic.__typename !== 'NetworkInterface') return <NotFound what="Network interface" id={id} />;
  return (
    <>
      <div className="page-head">
        <p className="eyebrow">Network interface</p>
        <h1>{nic.name}</h1>
        <p className="muted small">
          {nic.virtualMachine ? (
            <>
              attached to <ResourceLink id={nic.virtualMachine.id} name={nic.virtualMachine.name} />
            </>
          ) : (
            'not attached to a VM'
          )}{' '}
          · resource group {nic.resourceGroup ?? '—'}
        </p>
      </div>
      <NicCard nic={nic} />
      <EffectiveRules workspace={workspace} nicId={nic.id} nicName={nic.name} />
    </>
  );
}
