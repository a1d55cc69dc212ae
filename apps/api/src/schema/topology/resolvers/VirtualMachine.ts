import type { VirtualMachineResolvers } from '../../../generated/graphql';
import { resourceFields, workspaceField } from '../../arm';

export const VirtualMachine: VirtualMachineResolvers = {
  ...resourceFields('Microsoft.Compute/virtualMachines'),
  workspace: workspaceField,
  networkInterfaces: (vm, _a, ctx) => ctx.loaders.networkInterfacesByVirtualMachine.load(vm.id),
};
