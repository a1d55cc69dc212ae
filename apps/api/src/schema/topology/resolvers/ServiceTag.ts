import type { ServiceTagResolvers } from '../../../generated/graphql';
import { workspaceField } from '../../arm';

export const ServiceTag: ServiceTagResolvers = {
  workspace: workspaceField,
};
