'use client';

import { useSearchParams } from 'next/navigation';
import { useQuery } from 'urql';
import { EffectiveRules } from '@/components/effective-rules';
import { NicCard } from '@/components/nic-card';
import { ErrorNotice, Loading, NotFound } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import { VerifyWorkbench } from '@/components/verify/verify-workbench';
import { VmPageQuery } from '@/graphql/operations/compute';
import { emptyVerifyQuery } from '@/src/lib/verify-query';

export function VmPage() {
  const id = useSearchParams().get('id') ?? '';
  const workspace = useWorkspace();
  const [{ data, fetching, error }] = useQuery({
    query: VmPageQuery,
    variables: { workspace, id },
    pause: !id,
  });
  if (!id) return <NotFound what="Virtual machine" id="" />;
  if (fetching && !data) return <Loading label="Loading the virtual machine…" />;
  if (error && !data) return <ErrorNotice error={error} title="Could not load the virtual machine." />;
  const vm = data?.resourceByArmId;
  if (!vm || vm.__typename !== 'VirtualMachine') return <NotFound what="Virtual machine" id={id} />;

  return (
    <>
      <div className="page-head">
        <p className="eyebrow">Virtual machine</p>
        <h1>{vm.name}</h1>
        <p className="muted small">
          {vm.location} · resource group {vm.resourceGroup ?? '—'} · power state {vm.powerState ?? 'running'}
        </p>
      </div>
      <section className="card" aria-labelledby="quick-check">
        <h2 id="quick-check">Quick check</h2>
        <p className="muted small">Will a packet reach {vm.name}? Runs IP flow verify against this VM.</p>
        <VerifyWorkbench
          initial={{ ...emptyVerifyQuery(workspace), targetResourceId: vm.id }}
          fixedVmName={vm.name}
        />
      </section>
      {vm.networkInterfaces.length === 0 ? <p className="muted">This VM has no network interfaces.</p> : null}
      {vm.networkInterfaces.map((nic) => (
        <NicCard key={nic.id} nic={nic} />
      ))}
      {vm.networkInterfaces.map((nic) => (
        <EffectiveRules key={nic.id} workspace={workspace} nicId={nic.id} nicName={nic.name} />
      ))}
    </>
  );
}
