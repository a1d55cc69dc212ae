import { Client } from 'pg';
import { getConstraintViolation } from './constraint-violation';
import type { PrismaClient } from './generated/prisma/client';
import { createTestDatabase, type TestDatabase } from './testing';

/**
 * The invariants the database itself holds (prisma/schema.prisma + hand-written SQL in the migrations).
 * Runs against DATABASE_URL when set, else an in-memory embedded PGlite.
 */
const SUB =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network';

describe('schema constraints', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = db.prisma;
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  let n = 0;
  /** A workspace with a VNet, subnet, NSG (attached to both subnet and NIC), NIC with one IP configuration, VM. */
  async function seed(name = `ws-${++n}`) {
    const ws = await prisma.workspace.create({ data: { name } });
    const w = { workspaceId: ws.id };
    const nsg = await prisma.networkSecurityGroup.create({
      data: { ...w, armId: `${SUB}/networkSecurityGroups/nsg1`, name: 'nsg1', location: 'westeurope' },
    });
    const vnet = await prisma.virtualNetwork.create({
      data: {
        ...w,
        armId: `${SUB}/virtualNetworks/vnet1`,
        name: 'vnet1',
        location: 'westeurope',
        addressPrefixes: ['10.0.0.0/16'],
      },
    });
    const subnet = await prisma.subnet.create({
      data: {
        ...w,
        armId: `${SUB}/virtualNetworks/vnet1/subnets/default`,
        name: 'default',
        virtualNetworkId: vnet.id,
        addressPrefixes: ['10.0.0.0/24'],
        networkSecurityGroupId: nsg.id,
      },
    });
    const vm = await prisma.virtualMachine.create({
      data: {
        ...w,
        armId: `${SUB.replace('Network', 'Compute')}/virtualMachines/vm1`,
        name: 'vm1',
        location: 'westeurope',
      },
    });
    const nic = await prisma.networkInterface.create({
      data: {
        ...w,
        armId: `${SUB}/networkInterfaces/nic1`,
        name: 'nic1',
        networkSecurityGroupId: nsg.id,
        virtualMachineId: vm.id,
        primary: true,
        ipConfigurations: {
          create: {
            ...w,
            armId: `${SUB}/networkInterfaces/nic1/ipConfigurations/ipconfig1`,
            name: 'ipconfig1',
            privateIPAddress: '10.0.0.4',
            privateIPAddressVersion: 'IPv4',
            primary: true,
            subnetId: subnet.id,
          },
        },
      },
      include: { ipConfigurations: true },
    });
    return { ws, w, nsg, vnet, subnet, vm, nic, ipConfiguration: nic.ipConfigurations[0]! };
  }

  const rule = (w: { workspaceId: string }, nsgId: string, over: Record<string, unknown> = {}) => ({
    ...w,
    networkSecurityGroupId: nsgId,
    armId: `${SUB}/networkSecurityGroups/nsg1/securityRules/${String(over.name ?? 'AllowWeb')}`,
    name: 'AllowWeb',
    priority: 100,
    direction: 'Inbound' as const,
    access: 'Allow' as const,
    protocol: 'Tcp' as const,
    sourceAddressPrefix: '*',
    sourcePortRange: '*',
    destinationAddressPrefix: 'VirtualNetwork',
    destinationPortRanges: ['80', '443', '8000-8080'],
    ...over,
  });

  /** "<sqlState> <kind> <constraint>" of the violation behind a failed query (Prisma or pg), via getConstraintViolation. */
  async function violation(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(
      () => {
        throw new Error('expected the database to refuse this');
      },
      (e: unknown) => e,
    );
    const found = getConstraintViolation(error);
    if (!found) return `not a constraint violation: ${String((error as Error).message)}`;
    expect(found.message).not.toContain('\n');
    return `${found.sqlState} ${found.kind} ${found.constraint ?? ''}`;
  }

  it('stores a full NSG rule and reads ARM values back', async () => {
    const { w, nsg } = await seed();
    const created = await prisma.securityRule.create({ data: rule(w, nsg.id, { protocol: 'Any' }) });
    const row = await sql.query(
      'SELECT protocol::text, destination_port_ranges FROM security_rule WHERE id = $1',
      [created.id],
    );
    expect(row.rows[0]).toEqual({ protocol: '*', destination_port_ranges: ['80', '443', '8000-8080'] });
    expect(created.protocol).toBe('Any');
    expect(created.version).toBe(1);
  });

  it('rejects two rules with the same priority and direction in one NSG, allows the other direction', async () => {
    const { w, nsg } = await seed();
    await prisma.securityRule.create({ data: rule(w, nsg.id) });
    expect(await violation(prisma.securityRule.create({ data: rule(w, nsg.id, { name: 'Other' }) }))).toMatch(
      /^(23505|P2002) .*security_rule_network_security_group_id_direction_priority_key/,
    );
    await prisma.securityRule.create({ data: rule(w, nsg.id, { name: 'Out', direction: 'Outbound' }) });
  });

  it('rejects a duplicate rule name in one NSG', async () => {
    const { w, nsg } = await seed();
    await prisma.securityRule.create({ data: rule(w, nsg.id) });
    expect(
      await violation(prisma.securityRule.create({ data: rule(w, nsg.id, { priority: 200, armId: 'x' }) })),
    ).toMatch(/^(23505|P2002) .*security_rule_network_security_group_id_name_key/);
  });

  it.each([
    ['priority below 100', { priority: 99 }, 'security_rule_priority_check'],
    ['priority above 4096', { priority: 4097 }, 'security_rule_priority_check'],
    ['port above 65535', { destinationPortRanges: ['65536'] }, 'security_rule_port_ranges_check'],
    ['reversed port range', { sourcePortRange: '90-80' }, 'security_rule_port_ranges_check'],
    ['comma list in the single field', { sourcePortRange: '80,443' }, 'security_rule_port_ranges_check'],
    ['bad rule name', { name: '-bad name' }, 'security_rule_name_check'],
    [
      'singular and plural prefixes together',
      { sourceAddressPrefixes: ['10.0.0.0/8'] },
      'security_rule_address_prefixes_check',
    ],
    [
      '* in a plural prefix list',
      { sourceAddressPrefix: null, sourceAddressPrefixes: ['*'] },
      'security_rule_address_prefixes_check',
    ],
  ])('rejects a rule with %s', async (_label, over, constraint) => {
    const { w, nsg } = await seed();
    expect(await violation(prisma.securityRule.create({ data: rule(w, nsg.id, over) }))).toMatch(
      `23514 check ${constraint}`,
    );
  });

  it('rejects a description over 140 characters', async () => {
    const { w, nsg } = await seed();
    await prisma.securityRule.create({ data: rule(w, nsg.id, { description: 'x'.repeat(140) }) });
    const tooLong = rule(w, nsg.id, { name: 'b', priority: 101, description: 'x'.repeat(141) });
    expect(await violation(prisma.securityRule.create({ data: tooLong }))).toBe('22001 too-long ');
  });

  it('rejects enum values Azure does not have', async () => {
    const { ws, nsg } = await seed();
    const insert = (direction: string, access: string, protocol: string) =>
      sql.query(
        `INSERT INTO security_rule (workspace_id, arm_id, network_security_group_id, name, priority, direction, access, protocol, updated_at)
         VALUES ($1, $2, $3, 'r', 300, $4, $5, $6, now())`,
        [ws.id, `rule-${direction}-${access}-${protocol}`, nsg.id, direction, access, protocol],
      );
    expect(await violation(insert('Sideways', 'Allow', 'Tcp'))).toMatch(/^22P02 /);
    expect(await violation(insert('Inbound', 'Maybe', 'Tcp'))).toMatch(/^22P02 /);
    expect(await violation(insert('Inbound', 'Allow', 'Any'))).toMatch(/^22P02 /); // NSG rules spell it '*'
    await insert('Inbound', 'Allow', '*');
  });

  it('rejects a case-variant duplicate ARM id in one workspace', async () => {
    const { w, nsg } = await seed();
    expect(
      await violation(
        prisma.networkSecurityGroup.create({
          data: { ...w, armId: nsg.armId.toUpperCase(), name: 'nsg1-again' },
        }),
      ),
    ).toMatch(/^(23505|P2002) .*network_security_group_workspace_arm_id_key/);
    const found = await prisma.networkSecurityGroup.findFirst({
      where: { ...w, armId: { equals: nsg.armId.toUpperCase(), mode: 'insensitive' } },
    });
    expect(found?.id).toBe(nsg.id);
  });

  it('lets two workspaces hold the same ARM ids without interfering', async () => {
    const a = await seed();
    const b = await seed();
    expect(b.nsg.armId).toBe(a.nsg.armId);
    await prisma.networkSecurityGroup.delete({ where: { id: a.nsg.id } });
    const inBoth = { workspaceId: { in: [a.ws.id, b.ws.id] }, armId: b.nsg.armId };
    expect(await prisma.networkSecurityGroup.count({ where: inBoth })).toBe(1);
    expect(
      (await prisma.subnet.findUniqueOrThrow({ where: { id: b.subnet.id } })).networkSecurityGroupId,
    ).toBe(b.nsg.id);
    await prisma.workspace.delete({ where: { id: a.ws.id } });
    expect(await prisma.subnet.count({ where: { workspaceId: b.ws.id } })).toBe(1);
  });

  it('rejects a reference into another workspace', async () => {
    const a = await seed();
    const b = await seed();
    expect(
      await violation(
        prisma.subnet.update({ where: { id: a.subnet.id }, data: { networkSecurityGroupId: b.nsg.id } }),
      ),
    ).toMatch(/^(23503|P2003) .*subnet_ws_network_security_group_id_fkey/);
  });

  it('rejects dangling references', async () => {
    const { w, vnet } = await seed();
    const missing = '00000000-0000-0000-0000-000000000000';
    expect(
      await violation(
        prisma.subnet.create({
          data: {
            ...w,
            armId: `${vnet.armId}/subnets/s2`,
            name: 's2',
            virtualNetworkId: vnet.id,
            addressPrefixes: ['10.0.1.0/24'],
            networkSecurityGroupId: missing,
          },
        }),
      ),
    ).toMatch(/^(23503|P2003) /);
    expect(await violation(prisma.securityRule.create({ data: rule(w, missing) }))).toMatch(
      /^(23503|P2003) /,
    );
  });

  it('sets subnet and NIC NSG to null when the NSG is deleted', async () => {
    const { nsg, subnet, nic } = await seed();
    await prisma.networkSecurityGroup.delete({ where: { id: nsg.id } });
    expect(
      (await prisma.subnet.findUniqueOrThrow({ where: { id: subnet.id } })).networkSecurityGroupId,
    ).toBeNull();
    expect(
      (await prisma.networkInterface.findUniqueOrThrow({ where: { id: nic.id } })).networkSecurityGroupId,
    ).toBeNull();
  });

  it('refuses to delete a subnet (or its VNet) that IP configurations use; cascades once they are gone', async () => {
    const { vnet, subnet, nic } = await seed();
    expect(await violation(prisma.subnet.delete({ where: { id: subnet.id } }))).toMatch(/^(23503|P2003) /);
    expect(await violation(prisma.virtualNetwork.delete({ where: { id: vnet.id } }))).toMatch(
      /^(23503|P2003) /,
    );
    await prisma.networkInterface.delete({ where: { id: nic.id } });
    await prisma.virtualNetwork.delete({ where: { id: vnet.id } });
    expect(await prisma.subnet.count({ where: { id: subnet.id } })).toBe(0);
  });

  it('deletes everything in a workspace with it', async () => {
    const { ws, w, nsg, ipConfiguration } = await seed();
    const asg = await prisma.applicationSecurityGroup.create({
      data: { ...w, armId: `${SUB}/applicationSecurityGroups/web`, name: 'web' },
    });
    await prisma.ipConfigurationApplicationSecurityGroup.create({
      data: { ...w, ipConfigurationId: ipConfiguration.id, applicationSecurityGroupId: asg.id },
    });
    await prisma.securityRule.create({
      data: {
        ...rule(w, nsg.id, { destinationAddressPrefix: null }),
        applicationSecurityGroups: {
          create: { ...w, side: 'Destination', applicationSecurityGroupId: asg.id },
        },
      },
    });
    const nm = await prisma.networkManager.create({
      data: {
        ...w,
        armId: `${SUB}/networkManagers/nm`,
        name: 'nm',
        subscriptions: ['/subscriptions/1'],
        scopeAccesses: ['SecurityAdmin'],
      },
    });
    const group = await prisma.networkGroup.create({
      data: {
        ...w,
        armId: `${nm.armId}/networkGroups/g`,
        name: 'g',
        networkManagerId: nm.id,
        staticMembers: { create: { ...w, resourceId: `${SUB}/virtualNetworks/vnet1` } },
      },
    });
    const config = await prisma.securityAdminConfiguration.create({
      data: { ...w, armId: `${nm.armId}/securityAdminConfigurations/c`, name: 'c', networkManagerId: nm.id },
    });
    await prisma.adminRuleCollection.create({
      data: {
        ...w,
        armId: `${config.armId}/ruleCollections/rc`,
        name: 'rc',
        securityAdminConfigurationId: config.id,
        appliesToGroups: { create: { ...w, networkGroupId: group.id } },
        rules: {
          create: {
            ...w,
            armId: `${config.armId}/ruleCollections/rc/rules/deny-rdp`,
            name: 'deny-rdp',
            access: 'Deny',
            priority: 1,
            direction: 'Inbound',
            protocol: 'Any',
            destinationPortRanges: ['3389'],
            addresses: {
              create: [
                {
                  ...w,
                  side: 'Source',
                  position: 0,
                  addressPrefix: 'Internet',
                  addressPrefixType: 'ServiceTag',
                },
              ],
            },
          },
        },
      },
    });
    await prisma.networkManagerDeployment.create({
      data: {
        ...w,
        networkManagerId: nm.id,
        region: 'westeurope',
        configurationIds: [config.armId],
        configurations: { create: { ...w, securityAdminConfigurationId: config.id } },
      },
    });
    await prisma.serviceTag.create({
      data: { ...w, name: 'Storage.WestEurope', addressPrefixes: ['20.38.0.0/16'] },
    });

    await prisma.workspace.delete({ where: { id: ws.id } });
    const { rows } = await sql.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'workspace_id'",
    );
    expect(rows.length).toBeGreaterThan(15);
    for (const { table_name } of rows) {
      const left = await sql.query(`SELECT count(*)::int AS n FROM "${table_name}" WHERE workspace_id = $1`, [
        ws.id,
      ]);
      expect([table_name, left.rows[0].n]).toEqual([table_name, 0]);
    }
  });

  it('holds IP configuration addresses and primaries to Azure rules', async () => {
    const { w, nic, subnet, vm } = await seed();
    const ipc = (over: Record<string, unknown>) =>
      prisma.ipConfiguration.create({
        data: {
          ...w,
          armId: `${nic.armId}/ipConfigurations/${String(over.name)}`,
          networkInterfaceId: nic.id,
          subnetId: subnet.id,
          privateIPAddress: '10.0.0.9',
          ...over,
        } as never,
      });
    for (const [name, privateIPAddress, privateIPAddressVersion] of [
      ['cidr', '10.0.0.5/32', null],
      ['octal', '010.0.0.5', null],
      ['short', '10.5', null],
      ['junk', 'not-an-ip', null],
      ['family', '10.0.0.5', 'IPv6'],
    ]) {
      expect(await violation(ipc({ name, privateIPAddress, privateIPAddressVersion }))).toMatch(
        /ip_configuration_private_ip_address_check/,
      );
    }
    await ipc({ name: 'v6', privateIPAddress: '2001:db8::5', privateIPAddressVersion: 'IPv6' });
    expect(await violation(ipc({ name: 'second-primary', primary: true }))).toMatch(
      /^(23505|P2002) .*ip_configuration_primary_per_nic_key/,
    );
    expect(
      await violation(
        prisma.networkInterface.create({
          data: {
            ...w,
            armId: `${SUB}/networkInterfaces/nic2`,
            name: 'nic2',
            virtualMachineId: vm.id,
            primary: true,
          },
        }),
      ),
    ).toMatch(/^(23505|P2002) .*network_interface_primary_per_vm_key/);
  });

  it('holds admin rules to Azure ranges', async () => {
    const { w } = await seed();
    const nm = await prisma.networkManager.create({
      data: { ...w, armId: `${SUB}/networkManagers/nm`, name: 'nm' },
    });
    const config = await prisma.securityAdminConfiguration.create({
      data: { ...w, armId: `${nm.armId}/securityAdminConfigurations/c`, name: 'c', networkManagerId: nm.id },
    });
    const rc = await prisma.adminRuleCollection.create({
      data: {
        ...w,
        armId: `${config.armId}/ruleCollections/rc`,
        name: 'rc',
        securityAdminConfigurationId: config.id,
      },
    });
    const adminRule = (name: string, over: Record<string, unknown> = {}) =>
      prisma.adminRule.create({
        data: {
          ...w,
          armId: `${rc.armId}/rules/${name}`,
          name,
          adminRuleCollectionId: rc.id,
          access: 'AlwaysAllow',
          priority: 1,
          direction: 'Inbound',
          protocol: 'Any',
          ...over,
        } as never,
      });
    await adminRule('ok', { sourcePortRanges: ['*'], destinationPortRanges: ['22', '1000-2000'] });
    expect(await violation(adminRule('zero', { priority: 0 }))).toMatch(/admin_rule_priority_check/);
    expect(await violation(adminRule('big', { priority: 4097 }))).toMatch(/admin_rule_priority_check/);
    expect(await violation(adminRule('port', { priority: 2, destinationPortRanges: ['70000'] }))).toMatch(
      /admin_rule_port_ranges_check/,
    );
    expect(await violation(adminRule('dup', { priority: 1 }))).toMatch(
      /^(23505|P2002) .*admin_rule_admin_rule_collection_id_direction_priority_key/,
    );
    await adminRule('out', { priority: 1, direction: 'Outbound' });
  });

  it('rejects a workspace name that is taken or blank', async () => {
    await prisma.workspace.create({ data: { name: 'prod' } });
    expect(await violation(prisma.workspace.create({ data: { name: 'prod' } }))).toMatch(/^(23505|P2002) /);
    expect(await violation(prisma.workspace.create({ data: { name: '  ' } }))).toMatch(
      /workspace_name_check/,
    );
  });
});
