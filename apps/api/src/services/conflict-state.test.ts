import { buildSchema, getNamedType, isEnumType, isObjectType } from 'graphql';
import { loadTypeDefs } from '../server';
import { conflictState, ENUM_FIELDS } from './conflict-state';

describe('conflictState', () => {
  it('knows every enum-valued field of the resource types in the SDL (and nothing else by those names)', () => {
    const schema = buildSchema(loadTypeDefs());
    const azure = schema.getType('AzureResource');
    const resourceTypes = Object.values(schema.getTypeMap()).filter(
      (t) =>
        isObjectType(t) &&
        (t.getInterfaces().some((i) => i === azure) || ['SecurityRule', 'ServiceTag'].includes(t.name)),
    );
    expect(resourceTypes.map((t) => t.name)).toEqual(expect.arrayContaining(['SecurityRule', 'AdminRule']));
    const enumFields = new Set<string>();
    for (const t of resourceTypes) {
      if (!isObjectType(t)) continue;
      for (const f of Object.values(t.getFields())) {
        const enumTyped = isEnumType(getNamedType(f.type));
        if (enumTyped) enumFields.add(f.name);
        else expect([t.name, f.name, ENUM_FIELDS.has(f.name)]).toEqual([t.name, f.name, false]);
      }
    }
    expect([...enumFields].sort()).toEqual([...ENUM_FIELDS].sort());
  });

  it('a row → ARM id as id, GraphQL enum spelling, no workspace or internal references', () => {
    const row = {
      id: '6f1c1c4e-8a4e-4d7b-9a55-2f0d6c1e0a11',
      workspaceId: '0c0e2c57-4a43-4a52-8a0e-5a1d7c9b2e10',
      armId:
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n/securityRules/r',
      networkSecurityGroupId: '7d3a6a3b-1b77-4f6e-9d8b-0c1f5b7e2a44',
      remoteVirtualNetworkArmId: '/subscriptions/s/x',
      virtualMachineId: null,
      name: 'r',
      direction: 'Inbound',
      access: 'AlwaysAllow',
      protocol: 'Any',
      priority: 100,
      version: 3,
      updatedAt: new Date('2026-01-02T03:04:05.000Z'),
      __typename: 'SecurityRule',
    };
    expect(conflictState(row)).toEqual({
      id: row.armId,
      remoteVirtualNetworkArmId: '/subscriptions/s/x',
      name: 'r',
      direction: 'INBOUND',
      access: 'ALWAYS_ALLOW',
      protocol: 'ANY',
      priority: 100,
      version: 3,
      updatedAt: '2026-01-02T03:04:05.000Z',
    });
    // No ARM id (a service tag): our id is its GraphQL id.
    expect(conflictState({ id: 'u', workspaceId: 'w', name: 'Corp', version: 1 })).toEqual({
      id: 'u',
      name: 'Corp',
      version: 1,
    });
    expect(conflictState(null)).toBeNull();
  });
});
