/**
 * Azure export → engine input. Pure: no I/O, no database.
 *
 * `normalizeAzureDocument(document)` accepts the shapes people actually have:
 * - az CLI output (flattened: rule fields beside `name`/`id`), each command's JSON array;
 * - ARM REST responses (`properties` nested, `{ "value": [...] }` lists);
 * - ARM template exports (`{ "$schema", "resources": [...] }`, child resources nested or top-level, names like
 *   `nsg-web/allow-https`, `[resourceId(...)]`/`[parameters(...)]`/`[concat(...)]` expressions);
 * - one object holding such arrays by kind (`{ "virtualNetworks": [...], ... }`);
 * - the Service Tag Discovery JSON (`values[].name`, `values[].properties.addressPrefixes`);
 * - arrays mixing any of the above (the CLI sends several files that way).
 *
 * It returns the `NetworkInput`, a source map from input paths (`networkSecurityGroups.0.securityRules.2.priority`)
 * to JSON paths in the document (`$.value[3].properties.securityRules[2].properties.priority`), the unknown types
 * it skipped, and the shape problems it found. Semantic validation is the engine's (`parseNetwork`).
 */
import type {
  AdminAddressItemInput,
  AdminRuleCollectionInput,
  AdminRuleInput,
  ApplicationSecurityGroupInput,
  DeploymentInput,
  IpConfigurationInput,
  NetworkGroupInput,
  NetworkInput,
  NetworkInterfaceInput,
  NetworkManagerInput,
  NetworkSecurityGroupInput,
  SecurityAdminConfigurationInput,
  SecurityRuleInput,
  ServiceTagInput,
  SubnetInput,
  VirtualMachineInput,
  VirtualNetworkInput,
  VirtualNetworkPeeringInput,
} from '@flowverify/engine';
import { armIdKey, buildArmId, parentArmId, parseArmId } from './arm-id';
import { appendJsonPath, inputPathKey } from './json-path';
import {
  ARM_TYPES,
  CHILD_KINDS,
  isRecord,
  kindOfKey,
  kindOfShape,
  kindOfType,
  type ResourceKind,
} from './resource-kinds';
import {
  evaluateTemplateString,
  isTemplateExpression,
  TemplateExpressionError,
  type TemplateScope,
} from './template-expression';

/** A problem found in the imported document, located by JSON path. */
export interface ImportIssue {
  code: string;
  /** JSON path into the imported document, e.g. `$.value[3].properties.securityRules[2].properties.priority`. */
  path: string;
  resourceId?: string;
  message: string;
  /** Errors stop the import; warnings are reported with the result. */
  severity: 'error' | 'warning';
}

export interface SkippedType {
  type: string;
  count: number;
}

export interface NormalizeOptions {
  /** Subscription given to resources that carry no id (ARM templates, hand-written documents). */
  subscriptionId?: string;
  /** Resource group given to resources that carry no id. */
  resourceGroup?: string;
  /** What `resourceGroup().location` means in a template. */
  location?: string;
  /**
   * The workspace's model (importAzureResources passes it, read in its transaction). A child resource whose parent
   * is not in the document — `az network nsg rule list`, `az network vnet subnet list` output — is attached to its
   * parent as stored here (found by case-insensitive ARM id, copied with all its stored children). Without it, or
   * when the parent is in neither, the child is an error (`ParentNotFound`).
   */
  existing?: Partial<
    Pick<
      NormalizeResult['input'],
      'virtualNetworks' | 'networkSecurityGroups' | 'networkInterfaces' | 'networkManagers'
    >
  >;
}

export interface NormalizeResult {
  input: NetworkInput & { serviceTags: ServiceTagInput[]; networkManagers: NetworkManagerInput[] };
  /** Input path key (`inputPathKey`) → JSON path in the document. */
  sourcePaths: Map<string, string>;
  skipped: SkippedType[];
  issues: ImportIssue[];
}

export const DEFAULT_SUBSCRIPTION_ID = '00000000-0000-0000-0000-000000000000';
export const DEFAULT_RESOURCE_GROUP = 'rg-import';
export const DEFAULT_LOCATION = 'westeurope';

/** Subnet names Azure reserves for services that security admin rules do not reach (§8.3). */
const ADMIN_EXEMPT_SUBNETS = new Set([
  'gatewaysubnet',
  'azurebastionsubnet',
  'azurefirewallsubnet',
  'azurefirewallmanagementsubnet',
  'routeserversubnet',
]);

interface Src {
  value: unknown;
  path: string;
}

interface Context {
  template?: TemplateScope;
  hint?: ResourceKind;
}

interface RawResource {
  kind: ResourceKind;
  obj: Record<string, unknown>;
  path: string;
  id: string;
  ctx: Context;
}

/** Where each built object and its fields came from; turned into `sourcePaths` at the end. */
interface Origin {
  path: string;
  fields: Map<string, string>;
}

/** Normalises an Azure export into engine input. Never throws on bad data: problems become issues. */
export function normalizeAzureDocument(document: unknown, options: NormalizeOptions = {}): NormalizeResult {
  return new Normalizer(options).run(document);
}

class Normalizer {
  private readonly issues: ImportIssue[] = [];
  private readonly skipped = new Map<string, number>();
  private readonly raw: RawResource[] = [];
  private readonly origins = new WeakMap<object, Origin>();
  private readonly subscriptionId: string;
  private readonly resourceGroup: string;
  private readonly location: string;

  private readonly vnets = new Keyed<VirtualNetworkInput>();
  private readonly nsgs = new Keyed<NetworkSecurityGroupInput>();
  private readonly asgs = new Keyed<ApplicationSecurityGroupInput>();
  private readonly nics = new Keyed<NetworkInterfaceInput>();
  private readonly vms = new Keyed<VirtualMachineInput>();
  private readonly managers = new Keyed<NetworkManagerInput>();
  private readonly tags = new Keyed<ServiceTagInput>();
  /** Keys of ids checkGivenId refused: their children are not also reported as "not under their parent". */
  private readonly refusedIds = new Set<string>();
  /** Every built child by id key, so grand-children can find their parent. */
  private readonly children = new Map<string, object>();

  constructor(private readonly options: NormalizeOptions) {
    this.subscriptionId = options.subscriptionId ?? DEFAULT_SUBSCRIPTION_ID;
    this.resourceGroup = options.resourceGroup ?? DEFAULT_RESOURCE_GROUP;
    this.location = options.location ?? DEFAULT_LOCATION;
  }

  run(document: unknown): NormalizeResult {
    this.collect(document, '$', {});
    const depth = (r: RawResource): number =>
      CHILD_KINDS.has(r.kind) ? (parseArmId(r.id)?.names.length ?? 1) : 0;
    const ordered = this.raw.map((r, i) => ({ r, i })).sort((a, b) => depth(a.r) - depth(b.r) || a.i - b.i);
    for (const { r } of ordered) this.build(r);
    this.completePeerings();

    const input = {
      virtualNetworks: this.vnets.values(),
      networkSecurityGroups: this.nsgs.values(),
      applicationSecurityGroups: this.asgs.values(),
      networkInterfaces: this.nics.values(),
      virtualMachines: this.vms.values(),
      serviceTags: this.tags.values(),
      networkManagers: this.managers.values(),
    };
    const sourcePaths = new Map<string, string>();
    this.mapSources(input, [], sourcePaths);
    return {
      input,
      sourcePaths,
      skipped: [...this.skipped].map(([type, count]) => ({ type, count })),
      issues: this.issues,
    };
  }

  // ---------------------------------------------------------------------------------------------------
  // Collection: find every resource in the document, whatever the container.
  // ---------------------------------------------------------------------------------------------------

  private collect(value: unknown, path: string, ctx: Context): void {
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.collect(item, appendJsonPath(path, i), ctx));
      return;
    }
    if (!isRecord(value)) {
      this.skip('(not an object)');
      return;
    }
    if (Array.isArray(value.resources) && ('$schema' in value || 'contentVersion' in value)) {
      this.collectTemplate(value, path);
      return;
    }
    if (isServiceTagList(value)) {
      const values = value.values as unknown[];
      values.forEach((item, i) =>
        this.collect(item, appendJsonPath(appendJsonPath(path, 'values'), i), { hint: 'serviceTag' }),
      );
      return;
    }
    if (Array.isArray(value.value) && typeof value.type !== 'string' && typeof value.id !== 'string') {
      if (typeof value.nextLink === 'string' && value.nextLink !== '') {
        this.issue(
          'warning',
          'IncompleteList',
          appendJsonPath(path, 'nextLink'),
          'this ARM REST list is one page of a longer list (it has a nextLink): only this page is imported; follow nextLink (or use az … list, which pages for you) and import the other pages too',
        );
      }
      this.collect(value.value, appendJsonPath(path, 'value'), ctx);
      return;
    }
    if (typeof value.type === 'string' || typeof value.id === 'string' || ctx.hint || kindOfShape(value)) {
      this.addResource(value, path, ctx);
      return;
    }
    const byKind = Object.entries(value).filter(([, v]) => Array.isArray(v));
    if (byKind.length > 0) {
      for (const [key, items] of byKind) {
        this.collect(items, appendJsonPath(path, key), { hint: kindOfKey(key) });
      }
      return;
    }
    this.skip('(unrecognised object)');
  }

  private addResource(obj: Record<string, unknown>, path: string, ctx: Context): void {
    const typeText = typeof obj.type === 'string' ? obj.type : undefined;
    const idText = typeof obj.id === 'string' ? obj.id : undefined;
    let kind: ResourceKind | undefined;
    if (typeText !== undefined && typeText.includes('/')) {
      kind = kindOfType(typeText);
      if (!kind) {
        this.skip(typeText);
        return;
      }
    } else {
      const fromId = idText ? parseArmId(idText) : undefined;
      kind = (fromId && kindOfType(fromId.type)) ?? ctx.hint ?? kindOfShape(obj);
      if (!kind) {
        this.skip(fromId?.type ?? typeText ?? '(unknown shape)');
        return;
      }
    }
    if (kind === 'defaultSecurityRule') return; // the engine synthesises the six default rules
    if (kind === 'serviceTag') {
      this.raw.push({ kind, obj, path, id: '', ctx });
      return;
    }
    let id = idText;
    if (id === undefined) {
      const name = typeof obj.name === 'string' ? obj.name : undefined;
      if (name && !CHILD_KINDS.has(kind)) {
        id = buildArmId(this.subscriptionId, this.resourceGroup, ARM_TYPES[kind], [name]);
      } else if (name && name.includes('/')) {
        try {
          id = buildArmId(this.subscriptionId, this.resourceGroup, ARM_TYPES[kind], [name]);
        } catch {
          id = undefined;
        }
      }
      if (id === undefined) {
        this.issue('error', 'MissingId', appendJsonPath(path, 'id'), `this ${kind} resource has no id`);
        return;
      }
    }
    if (idText !== undefined && idText !== '') {
      const name = typeof obj.name === 'string' ? obj.name : undefined;
      this.checkGivenId(idText, kind, appendJsonPath(path, 'id'), name);
    }
    this.raw.push({ kind, obj, path, id, ctx });
  }

  /**
   * An id the document gives must be an ARM id of the resource's own type, under the resource it is nested in, and
   * end in the resource's name: a rule of one NSG carrying another NSG's rule id would otherwise be stored under a
   * foreign id (two rules with one id, or a lookup by ARM id finding the wrong resource).
   */
  private checkGivenId(
    id: string,
    kind: ResourceKind,
    path: string,
    name: string | undefined,
    parentId?: string,
  ): void {
    const ok = this.idProblem(id, kind, path, name, parentId);
    if (!ok) this.refusedIds.add(armIdKey(id));
  }

  private idProblem(
    id: string,
    kind: ResourceKind,
    path: string,
    name: string | undefined,
    parentId?: string,
  ): boolean {
    const expected = ARM_TYPES[kind];
    const parsed = parseArmId(id);
    if (!parsed) {
      this.issue(
        'error',
        'InvalidResourceId',
        path,
        `'${id}' is not an ARM resource id (/subscriptions/<subscription>/resourceGroups/<group>/providers/${expected}/<name>)`,
        id,
      );
      return false;
    }
    if (kindOfType(parsed.type) !== kind) {
      this.issue(
        'error',
        'ResourceIdTypeMismatch',
        path,
        `the id is of type ${parsed.type}, but this resource is a ${expected}`,
        id,
      );
      return false;
    }
    const parent = parentArmId(id);
    if (
      parentId !== undefined &&
      !this.refusedIds.has(armIdKey(parentId)) &&
      (parent === undefined || armIdKey(parent) !== armIdKey(parentId))
    ) {
      this.issue('error', 'ResourceIdNotUnderParent', path, `the id is not under its parent ${parentId}`, id);
      return false;
    }
    const last = parsed.names.at(-1);
    if (name !== undefined && last !== undefined && last.toLowerCase() !== name.toLowerCase()) {
      this.issue(
        'error',
        'ResourceIdNameMismatch',
        path,
        `the id ends in '${last}' but the name is '${name}'`,
        id,
      );
      return false;
    }
    return true;
  }

  /** A nested child's id: the one the document gives (checked by checkGivenId), else built from its parent's. */
  private childId(res: Reader, kind: ResourceKind, parentId: string, name: string): string {
    const given = res.string('id');
    if (given === undefined) return `${parentId}/${ARM_TYPES[kind].split('/').at(-1) ?? ''}/${name}`;
    this.checkGivenId(given, kind, res.pathOf('id'), name, parentId);
    return given;
  }

  private collectTemplate(template: Record<string, unknown>, path: string): void {
    const scope: TemplateScope = {
      subscriptionId: this.subscriptionId,
      resourceGroup: this.resourceGroup,
      location: this.location,
      parameters: isRecord(template.parameters) ? template.parameters : {},
      variables: isRecord(template.variables) ? template.variables : {},
    };
    const resources = template.resources as unknown[];
    resources.forEach((res, i) =>
      this.collectTemplateResource(res, appendJsonPath(appendJsonPath(path, 'resources'), i), scope),
    );
  }

  private collectTemplateResource(
    obj: unknown,
    path: string,
    scope: TemplateScope,
    parent?: { type: string; names: string[] },
  ): void {
    if (!isRecord(obj)) {
      this.skip('(not an object)');
      return;
    }
    const ctx: Context = { template: scope };
    const type = this.readString({ value: obj.type, path: appendJsonPath(path, 'type') }, ctx);
    const name = this.readString({ value: obj.name, path: appendJsonPath(path, 'name') }, ctx);
    if (type === undefined || name === undefined) {
      this.issue(
        'warning',
        'UnresolvedTemplateResource',
        path,
        'resource skipped: its type or name cannot be resolved',
      );
      return;
    }
    const isShortType = parent !== undefined && !type.includes('/');
    const fullType = isShortType ? `${parent.type}/${type}` : type;
    const names = isShortType ? [...parent.names, name] : name.split('/');
    if ('copy' in obj) {
      this.issue(
        'warning',
        'TemplateCopyNotSupported',
        appendJsonPath(path, 'copy'),
        'copy loops are not expanded; resource skipped',
      );
      return;
    }
    if (obj.condition === false) return;
    const kind = kindOfType(fullType);
    if (!kind) {
      this.skip(fullType);
    } else if (kind !== 'defaultSecurityRule') {
      let id: string;
      try {
        id = buildArmId(scope.subscriptionId, scope.resourceGroup, fullType, names);
      } catch (error) {
        this.issue(
          'warning',
          'UnresolvedTemplateResource',
          appendJsonPath(path, 'name'),
          (error as Error).message,
        );
        return;
      }
      this.raw.push({ kind, obj, path, id, ctx });
    }
    if (Array.isArray(obj.resources)) {
      obj.resources.forEach((child, i) =>
        this.collectTemplateResource(child, appendJsonPath(appendJsonPath(path, 'resources'), i), scope, {
          type: fullType,
          names,
        }),
      );
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Building engine input
  // ---------------------------------------------------------------------------------------------------

  private build(r: RawResource): void {
    const res = new Reader(r.obj, r.path, r.ctx, this);
    switch (r.kind) {
      case 'virtualNetwork':
        return this.putTop(this.vnets, this.buildVirtualNetwork(res, r.id), r);
      case 'networkSecurityGroup':
        return this.putTop(this.nsgs, this.buildNetworkSecurityGroup(res, r.id), r);
      case 'applicationSecurityGroup':
        return this.putTop(this.asgs, this.buildApplicationSecurityGroup(res, r.id), r);
      case 'networkInterface':
        return this.putTop(this.nics, this.buildNetworkInterface(res, r.id), r);
      case 'virtualMachine':
        return this.putTop(this.vms, this.buildVirtualMachine(res, r.id), r);
      case 'networkManager':
        return this.putTop(this.managers, this.buildNetworkManager(res, r.id), r);
      case 'serviceTag': {
        const tag = this.buildServiceTag(res);
        if (tag) this.tags.put(tag.name, tag);
        return;
      }
      default:
        return this.attachChild(r, res);
    }
  }

  private putTop<T extends { id: string }>(map: Keyed<T>, value: T | undefined, r: RawResource): void {
    if (!value) return;
    if (map.has(value.id)) {
      this.issue(
        'warning',
        'DuplicateResource',
        r.path,
        `${value.id} appears more than once; the last one wins`,
        value.id,
      );
    }
    map.put(value.id, value);
  }

  /** A child resource given on its own (template child, `az network vnet subnet list`, …). */
  private attachChild(r: RawResource, res: Reader, adopted = false): void {
    const parentId = parentArmId(r.id);
    const key = parentId ? armIdKey(parentId) : '';
    const missing = (): void => {
      // Not in the document: its top-level ancestor as stored in the workspace, if any, then try again.
      if (!adopted && this.adoptStoredAncestor(r.id)) return this.attachChild(r, res, true);
      this.issue(
        'error',
        this.options.existing ? 'ParentNotFound' : 'ParentNotInDocument',
        r.path,
        this.options.existing
          ? `the parent resource ${parentId ?? '(unknown)'} of this ${r.kind} is neither in the document nor in the workspace; import the parent first, or with it (e.g. az network nsg show / vnet show)`
          : `the parent resource ${parentId ?? '(unknown)'} of this ${r.kind} is not in the document; children are imported with their parent (export the parent too, e.g. az network nsg show / vnet show)`,
        r.id,
      );
    };
    const upsert = <T extends { id?: string }>(list: T[], item: T | undefined): void => {
      if (!item) return;
      const index = list.findIndex((x) => x.id !== undefined && armIdKey(x.id) === armIdKey(r.id));
      if (index >= 0) list[index] = item;
      else list.push(item);
    };
    switch (r.kind) {
      case 'subnet':
      case 'virtualNetworkPeering': {
        const vnet = this.vnets.get(key);
        if (!vnet) return missing();
        if (r.kind === 'subnet') upsert(vnet.subnets, this.buildSubnet(res, vnet.id, r.id));
        else upsert(vnet.virtualNetworkPeerings, this.buildPeering(res, vnet.id, r.id));
        return;
      }
      case 'securityRule': {
        const nsg = this.nsgs.get(key);
        if (!nsg) return missing();
        return upsert(nsg.securityRules, this.buildSecurityRule(res, nsg.id, r.id));
      }
      case 'ipConfiguration': {
        const nic = this.nics.get(key);
        if (!nic) return missing();
        return upsert(
          nic.ipConfigurations,
          this.buildIpConfiguration(res, nic.id, nic.ipConfigurations.length === 0, r.id),
        );
      }
      case 'networkGroup':
      case 'securityAdminConfiguration': {
        const manager = this.managers.get(key);
        if (!manager) return missing();
        if (r.kind === 'networkGroup')
          upsert(manager.networkGroups, this.buildNetworkGroup(res, manager.id, r.id));
        else
          upsert(
            manager.securityAdminConfigurations,
            this.buildSecurityAdminConfiguration(res, manager.id, r.id),
          );
        return;
      }
      case 'staticMember': {
        const group = this.children.get(key) as NetworkGroupInput | undefined;
        if (!group || !Array.isArray(group.staticMemberIds)) return missing();
        const member = res.string('resourceId', { required: true });
        if (member !== undefined && !group.staticMemberIds.some((m) => armIdKey(m) === armIdKey(member))) {
          this.origins
            .get(group)
            ?.fields.set(`staticMemberIds.${group.staticMemberIds.length}`, res.pathOf('resourceId'));
          group.staticMemberIds.push(member);
        }
        return;
      }
      case 'ruleCollection': {
        const configuration = this.children.get(key) as SecurityAdminConfigurationInput | undefined;
        if (!configuration || !Array.isArray(configuration.ruleCollections)) return missing();
        return upsert(configuration.ruleCollections, this.buildRuleCollection(res, configuration.id, r.id));
      }
      case 'adminRule': {
        const collection = this.children.get(key) as AdminRuleCollectionInput | undefined;
        if (!collection || !Array.isArray(collection.rules)) return missing();
        return upsert(collection.rules, this.buildAdminRule(res, collection.id, r.id));
      }
      default:
        return;
    }
  }

  /**
   * Copies the top-level resource that `childId` lives in (a VNet, NSG, NIC or network manager) from the workspace's
   * stored model into the document's model, with its stored children (registered so grand-children find them), when
   * the document does not have it. The import writer is authoritative for children, so the stored ones must come
   * along. True when something was adopted.
   */
  private adoptStoredAncestor(childId: string): boolean {
    const existing = this.options.existing;
    const parsed = parseArmId(childId);
    if (!existing || !parsed || parsed.names.length < 2) return false;
    const segments = childId.trim().replace(/\/+$/, '').split('/');
    const providers = segments.map((x) => x.toLowerCase()).lastIndexOf('providers');
    const topKey = armIdKey(segments.slice(0, providers + 4).join('/'));
    const find = <T extends { id: string }>(list: T[] | undefined) =>
      list?.find((x) => armIdKey(x.id) === topKey);
    const adopt = <T extends { id: string }>(map: Keyed<T>, stored: T | undefined): T | undefined => {
      if (!stored || map.has(stored.id)) return undefined;
      const copy = structuredClone(stored);
      map.put(copy.id, copy);
      return copy;
    };
    const vnet = adopt(this.vnets, find(existing.virtualNetworks));
    if (vnet)
      for (const subnet of vnet.subnets) if (subnet.id) this.children.set(armIdKey(subnet.id), subnet);
    const manager = adopt(this.managers, find(existing.networkManagers));
    if (manager) {
      for (const group of manager.networkGroups ?? []) this.children.set(armIdKey(group.id), group);
      for (const configuration of manager.securityAdminConfigurations ?? []) {
        this.children.set(armIdKey(configuration.id), configuration);
        for (const collection of configuration.ruleCollections ?? []) {
          this.children.set(armIdKey(collection.id), collection);
        }
      }
    }
    const nsg = adopt(this.nsgs, find(existing.networkSecurityGroups));
    const nic = adopt(this.nics, find(existing.networkInterfaces));
    return Boolean(vnet ?? manager ?? nsg ?? nic);
  }

  private buildVirtualNetwork(res: Reader, id: string): VirtualNetworkInput | undefined {
    const vnet: VirtualNetworkInput = {
      id,
      name: res.name(id),
      location: res.string('location', { required: true }) ?? '',
      addressPrefixes: res.object('addressSpace')?.strings('addressPrefixes', 'addressPrefixes') ?? [],
      subnets: [],
      virtualNetworkPeerings: [],
    };
    res.note('id', 'id');
    res.note('name', 'name');
    res.note('location', 'location');
    const space = res.object('addressSpace');
    if (space) res.noteFrom('addressPrefixes', space, 'addressPrefixes');
    else res.issueMissing('addressSpace');
    const extra = res.strings('extraVirtualNetworkPrefixes', 'extraVirtualNetworkPrefixes');
    if (extra) vnet.extraVirtualNetworkPrefixes = extra;
    const exempt = res.boolean('adminRulesExempt');
    if (exempt !== undefined) vnet.adminRulesExempt = exempt;
    this.record(vnet, res);
    for (const child of res.list('subnets')) {
      const subnet = this.buildSubnet(child, id);
      if (subnet) vnet.subnets.push(subnet);
    }
    for (const child of res.list('virtualNetworkPeerings')) {
      const peering = this.buildPeering(child, id);
      if (peering) vnet.virtualNetworkPeerings.push(peering);
    }
    return vnet;
  }

  private buildSubnet(res: Reader, vnetId: string, id?: string): SubnetInput | undefined {
    const name = childName(res, id);
    if (name === undefined) return undefined;
    const subnetId = id ?? this.childId(res, 'subnet', vnetId, name);
    const prefixes: string[] = [];
    const single = res.string('addressPrefix');
    if (single !== undefined) {
      res.note(`addressPrefixes.${prefixes.length}`, 'addressPrefix');
      prefixes.push(single);
    }
    const list = res.strings('addressPrefixes', `addressPrefixes`, prefixes.length) ?? [];
    for (const prefix of list) if (!prefixes.includes(prefix)) prefixes.push(prefix);
    if (prefixes.length === 0) res.issueMissing('addressPrefix');
    res.note('addressPrefixes', single !== undefined ? 'addressPrefix' : 'addressPrefixes');
    const subnet: SubnetInput = { id: subnetId, name, addressPrefixes: prefixes };
    res.note('id', 'id');
    res.note('name', 'name');
    const nsg = res.reference('networkSecurityGroup', 'networkSecurityGroupId');
    if (nsg !== undefined) subnet.networkSecurityGroupId = nsg;
    const exempt = res.boolean('adminRulesExempt');
    if (exempt !== undefined) subnet.adminRulesExempt = exempt;
    else if (ADMIN_EXEMPT_SUBNETS.has(name.toLowerCase())) subnet.adminRulesExempt = true;
    this.record(subnet, res);
    this.children.set(armIdKey(subnetId), subnet);
    return subnet;
  }

  private buildPeering(res: Reader, vnetId: string, id?: string): VirtualNetworkPeeringInput | undefined {
    const name = childName(res, id);
    if (name === undefined) return undefined;
    const peering: VirtualNetworkPeeringInput = {
      id: id ?? this.childId(res, 'virtualNetworkPeering', vnetId, name),
      name,
      remoteVirtualNetworkId: res.reference('remoteVirtualNetwork', 'remoteVirtualNetworkId') ?? null,
      remoteAddressPrefixes:
        res.object('remoteAddressSpace')?.strings('addressPrefixes', 'remoteAddressPrefixes') ?? [],
      allowVirtualNetworkAccess: res.boolean('allowVirtualNetworkAccess') ?? true,
      peeringState: res.string('peeringState') ?? '',
    };
    const space = res.object('remoteAddressSpace');
    if (space) res.noteFrom('remoteAddressPrefixes', space, 'addressPrefixes');
    for (const field of ['id', 'name', 'allowVirtualNetworkAccess', 'peeringState']) res.note(field, field);
    this.record(peering, res);
    return peering;
  }

  /** Template peerings carry neither state nor remote address space: derive both from the document. */
  private completePeerings(): void {
    for (const vnet of this.vnets.values()) {
      for (const peering of vnet.virtualNetworkPeerings) {
        const remote = peering.remoteVirtualNetworkId
          ? this.vnets.get(armIdKey(peering.remoteVirtualNetworkId))
          : undefined;
        if (peering.remoteAddressPrefixes.length === 0 && remote) {
          peering.remoteAddressPrefixes = [...remote.addressPrefixes];
        }
        if (peering.peeringState === '') {
          const back = remote?.virtualNetworkPeerings.some(
            (p) => p.remoteVirtualNetworkId && armIdKey(p.remoteVirtualNetworkId) === armIdKey(vnet.id),
          );
          peering.peeringState = back ? 'Connected' : 'Initiated';
        }
      }
    }
  }

  private buildNetworkSecurityGroup(res: Reader, id: string): NetworkSecurityGroupInput {
    const nsg: NetworkSecurityGroupInput = { id, name: res.name(id), securityRules: [] };
    const location = res.string('location');
    if (location !== undefined) nsg.location = location;
    for (const field of ['id', 'name', 'location']) res.note(field, field);
    this.record(nsg, res);
    for (const child of res.list('securityRules')) {
      const rule = this.buildSecurityRule(child, id);
      if (rule) nsg.securityRules.push(rule);
    }
    return nsg;
  }

  private buildSecurityRule(res: Reader, nsgId: string, id?: string): SecurityRuleInput | undefined {
    const name = childName(res, id);
    if (name === undefined) return undefined;
    const rule: SecurityRuleInput = {
      id: id ?? this.childId(res, 'securityRule', nsgId, name),
      name,
      priority: res.number('priority', { required: true }) ?? Number.NaN,
      direction: res.string('direction', { required: true }) ?? '',
      access: res.string('access', { required: true }) ?? '',
      protocol: res.string('protocol', { required: true }) ?? '',
    };
    for (const field of ['id', 'name', 'priority', 'direction', 'access', 'protocol']) res.note(field, field);
    const description = res.string('description');
    if (description !== undefined) rule.description = description;
    res.note('description', 'description');
    for (const side of ['source', 'destination'] as const) {
      const prefix = res.string(`${side}AddressPrefix`);
      if (prefix !== undefined) rule[`${side}AddressPrefix`] = prefix;
      res.note(`${side}AddressPrefix`, `${side}AddressPrefix`);
      const prefixes = res.strings(`${side}AddressPrefixes`, `${side}AddressPrefixes`);
      if (prefixes) rule[`${side}AddressPrefixes`] = prefixes;
      const asgs = res.references(`${side}ApplicationSecurityGroups`, `${side}ApplicationSecurityGroupIds`);
      if (asgs) rule[`${side}ApplicationSecurityGroupIds`] = asgs;
      const port = res.string(`${side}PortRange`);
      if (port !== undefined) rule[`${side}PortRange`] = port;
      res.note(`${side}PortRange`, `${side}PortRange`);
      const ports = res.strings(`${side}PortRanges`, `${side}PortRanges`);
      if (ports) rule[`${side}PortRanges`] = ports;
    }
    this.record(rule, res);
    return rule;
  }

  private buildApplicationSecurityGroup(res: Reader, id: string): ApplicationSecurityGroupInput {
    const asg: ApplicationSecurityGroupInput = { id, name: res.name(id) };
    const location = res.string('location');
    if (location !== undefined) asg.location = location;
    for (const field of ['id', 'name', 'location']) res.note(field, field);
    this.record(asg, res);
    return asg;
  }

  private buildNetworkInterface(res: Reader, id: string): NetworkInterfaceInput {
    const nic: NetworkInterfaceInput = {
      id,
      name: res.name(id),
      enableIPForwarding: res.boolean('enableIPForwarding') ?? false,
      ipConfigurations: [],
    };
    const location = res.string('location');
    if (location !== undefined) nic.location = location;
    const nsg = res.reference('networkSecurityGroup', 'networkSecurityGroupId');
    if (nsg !== undefined) nic.networkSecurityGroupId = nsg;
    for (const field of ['id', 'name', 'location', 'enableIPForwarding']) res.note(field, field);
    this.record(nic, res);
    const configs = res.list('ipConfigurations');
    if (configs.length === 0) res.issueMissing('ipConfigurations');
    for (const child of configs) {
      const config = this.buildIpConfiguration(child, id, configs.length === 1);
      if (config) nic.ipConfigurations.push(config);
    }
    return nic;
  }

  private buildIpConfiguration(
    res: Reader,
    nicId: string,
    isOnly: boolean,
    id?: string,
  ): IpConfigurationInput | undefined {
    const name = childName(res, id);
    if (name === undefined) return undefined;
    const config: IpConfigurationInput = {
      id: id ?? this.childId(res, 'ipConfiguration', nicId, name),
      name,
      privateIPAddress: res.string('privateIPAddress', { required: true }) ?? '',
      primary: res.boolean('primary') ?? isOnly,
      subnetId: res.reference('subnet', 'subnetId', { required: true }) ?? '',
      applicationSecurityGroupIds:
        res.references('applicationSecurityGroups', 'applicationSecurityGroupIds') ?? [],
    };
    const version = res.string('privateIPAddressVersion');
    if (version !== undefined) config.privateIPAddressVersion = version;
    for (const field of ['id', 'name', 'privateIPAddress', 'privateIPAddressVersion', 'primary'])
      res.note(field, field);
    this.record(config, res);
    return config;
  }

  private buildVirtualMachine(res: Reader, id: string): VirtualMachineInput {
    const profile = res.object('networkProfile');
    const nics = profile?.list('networkInterfaces') ?? [];
    const vm: VirtualMachineInput = {
      id,
      name: res.name(id),
      location: res.string('location', { required: true }) ?? '',
      networkInterfaces: [],
    };
    for (const field of ['id', 'name', 'location']) res.note(field, field);
    if (!profile) res.issueMissing('networkProfile');
    else res.noteFrom('networkInterfaces', profile, 'networkInterfaces');
    nics.forEach((nic, i) => {
      const nicId = nic.string('id', { required: true });
      if (nicId === undefined) return;
      res.fieldsSet(`networkInterfaces.${vm.networkInterfaces.length}`, nic.path);
      res.fieldsSet(`networkInterfaces.${vm.networkInterfaces.length}.id`, nic.pathOf('id'));
      vm.networkInterfaces.push({
        id: nicId,
        primary: nic.boolean('primary') ?? (nics.length === 1 || i === 0),
      });
    });
    const powerState = this.readPowerState(res);
    if (powerState !== undefined) vm.powerState = powerState;
    this.record(vm, res);
    return vm;
  }

  /** `instanceView.statuses[].code` = `PowerState/running`, or az's `powerState: "VM running"`. */
  private readPowerState(res: Reader): string | undefined {
    const view = res.object('instanceView');
    for (const status of view?.list('statuses') ?? []) {
      const code = status.string('code');
      if (code && /^powerstate\//i.test(code)) {
        res.fieldsSet('powerState', status.pathOf('code'));
        return code.slice('PowerState/'.length).toLowerCase();
      }
    }
    const text = res.string('powerState');
    if (text === undefined) return undefined;
    res.note('powerState', 'powerState');
    return text.replace(/^vm\s+/i, '').toLowerCase();
  }

  private buildNetworkManager(res: Reader, id: string): NetworkManagerInput {
    const scopes = res.object('networkManagerScopes');
    const manager: NetworkManagerInput = {
      id,
      name: res.name(id),
      scope: {
        managementGroups: scopes?.strings('managementGroups', 'scope.managementGroups') ?? [],
        subscriptions: scopes?.strings('subscriptions', 'scope.subscriptions') ?? [],
      },
      networkGroups: [],
      securityAdminConfigurations: [],
      deployments: [],
    };
    for (const field of ['id', 'name']) res.note(field, field);
    if (scopes) res.noteFrom('scope', scopes, '');
    this.record(manager, res);
    for (const child of res.list('networkGroups')) {
      const group = this.buildNetworkGroup(child, id);
      if (group) manager.networkGroups.push(group);
    }
    for (const child of res.list('securityAdminConfigurations')) {
      const configuration = this.buildSecurityAdminConfiguration(child, id);
      if (configuration) manager.securityAdminConfigurations.push(configuration);
    }
    for (const child of res.list('deployments')) {
      const deployment = this.buildDeployment(child, id);
      if (deployment) manager.deployments.push(deployment);
    }
    return manager;
  }

  private buildNetworkGroup(res: Reader, managerId: string, id?: string): NetworkGroupInput | undefined {
    const name = childName(res, id);
    if (name === undefined) return undefined;
    const group: NetworkGroupInput = {
      id: id ?? this.childId(res, 'networkGroup', managerId, name),
      name,
      memberType: res.string('memberType') ?? 'VirtualNetwork',
      staticMemberIds: [],
    };
    const groupDescription = res.string('description');
    if (groupDescription !== undefined) group.description = groupDescription;
    for (const field of ['id', 'name', 'memberType', 'description']) res.note(field, field);
    for (const member of res.list('staticMembers', { allowStrings: true })) {
      const memberId = member.isString ? member.self() : member.string('resourceId', { required: true });
      if (memberId === undefined) continue;
      res.fieldsSet(
        `staticMemberIds.${group.staticMemberIds.length}`,
        member.isString ? member.path : member.pathOf('resourceId'),
      );
      group.staticMemberIds.push(memberId);
    }
    this.record(group, res);
    this.children.set(armIdKey(group.id), group);
    return group;
  }

  private buildSecurityAdminConfiguration(
    res: Reader,
    managerId: string,
    id?: string,
  ): SecurityAdminConfigurationInput | undefined {
    const name = childName(res, id);
    if (name === undefined) return undefined;
    const configuration: SecurityAdminConfigurationInput = {
      id: id ?? this.childId(res, 'securityAdminConfiguration', managerId, name),
      name,
      ruleCollections: [],
    };
    const apply = res.raw('applyOnNetworkIntentPolicyBasedServices');
    const applyValue = Array.isArray(apply) ? apply[0] : apply;
    if (typeof applyValue === 'string') configuration.applyOnNetworkIntentPolicyBasedServices = applyValue;
    const configDescription = res.string('description');
    if (configDescription !== undefined) configuration.description = configDescription;
    for (const field of ['id', 'name', 'applyOnNetworkIntentPolicyBasedServices', 'description'])
      res.note(field, field);
    this.record(configuration, res);
    this.children.set(armIdKey(configuration.id), configuration);
    for (const child of res.list('ruleCollections')) {
      const collection = this.buildRuleCollection(child, configuration.id);
      if (collection) configuration.ruleCollections.push(collection);
    }
    return configuration;
  }

  private buildRuleCollection(
    res: Reader,
    configurationId: string,
    id?: string,
  ): AdminRuleCollectionInput | undefined {
    const name = childName(res, id);
    if (name === undefined) return undefined;
    const collection: AdminRuleCollectionInput = {
      id: id ?? this.childId(res, 'ruleCollection', configurationId, name),
      name,
      appliesToGroupIds: [],
      rules: [],
    };
    for (const field of ['id', 'name']) res.note(field, field);
    for (const group of res.list('appliesToGroups', { allowStrings: true })) {
      const groupId = group.isString ? group.self() : group.string('networkGroupId', { required: true });
      if (groupId === undefined) continue;
      res.fieldsSet(
        `appliesToGroupIds.${collection.appliesToGroupIds.length}`,
        group.isString ? group.path : group.pathOf('networkGroupId'),
      );
      collection.appliesToGroupIds.push(groupId);
    }
    this.record(collection, res);
    this.children.set(armIdKey(collection.id), collection);
    for (const child of res.list('rules')) {
      const rule = this.buildAdminRule(child, collection.id);
      if (rule) collection.rules.push(rule);
    }
    return collection;
  }

  private buildAdminRule(res: Reader, collectionId: string, id?: string): AdminRuleInput | undefined {
    const name = childName(res, id);
    if (name === undefined) return undefined;
    const items = (key: 'sources' | 'destinations'): AdminAddressItemInput[] =>
      res.list(key).flatMap((item, i) => {
        const addressPrefix = item.string('addressPrefix', { required: true });
        if (addressPrefix === undefined) return [];
        res.fieldsSet(`${key}.${i}`, item.path);
        res.fieldsSet(`${key}.${i}.addressPrefix`, item.pathOf('addressPrefix'));
        res.fieldsSet(`${key}.${i}.addressPrefixType`, item.pathOf('addressPrefixType'));
        return [{ addressPrefix, addressPrefixType: item.string('addressPrefixType') ?? 'IPPrefix' }];
      });
    const rule: AdminRuleInput = {
      id: id ?? this.childId(res, 'adminRule', collectionId, name),
      name,
      kind: res.string('kind') ?? 'Custom',
      access: res.string('access', { required: true }) ?? '',
      priority: res.number('priority', { required: true }) ?? Number.NaN,
      direction: res.string('direction', { required: true }) ?? '',
      protocol: res.string('protocol', { required: true }) ?? '',
      sources: items('sources'),
      destinations: items('destinations'),
      sourcePortRanges: res.strings('sourcePortRanges', 'sourcePortRanges') ?? [],
      destinationPortRanges: res.strings('destinationPortRanges', 'destinationPortRanges') ?? [],
    };
    const description = res.string('description');
    if (description !== undefined) rule.description = description;
    for (const field of [
      'id',
      'name',
      'kind',
      'access',
      'priority',
      'direction',
      'protocol',
      'description',
    ]) {
      res.note(field, field);
    }
    this.record(rule, res);
    return rule;
  }

  /** One entry of `az network manager list-deploy-status`: `{ region, deploymentType, configurationIds }`. */
  private buildDeployment(res: Reader, managerId: string): DeploymentInput | undefined {
    const region = res.string('region', { required: true });
    const deploymentType = res.string('deploymentType', { required: true });
    if (region === undefined || deploymentType === undefined) return undefined;
    const status = res.string('deploymentStatus');
    if (status !== undefined && !/^(deployed|deploying)$/i.test(status)) {
      this.issue(
        'warning',
        'DeploymentNotDeployed',
        res.pathOf('deploymentStatus'),
        `deployment to ${region} has status ${status}; it is not part of the goal state`,
        managerId,
      );
      return undefined;
    }
    const deployment: DeploymentInput = {
      region,
      deploymentType,
      configurationIds: res.strings('configurationIds', 'configurationIds') ?? [],
    };
    for (const field of ['region', 'deploymentType']) res.note(field, field);
    this.record(deployment, res);
    return deployment;
  }

  private buildServiceTag(res: Reader): ServiceTagInput | undefined {
    const name = res.string('name', { required: true });
    if (name === undefined) return undefined;
    const tag: ServiceTagInput = {
      name,
      addressPrefixes: res.strings('addressPrefixes', 'addressPrefixes') ?? [],
    };
    res.note('name', 'name');
    this.record(tag, res);
    return tag;
  }

  // ---------------------------------------------------------------------------------------------------
  // Bookkeeping
  // ---------------------------------------------------------------------------------------------------

  private record(value: object, res: Reader): void {
    this.origins.set(value, { path: res.path, fields: res.fields });
  }

  private mapSources(value: unknown, path: (string | number)[], out: Map<string, string>): void {
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.mapSources(item, [...path, i], out));
      return;
    }
    if (!isRecord(value)) return;
    const origin = this.origins.get(value);
    if (origin) {
      out.set(inputPathKey(path), origin.path);
      for (const [field, jsonPath] of origin.fields) out.set(inputPathKey([...path, field]), jsonPath);
    }
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === 'object' && child !== null) this.mapSources(child, [...path, key], out);
    }
  }

  skip(type: string): void {
    this.skipped.set(type, (this.skipped.get(type) ?? 0) + 1);
  }

  issue(
    severity: 'error' | 'warning',
    code: string,
    path: string,
    message: string,
    resourceId?: string,
  ): void {
    this.issues.push(
      resourceId ? { code, path, resourceId, message, severity } : { code, path, message, severity },
    );
  }

  /** Evaluates a template expression when inside a template; reports and returns undefined when it fails. */
  evaluate(src: Src, ctx: Context, resourceId?: string): unknown {
    if (
      !ctx.template ||
      typeof src.value !== 'string' ||
      (!isTemplateExpression(src.value) && !src.value.startsWith('[['))
    ) {
      return src.value;
    }
    try {
      return evaluateTemplateString(src.value, ctx.template);
    } catch (error) {
      if (!(error instanceof TemplateExpressionError)) throw error;
      this.issue(
        'warning',
        'UnresolvedTemplateExpression',
        src.path,
        `cannot resolve ${src.value}: ${error.message}; value skipped`,
        resourceId,
      );
      return undefined;
    }
  }

  readString(src: Src, ctx: Context): string | undefined {
    const value = this.evaluate(src, ctx);
    return typeof value === 'string' ? value : undefined;
  }
}

/**
 * Reads one resource object in either shape: a field is looked up in `properties` first, then beside
 * `name`/`id` (az's flattened form), with case-insensitive keys (az spells `enableIpForwarding`,
 * `privateIpAddress` in older versions).
 */
class Reader {
  readonly fields = new Map<string, string>();
  readonly isString: boolean;
  private readonly props: Record<string, unknown> | undefined;
  private readonly resourceId: string | undefined;

  constructor(
    private readonly obj: unknown,
    readonly path: string,
    private readonly ctx: Context,
    private readonly owner: Normalizer,
    resourceId?: string,
  ) {
    this.isString = typeof obj === 'string';
    const record = isRecord(obj) ? obj : {};
    this.props = isRecord(record.properties) ? record.properties : undefined;
    this.resourceId = resourceId ?? (typeof record.id === 'string' ? record.id : undefined);
  }

  /** The value and JSON path of a field (properties first, then top level). */
  get(key: string): Src | undefined {
    const record = isRecord(this.obj) ? this.obj : {};
    const propsPath = appendJsonPath(this.path, 'properties');
    for (const [container, base] of [
      [this.props, propsPath],
      [record, this.path],
    ] as const) {
      if (!container) continue;
      if (key in container && container[key] !== undefined)
        return { value: container[key], path: appendJsonPath(base, key) };
      const lower = key.toLowerCase();
      const found = Object.keys(container).find(
        (k) => k.toLowerCase() === lower && container[k] !== undefined,
      );
      if (found) return { value: container[found], path: appendJsonPath(base, found) };
    }
    return undefined;
  }

  pathOf(key: string): string {
    return (
      this.get(key)?.path ??
      appendJsonPath(this.props ? appendJsonPath(this.path, 'properties') : this.path, key)
    );
  }

  raw(key: string): unknown {
    const src = this.get(key);
    return src ? this.owner.evaluate(src, this.ctx, this.resourceId) : undefined;
  }

  /** The string itself, for list items given as plain strings. */
  self(): string | undefined {
    const value = this.owner.evaluate({ value: this.obj, path: this.path }, this.ctx, this.resourceId);
    return typeof value === 'string' ? value : undefined;
  }

  name(id: string): string {
    return this.string('name') ?? parseArmId(id)?.names.at(-1) ?? id;
  }

  string(key: string, opts: { required?: boolean } = {}): string | undefined {
    const src = this.get(key);
    const value = src ? this.owner.evaluate(src, this.ctx, this.resourceId) : undefined;
    if (value === undefined || value === null) {
      if (opts.required) this.issueMissing(key);
      return undefined;
    }
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.owner.issue(
      'error',
      'InvalidType',
      src?.path ?? this.pathOf(key),
      `${key} must be a string`,
      this.resourceId,
    );
    return undefined;
  }

  number(key: string, opts: { required?: boolean } = {}): number | undefined {
    const src = this.get(key);
    const value = src ? this.owner.evaluate(src, this.ctx, this.resourceId) : undefined;
    if (value === undefined || value === null) {
      if (opts.required) this.issueMissing(key);
      return undefined;
    }
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
    this.owner.issue(
      'error',
      'InvalidType',
      src?.path ?? this.pathOf(key),
      `${key} must be an integer`,
      this.resourceId,
    );
    return undefined;
  }

  boolean(key: string): boolean | undefined {
    const src = this.get(key);
    const value = src ? this.owner.evaluate(src, this.ctx, this.resourceId) : undefined;
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    this.owner.issue(
      'error',
      'InvalidType',
      src?.path ?? this.pathOf(key),
      `${key} must be true or false`,
      this.resourceId,
    );
    return undefined;
  }

  /** A string array; notes each element under `field.i` (starting at `offset`). Undefined when absent. */
  strings(key: string, field: string, offset = 0): string[] | undefined {
    const src = this.get(key);
    const value = src ? this.owner.evaluate(src, this.ctx, this.resourceId) : undefined;
    if (value === undefined || value === null || !src) return undefined;
    const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : undefined;
    if (!items) {
      this.owner.issue('error', 'InvalidType', src.path, `${key} must be a list of strings`, this.resourceId);
      return undefined;
    }
    const out: string[] = [];
    items.forEach((item, i) => {
      const itemPath = Array.isArray(value) ? appendJsonPath(src.path, i) : src.path;
      const text = this.owner.evaluate({ value: item, path: itemPath }, this.ctx, this.resourceId);
      if (typeof text === 'string' || typeof text === 'number') {
        if (field) this.fields.set(`${field}.${offset + out.length}`, itemPath);
        out.push(String(text));
      } else if (text !== undefined) {
        this.owner.issue(
          'error',
          'InvalidType',
          itemPath,
          `${key} must be a list of strings`,
          this.resourceId,
        );
      }
    });
    if (field && offset === 0) this.fields.set(field, src.path);
    return out;
  }

  /** `{ "id": "…" }` (or a bare id string); noted under `field`. */
  reference(key: string, field: string, opts: { required?: boolean } = {}): string | undefined {
    const src = this.get(key);
    if (!src || src.value === null || src.value === undefined) {
      if (opts.required) this.issueMissing(`${key}.id`);
      return undefined;
    }
    const inner = isRecord(src.value) ? { value: src.value.id, path: appendJsonPath(src.path, 'id') } : src;
    const value = this.owner.evaluate(inner, this.ctx, this.resourceId);
    this.fields.set(field, inner.path);
    if (typeof value === 'string') return value;
    if (value !== undefined || opts.required) {
      this.owner.issue(
        'error',
        value === undefined ? 'MissingField' : 'InvalidType',
        inner.path,
        `${key}.id must be a resource id`,
        this.resourceId,
      );
    }
    return undefined;
  }

  /** `[{ "id": "…" }, …]`; each noted under `field.i`. Undefined when absent. */
  references(key: string, field: string): string[] | undefined {
    const src = this.get(key);
    if (!src || src.value === null || src.value === undefined) return undefined;
    const value = this.owner.evaluate(src, this.ctx, this.resourceId);
    if (!Array.isArray(value)) {
      this.owner.issue('error', 'InvalidType', src.path, `${key} must be a list of { id }`, this.resourceId);
      return undefined;
    }
    const out: string[] = [];
    value.forEach((item, i) => {
      const itemPath = appendJsonPath(src.path, i);
      const inner = isRecord(item)
        ? { value: item.id, path: appendJsonPath(itemPath, 'id') }
        : { value: item, path: itemPath };
      const id = this.owner.evaluate(inner, this.ctx, this.resourceId);
      if (typeof id === 'string') {
        this.fields.set(`${field}.${out.length}`, inner.path);
        out.push(id);
      } else if (id !== undefined) {
        this.owner.issue(
          'error',
          'InvalidType',
          inner.path,
          `${key}[${i}].id must be a resource id`,
          this.resourceId,
        );
      }
    });
    this.fields.set(field, src.path);
    return out;
  }

  /** A nested plain object (`addressSpace`, `networkProfile`, `instanceView`). */
  object(key: string): Reader | undefined {
    const src = this.get(key);
    if (!src || !isRecord(src.value)) return undefined;
    return new Reader(src.value, src.path, this.ctx, this.owner, this.resourceId);
  }

  /** The items of a nested list (`subnets`, `securityRules`, …); items that are not objects are reported. */
  list(key: string, opts: { allowStrings?: boolean } = {}): Reader[] {
    const src = this.get(key);
    if (!src || src.value === null) return [];
    if (!Array.isArray(src.value)) {
      this.owner.issue('error', 'InvalidType', src.path, `${key} must be a list`, this.resourceId);
      return [];
    }
    return src.value.flatMap((item, i) => {
      const itemPath = appendJsonPath(src.path, i);
      if (isRecord(item) || (opts.allowStrings && typeof item === 'string')) {
        const id = isRecord(item) && typeof item.id === 'string' ? item.id : this.resourceId;
        return [new Reader(item, itemPath, this.ctx, this.owner, id)];
      }
      this.owner.issue('error', 'InvalidType', itemPath, `${key}[${i}] must be an object`, this.resourceId);
      return [];
    });
  }

  /** Records that input field `field` came from document field `key`. */
  note(field: string, key: string): void {
    const src = this.get(key);
    if (src && !this.fields.has(field)) this.fields.set(field, src.path);
  }

  /** Records that input field `field` came from `key` of a nested object. */
  noteFrom(field: string, other: Reader, key: string): void {
    for (const [k, v] of other.fields) this.fields.set(k, v);
    this.fields.set(field, key ? other.pathOf(key) : other.path);
  }

  fieldsSet(field: string, jsonPath: string): void {
    this.fields.set(field, jsonPath);
  }

  issueMissing(key: string): void {
    this.owner.issue(
      'error',
      'MissingField',
      this.pathOf(key.split('.')[0] as string),
      `${key} is required`,
      this.resourceId,
    );
  }
}

/** Insertion-ordered map keyed by case-insensitive ARM id (or tag name). */
class Keyed<T> {
  private readonly map = new Map<string, T>();
  has(id: string): boolean {
    return this.map.has(armIdKey(id));
  }
  get(key: string): T | undefined {
    return this.map.get(armIdKey(key));
  }
  put(id: string, value: T): void {
    this.map.set(armIdKey(id), value);
  }
  values(): T[] {
    return [...this.map.values()];
  }
}

/** A child's own name: the last segment of its id when it came on its own (`nsg-web/allow-https` → `allow-https`). */
function childName(res: Reader, id: string | undefined): string | undefined {
  const fromId = id ? parseArmId(id)?.names.at(-1) : undefined;
  return fromId ?? res.string('name', { required: true });
}

function isServiceTagList(value: Record<string, unknown>): boolean {
  if (!Array.isArray(value.values)) return false;
  const type = typeof value.type === 'string' ? value.type.toLowerCase() : undefined;
  return (
    type === 'microsoft.network/servicetags' ||
    'changeNumber' in value ||
    'cloud' in value ||
    type === undefined
  );
}
