import { DEFAULT_API_URL, parseCommandLine, parseEndpoint, UsageError } from './args';
import { decodeText } from './main';

const VM = '/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/vm-web-1';
const verifyArgs = [
  'verify',
  '--vm',
  VM,
  '--direction',
  'inbound',
  '--protocol',
  'tcp',
  '--local',
  '10.1.1.4:443',
  '--remote',
  '13.107.21.200:50000',
];

describe('parseCommandLine', () => {
  it('parses verify like az network watcher test-ip-flow, values case-insensitive', () => {
    expect(parseCommandLine(verifyArgs)).toEqual({
      kind: 'verify',
      api: DEFAULT_API_URL,
      json: false,
      trace: false,
      query: {
        targetResourceId: VM,
        direction: 'INBOUND',
        protocol: 'TCP',
        localIpAddress: '10.1.1.4',
        localPort: '443',
        remoteIpAddress: '13.107.21.200',
        remotePort: '50000',
      },
    });
  });

  it('takes --api from the flag, then FLOWVERIFY_API_URL; --workspace, --nic, --json', () => {
    const env = { FLOWVERIFY_API_URL: 'http://10.0.0.1:4000/graphql' };
    expect(
      parseCommandLine([...verifyArgs, '--json', '--workspace', 'prod', '--nic', 'NIC'], env),
    ).toMatchObject({
      api: env.FLOWVERIFY_API_URL,
      workspace: 'prod',
      json: true,
      query: { targetNicResourceId: 'NIC' },
    });
    expect(parseCommandLine([...verifyArgs, '--api', 'http://x/graphql'], env)).toMatchObject({
      api: 'http://x/graphql',
    });
  });

  it.each([
    [['verify'], /--vm is required/],
    [
      [...verifyArgs.slice(0, 4), 'sideways', ...verifyArgs.slice(5)],
      /--direction must be Inbound or Outbound/,
    ],
    [[...verifyArgs.slice(0, 6), 'icmp', ...verifyArgs.slice(7)], /--protocol must be TCP or UDP/],
    [[...verifyArgs, '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['import'], /at least one file/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });

  it('parses help, version, import and export', () => {
    expect(parseCommandLine([])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['help', 'verify'])).toEqual({ kind: 'help', topic: 'verify' });
    expect(parseCommandLine(['import', '-h'])).toEqual({ kind: 'help', topic: 'import' });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['import', 'a.json', 'b.json', '--replace', '--no-progress'])).toEqual({
      kind: 'import',
      api: DEFAULT_API_URL,
      files: ['a.json', 'b.json'],
      replace: true,
      json: false,
      progress: false,
    });
    expect(parseCommandLine(['export', '--out', 'x.json', '--workspace', 'w'])).toEqual({
      kind: 'export',
      api: DEFAULT_API_URL,
      workspace: 'w',
      out: 'x.json',
      json: false,
    });
    expect(parseCommandLine([...verifyArgs, '-g', ' rg-shop '])).toMatchObject({
      kind: 'verify',
      resourceGroup: 'rg-shop',
    });
  });
});

describe('parseEndpoint', () => {
  it.each([
    ['10.0.0.4:80', { ip: '10.0.0.4', port: '80' }],
    ['10.0.0.4:*', { ip: '10.0.0.4', port: '*' }],
    ['[fd00:db8::4]:443', { ip: 'fd00:db8::4', port: '443' }],
    ['[::1]:*', { ip: '::1', port: '*' }],
  ])('%s', (text, expected) => {
    expect(parseEndpoint(text, '--local')).toEqual(expected);
  });

  it.each([
    ['10.0.0.4', /x\.x\.x\.x:port/],
    ['fd00::4:443', /brackets/],
    ['10.0.0.4:http', /port must be a number/],
    ['[fd00::4]', /x\.x\.x\.x:port/],
  ])('rejects %s', (text, message) => {
    expect(() => parseEndpoint(text, '--local')).toThrow(message);
  });
});

describe('decodeText', () => {
  it.each([
    ['utf-8', Buffer.from('[1]')],
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[1]')])],
    ['utf-16le with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[1]', 'utf16le')])],
  ])('%s', (_name, buffer) => {
    expect(JSON.parse(decodeText(buffer))).toEqual([1]);
  });
});
