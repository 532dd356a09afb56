// Checks docker-compose.yml, the Dockerfile and .env.example against the apps' own config schema, the workflow
// contracts and the TypeScript build, so that a deployment which could not start (a missing or misspelt variable, a
// host or port that points nowhere, an entry file tsc never emits) fails here rather than on a server.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '@app/config';
import { SEARCH_ATTRIBUTES } from '@app/contracts';
import { DEPLOYED_DYNAMIC_CONFIG, localDynamicConfig, TEMPORAL_HISTORY_SHARDS, temporalServerBuild } from '@app/stack';

const ROOT = resolve(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

type Env = Record<string, string>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Env | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | { target: number | string; published?: number | string; host_ip?: string })[];
  expose?: (string | number)[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
}

// ---- Compose's variable interpolation: the forms this file may use, resolved as `docker compose` does ---------------

/**
 * What an operator would put where a `${VAR:?…}` has no value in .env.example: a URL for *_URL, otherwise a value long
 * enough for a secret and safe inside a connection URL.
 */
const placeholder = (name: string): string =>
  name.endsWith('_URL')
    ? `https://${name.toLowerCase().replace(/_/g, '-')}.example.org`
    : name.endsWith('_KEYS')
      ? `k1:${Buffer.alloc(32, 1).toString('base64')}`
      : name.endsWith('_KEY')
        ? Buffer.alloc(32, 2).toString('base64')
        : `${name.toLowerCase().replace(/_/g, '-')}-placeholder-0123456789abcdef`;

interface Interpolated {
  /** Every variable the file refers to. */
  referenced: Set<string>;
  /** Variables the file requires (`${VAR:?…}` or `${VAR?…}`). */
  required: Set<string>;
}

/**
 * Resolves ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error} and $$. Anything else, a bare $VAR
 * included, is an error: in this file a lone `$` is almost always a shell variable that compose would swallow.
 */
function interpolate(raw: string, env: Env, seen: Interpolated): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    if (raw[i] !== '$') {
      out += raw[i++];
      continue;
    }
    if (raw[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (raw[i + 1] !== '{') throw new Error(`unbraced or stray "$" in ${JSON.stringify(raw)}: write \${VAR}, or $$`);
    let depth = 1;
    let j = i + 2;
    for (; j < raw.length && depth > 0; j++) {
      if (raw[j] === '{') depth++;
      if (raw[j] === '}') depth--;
    }
    if (depth > 0) throw new Error(`unterminated \${ in ${JSON.stringify(raw)}`);
    const body = raw.slice(i + 2, j - 1);
    const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([\s\S]*))?$/.exec(body);
    if (!match) throw new Error(`unsupported interpolation \${${body}} in ${JSON.stringify(raw)}`);
    const [, name, operator, argument = ''] = match;
    seen.referenced.add(name);
    const value = env[name];
    const missing = operator?.startsWith(':') ? value === undefined || value === '' : value === undefined;
    if (operator === ':-' || operator === '-') {
      out += missing ? interpolate(argument, env, seen) : value;
    } else if (operator === ':?' || operator === '?') {
      seen.required.add(name);
      out += missing ? placeholder(name) : value;
    } else {
      out += value ?? '';
    }
    i = j;
  }
  return out;
}

function interpolateAll(node: Json, env: Env, seen: Interpolated): Json {
  if (typeof node === 'string') return interpolate(node, env, seen);
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, env, seen));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateAll(value, env, seen)]));
  }
  return node;
}

// ---- The files under test -------------------------------------------------------------------------------------------

/** .env.example as compose would read it: `NAME=value` lines; commented-out lines count as unset. */
function parseEnvFile(text: string): { values: Env; documented: Set<string> } {
  const values: Env = {};
  const documented = new Set<string>();
  for (const line of text.split('\n')) {
    const assignment = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!assignment) continue;
    const [, commented, name, value] = assignment;
    documented.add(name);
    if (!commented) values[name] = value.replace(/^(['"])(.*)\1$/, '$2');
  }
  return { values, documented };
}

const envExample = parseEnvFile(read('.env.example'));
/** Parsed with YAML merge keys (`<<: *anchor`), which compose supports. */
const rawCompose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const interpolation: Interpolated = { referenced: new Set(), required: new Set() };
const compose = interpolateAll(rawCompose as unknown as Json, envExample.values, interpolation) as unknown as {
  services: Record<string, Service>;
};
const services = compose.services;
const rawServices = rawCompose.services;

function environmentOf(service: Service): Env {
  const { environment } = service;
  if (!environment) return {};
  if (!Array.isArray(environment)) {
    return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value ?? '')]));
  }
  return Object.fromEntries(
    environment.map((entry) => {
      const at = entry.indexOf('=');
      return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
}

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** The Lianluo processes: the services built from ./Dockerfile. */
const appServices = Object.keys(services).filter((name) => services[name].build !== undefined);

/** What the app would see for `name`: compose's value, or the config schema's default when that is empty or unset. */
function effective(env: Env, name: keyof typeof configSchema.shape): unknown {
  const value = env[name];
  return configSchema.shape[name].parse(value === undefined || value === '' ? undefined : value);
}

const listenPort = (svc: Service, variable: string, fallback: string): string => {
  const value = environmentOf(svc)[variable];
  return value ? (value.split(':').pop() ?? value) : fallback;
};

// Ports each backing service listens on: its own setting when the compose file makes one, else the image's default.
const POSTGRES = 'postgresql';
const TEMPORAL = 'temporal';
const MAILPIT = 'mailpit';
const postgresPort = () => listenPort(service(POSTGRES), 'PGPORT', '5432');
const temporalPort = () => listenPort(service(TEMPORAL), 'FRONTEND_GRPC_PORT', '7233');
const mailpitSmtpPort = () => listenPort(service(MAILPIT), 'MP_SMTP_BIND_ADDR', '1025');

interface Published {
  hostIp: string;
  published: string;
  target: string;
}

function publishedPorts(svc: Service): Published[] {
  return (svc.ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return { hostIp: port.host_ip ?? '', published: String(port.published ?? ''), target: String(port.target) };
    }
    const parts = port.replace(/\/(tcp|udp)$/, '').split(':');
    const target = parts.pop() ?? '';
    const published = parts.pop() ?? '';
    return { hostIp: parts.join(':'), published, target };
  });
}

function dependenciesOf(svc: Service): Record<string, string> {
  const { depends_on: dependsOn } = svc;
  if (!dependsOn) return {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, 'service_started']));
  return Object.fromEntries(
    Object.entries(dependsOn).map(([name, spec]) => [name, spec?.condition ?? 'service_started']),
  );
}

const words = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);

/** The host file behind a path inside a service's container, through its bind mounts. */
function hostPathOf(svc: Service, containerPath: string): string | undefined {
  for (const volume of svc.volumes ?? []) {
    const [source, target] =
      typeof volume === 'string'
        ? volume.split(':')
        : [volume.type === 'bind' ? volume.source : undefined, volume.target];
    if (!source || !target || !/^\.{1,2}\//.test(source)) continue;
    if (containerPath === target || containerPath.startsWith(`${target}/`)) {
      return join(ROOT, source, posix.relative(target, containerPath));
    }
  }
  return undefined;
}

/** Shell scripts that a service runs from the repository (deploy/…), read from the host. */
function scriptsOf(svc: Service): string[] {
  return [...words(svc.entrypoint), ...words(svc.command)]
    .filter((word) => word.endsWith('.sh'))
    .map((path) => hostPathOf(svc, path))
    .filter((path): path is string => path !== undefined && existsSync(path))
    .map((path) => readFileSync(path, 'utf8'));
}

/** The effective compiler options and files of the production build, as `npm run build` sees them. */
function buildConfig(): ts.ParsedCommandLine {
  const path = join(ROOT, 'tsconfig.build.json');
  const file = ts.readConfigFile(path, (p) => ts.sys.readFile(p));
  if (file.error) throw new Error(ts.flattenDiagnosticMessageText(file.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(file.config, ts.sys, ROOT, undefined, path);
}

/** The path, relative to the image's WORKDIR (the project root), where the build emits `source`. */
function emittedPath(build: ts.ParsedCommandLine, source: string): string {
  const { outDir, rootDir } = build.options;
  if (!outDir || !rootDir) throw new Error('tsconfig.build.json must set outDir and rootDir');
  return relative(ROOT, join(outDir, relative(rootDir, join(ROOT, source)))).replace(/\.ts$/, '.js');
}

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions (continuation lines joined, comments dropped), grouped by build stage. */
function dockerfileStages(): Instruction[][] {
  const lines = read('Dockerfile')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line));
  const stages: Instruction[][] = [[]];
  for (const logical of lines.join('\n').replace(/\\\n/g, ' ').split('\n')) {
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(logical);
    if (!match) continue;
    const instruction = { keyword: match[1].toUpperCase(), args: match[2].trim() };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages[stages.length - 1].push(instruction);
  }
  return stages.filter((stage) => stage.length > 0);
}

const execForm = (args: string): string[] => JSON.parse(args.replace(/^CMD\s+/, '')) as string[];

// ---- The checks -----------------------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  it('has the services of the stack, with the api and the worker built from ./Dockerfile', () => {
    for (const name of [POSTGRES, TEMPORAL, 'temporal-ui', MAILPIT, 'api', 'worker'])
      expect(services).toHaveProperty([name]);
    expect(appServices).toEqual(expect.arrayContaining(['api', 'worker']));
    for (const name of appServices) {
      const { build } = services[name];
      const context = typeof build === 'string' ? build : (build?.context ?? '.');
      const dockerfile = typeof build === 'string' ? 'Dockerfile' : (build?.dockerfile ?? 'Dockerfile');
      expect(resolve(ROOT, context, dockerfile)).toBe(join(ROOT, 'Dockerfile'));
    }
  });

  it('gives every Lianluo process each variable the apps require, and a configuration they accept', () => {
    const required = Object.entries(configSchema.shape)
      .filter(([, schema]) => !schema.safeParse(undefined).success)
      .map(([name]) => name);
    expect(required).toEqual(expect.arrayContaining(['DATABASE_URL', 'SMTP_URL']));
    for (const name of appServices) {
      const env = environmentOf(service(name));
      for (const variable of required)
        expect({ service: name, variable, set: Boolean(env[variable]) }).toMatchObject({ set: true });
      // The loader itself, with the rules the schema alone cannot express (JWT_SECRET when NODE_ENV=production).
      expect(() => loadConfig(env)).not.toThrow();
    }
  });

  it('names no variable the apps do not read', () => {
    const known = new Set(Object.keys(configSchema.shape));
    for (const name of appServices) {
      const unknown = Object.keys(environmentOf(service(name))).filter((variable) => !known.has(variable));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
  });

  it('runs the apps in production mode, without the unauthenticated development mailbox', () => {
    for (const name of appServices) {
      const env = environmentOf(service(name));
      expect({ service: name, NODE_ENV: env.NODE_ENV, DEV_MAILBOX_DIR: env.DEV_MAILBOX_DIR }).toEqual({
        service: name,
        NODE_ENV: 'production',
        DEV_MAILBOX_DIR: undefined,
      });
    }
  });

  it('points DATABASE_URL at the postgresql service, with the role and database postgresql-init creates', () => {
    const init = environmentOf(service('postgresql-init'));
    for (const name of appServices) {
      const url = new URL(environmentOf(service(name)).DATABASE_URL);
      expect({ service: name, host: url.hostname, port: url.port || '5432' }).toEqual({
        service: name,
        host: POSTGRES,
        port: postgresPort(),
      });
      expect(decodeURIComponent(url.username)).toBe(init.LIANLUO_DB_USER);
      expect(decodeURIComponent(url.password)).toBe(init.LIANLUO_DB_PASSWORD);
      expect(url.pathname).toBe(`/${init.LIANLUO_DB_NAME}`);
    }
    expect(init.PGHOST).toBe(POSTGRES);
    expect(init.PGPORT ?? '5432').toBe(postgresPort());
    expect(init.PGPASSWORD).toBe(environmentOf(service(POSTGRES)).POSTGRES_PASSWORD);
    expect(service(POSTGRES).expose?.map(String)).toContain(postgresPort());
  });

  it('gives Temporal and its schema job the role and databases postgresql-init creates', () => {
    const init = environmentOf(service('postgresql-init'));
    const server = environmentOf(service(TEMPORAL));
    const schema = environmentOf(service('temporal-schema'));
    expect(server).toMatchObject({
      DB: 'postgres12',
      POSTGRES_SEEDS: POSTGRES,
      DB_PORT: postgresPort(),
      POSTGRES_USER: init.TEMPORAL_DB_USER,
      POSTGRES_PWD: init.TEMPORAL_DB_PASSWORD,
      DBNAME: init.TEMPORAL_DB_NAME,
      VISIBILITY_DBNAME: init.TEMPORAL_VISIBILITY_DB_NAME,
    });
    expect(schema).toMatchObject({
      TEMPORAL_DB_HOST: POSTGRES,
      TEMPORAL_DB_PORT: postgresPort(),
      TEMPORAL_DB_USER: init.TEMPORAL_DB_USER,
      SQL_PASSWORD: init.TEMPORAL_DB_PASSWORD,
      TEMPORAL_DB_NAME: init.TEMPORAL_DB_NAME,
      TEMPORAL_VISIBILITY_DB_NAME: init.TEMPORAL_VISIBILITY_DB_NAME,
    });
    // The server reads its dynamic config from a file that must exist, and it ships none.
    const dynamicConfig = server.DYNAMIC_CONFIG_FILE_PATH;
    const hostFile = hostPathOf(service(TEMPORAL), dynamicConfig);
    expect({ dynamicConfig, exists: hostFile !== undefined && existsSync(hostFile) }).toMatchObject({ exists: true });
  });

  it('runs the Temporal server version that the tests and npm run start:cluster build and run', () => {
    const { version } = temporalServerBuild(); // scripts/temporal-server.json
    const temporalImages = Object.entries(services)
      .filter(([, svc]) => /^temporalio\/(server|admin-tools):/.test(svc.image ?? ''))
      .map(([name, svc]) => ({ service: name, image: svc.image }));
    expect(temporalImages.map((i) => i.service).sort()).toEqual([TEMPORAL, 'temporal-namespace', 'temporal-schema']);
    for (const { service: name, image } of temporalImages) {
      expect({ service: name, version: image?.split(':')[1] }).toEqual({ service: name, version });
    }
    expect(environmentOf(service(TEMPORAL)).NUM_HISTORY_SHARDS).toBe(String(TEMPORAL_HISTORY_SHARDS));
  });

  it('gives Temporal the dynamic config a local server runs on, which only adds development keys', () => {
    const mounted = hostPathOf(service(TEMPORAL), environmentOf(service(TEMPORAL)).DYNAMIC_CONFIG_FILE_PATH);
    expect(mounted).toBe(join(ROOT, DEPLOYED_DYNAMIC_CONFIG));
    const deployed = parse(read(DEPLOYED_DYNAMIC_CONFIG)) as Record<string, Json>;
    const local = parse(localDynamicConfig()) as Record<string, Json>;
    expect(Object.keys(deployed).length).toBeGreaterThan(0);
    // Every deployed value as it is; additions only (and each is one a production server can do without).
    expect(local).toMatchObject(deployed);
    expect(Object.keys(local).filter((key) => !(key in deployed))).toEqual([
      'system.forceSearchAttributesCacheRefreshOnRead',
    ]);
  });

  it('points every TEMPORAL_ADDRESS at the temporal service and the port its frontend listens on', () => {
    const users = Object.keys(services).filter((name) => environmentOf(services[name]).TEMPORAL_ADDRESS !== undefined);
    expect(users).toEqual(expect.arrayContaining([...appServices, 'temporal-ui', 'temporal-namespace']));
    for (const name of users) {
      const address = environmentOf(service(name)).TEMPORAL_ADDRESS;
      expect({ service: name, address }).toEqual({ service: name, address: `${TEMPORAL}:${temporalPort()}` });
    }
    expect(service(TEMPORAL).expose?.map(String)).toContain(temporalPort());
  });

  it('creates the namespace the apps use', () => {
    const created = environmentOf(service('temporal-namespace')).TEMPORAL_NAMESPACE;
    for (const name of appServices) {
      expect({ service: name, namespace: effective(environmentOf(service(name)), 'TEMPORAL_NAMESPACE') }).toEqual({
        service: name,
        namespace: created,
      });
    }
  });

  it('registers exactly the search attributes the workflows use, with their types', () => {
    const registering = Object.entries(services).flatMap(([name, svc]) =>
      scriptsOf(svc)
        .filter((script) => script.includes('search-attribute create'))
        .map((script) => ({ name, script })),
    );
    expect(registering.map(({ name }) => name)).toEqual(['temporal-namespace']);
    const registered = Object.fromEntries(
      [...registering[0].script.matchAll(/--name\s+["']?(\w+)["']?\s+--type\s+["']?(\w+)["']?/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    expect(registered).toEqual(SEARCH_ATTRIBUTES);
  });

  it('points SMTP_URL at the mailpit service and its SMTP port unless .env names a relay', () => {
    for (const name of appServices) {
      const url = new URL(environmentOf(service(name)).SMTP_URL);
      expect({ service: name, protocol: url.protocol, host: url.hostname, port: url.port }).toEqual({
        service: name,
        protocol: 'smtp:',
        host: MAILPIT,
        port: mailpitSmtpPort(),
      });
    }
    expect(service(MAILPIT).expose?.map(String)).toContain(mailpitSmtpPort());
  });

  it('publishes the api on the port it listens on, listening on all interfaces inside its container', () => {
    const env = environmentOf(service('api'));
    const port = String(effective(env, 'PORT'));
    expect(publishedPorts(service('api')).map(({ target }) => target)).toEqual([port]);
    expect(['0.0.0.0', '::']).toContain(effective(env, 'HOST'));
  });

  it('publishes nothing beyond this machine unless .env says so', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const port of publishedPorts(svc)) {
        expect({ service: name, port, hostIp: port.hostIp }).toMatchObject({ hostIp: '127.0.0.1' });
      }
    }
  });

  it('depends only on services that exist, in an order that can complete', () => {
    const conditions = ['service_started', 'service_healthy', 'service_completed_successfully'];
    const hasHealthcheck = (svc: Service) =>
      svc.healthcheck?.disable !== true &&
      (svc.healthcheck?.test !== undefined ||
        (svc.build !== undefined &&
          dockerfileStages()
            .at(-1)
            ?.some((i) => i.keyword === 'HEALTHCHECK') === true));
    for (const [name, svc] of Object.entries(services)) {
      for (const [dependency, condition] of Object.entries(dependenciesOf(svc))) {
        const edge = `${name} → ${dependency} (${condition})`;
        expect({ edge, exists: dependency in services }).toMatchObject({ exists: true });
        expect({ edge, known: conditions.includes(condition) }).toMatchObject({ known: true });
        const target = services[dependency];
        if (condition === 'service_healthy')
          expect({ edge, healthcheck: hasHealthcheck(target) }).toMatchObject({ healthcheck: true });
        if (condition === 'service_completed_successfully') {
          // A one-shot job: restarting it would keep its dependants waiting forever.
          expect({ edge, restart: target.restart ?? 'no' }).toMatchObject({ restart: 'no' });
        }
      }
    }
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, path: string[]) => {
      if (done.has(name)) return;
      if (visiting.has(name)) throw new Error(`depends_on cycle: ${[...path, name].join(' → ')}`);
      visiting.add(name);
      for (const dependency of Object.keys(dependenciesOf(services[name] ?? {}))) visit(dependency, [...path, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of Object.keys(services)) visit(name, []);
  });

  it('pins every pulled image to a version', () => {
    for (const [name, svc] of Object.entries(services)) {
      if (svc.build !== undefined) continue;
      const image = svc.image ?? '';
      const match = /^([^\s@]+?)(?::([\w][\w.-]*))?(?:@(sha256:[0-9a-f]{64}))?$/.exec(image);
      const tag = match?.[2] ?? '';
      const pinned = Boolean(match?.[3]) || (/\d/.test(tag) && !/latest|stable|edge|main/.test(tag));
      expect({ service: name, image, pinned }).toMatchObject({ pinned: true });
    }
  });

  it('mounts PostgreSQL data where the image keeps it', () => {
    const major = Number(/^postgres:(\d+)/.exec(service(POSTGRES).image ?? '')?.[1]);
    const named = (service(POSTGRES).volumes ?? []).filter(
      (v): v is string => typeof v === 'string' && !/^\.{0,2}\//.test(v),
    );
    // From PostgreSQL 18 the image stores its data in /var/lib/postgresql/<major>/docker and declares that parent as
    // its volume; a volume on the old /var/lib/postgresql/data would be refused, or lose the data.
    const target = major >= 18 ? '/var/lib/postgresql' : '/var/lib/postgresql/data';
    expect(named.map((v) => v.split(':')[1])).toEqual([target]);
  });

  it('keeps the signed records digests on a named volume of the worker, in a folder the image gives the app user', () => {
    const dir = environmentOf(service('worker')).RECORDS_DIGEST_DIR;
    expect(dir).toMatch(/^\//);
    const mounted = (service('worker').volumes ?? []).map((v) =>
      typeof v === 'string' ? v.split(':') : [v.source, v.target],
    );
    const [volume] = mounted.filter(([, target]) => target === dir).map(([source]) => source);
    expect(volume).toMatch(/^[a-z][a-z0-9_-]*$/);
    const declared = (rawCompose as { volumes?: Record<string, unknown> }).volumes ?? {};
    expect(Object.keys(declared)).toContain(volume);
    expect(read('Dockerfile')).toContain(`chown node:node ${dir}`);
  });

  it('mounts only files that exist in the repository', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const volume of svc.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0] : volume.source;
        if (!source || !/^\.{1,2}\//.test(source)) continue;
        expect({ service: name, source, exists: existsSync(join(ROOT, source)) }).toMatchObject({ exists: true });
      }
    }
  });

  it('takes every secret from a variable that must be set, and hard-codes none', () => {
    const secretKey = /(PASSWORD|PWD|SECRET|TOKEN)$/;
    const fromVariable = /^\$\{[A-Z][A-Z0-9_]*(:\?[^}]*|:-)?\}$/;
    const required = /^\$\{[A-Z][A-Z0-9_]*:\?[^}]*\}$/;
    for (const [name, svc] of Object.entries(rawServices)) {
      for (const [key, value] of Object.entries(environmentOf(svc))) {
        if (secretKey.test(key)) {
          expect({ service: name, key, value, fromVariable: fromVariable.test(value) }).toMatchObject({
            fromVariable: true,
          });
        }
        const password = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:([^@\s]*)@/.exec(value)?.[1];
        if (password !== undefined) {
          expect({ service: name, key, password, required: required.test(password) }).toMatchObject({ required: true });
        }
      }
    }
    for (const secret of ['POSTGRES_PASSWORD', 'LIANLUO_DB_PASSWORD', 'TEMPORAL_DB_PASSWORD', 'JWT_SECRET']) {
      expect(interpolation.required).toContain(secret);
    }
  });

  it('runs the worker and the migrations from files the build emits', () => {
    const build = buildConfig();
    const compiled = (source: string) => build.fileNames.map((file) => resolve(file)).includes(join(ROOT, source));
    expect(compiled('apps/worker/src/main.ts')).toBe(true);
    expect(words(service('worker').command)).toEqual(['node', emittedPath(build, 'apps/worker/src/main.ts')]);
    expect(words(service('worker').command)).toEqual(['node', 'dist/apps/worker/src/main.js']);

    const migrate = words(service('migrate').command);
    expect(migrate.slice(0, 3)).toEqual(['node', 'node_modules/typeorm/cli.js', 'migration:run']);
    expect(existsSync(join(ROOT, migrate[1]))).toBe(true);
    const dataSource = migrate[migrate.findIndex((word) => word === '--dataSource' || word === '-d') + 1];
    expect(compiled('libs/database/src/typeorm-cli.ts')).toBe(true);
    expect(dataSource).toBe(emittedPath(build, 'libs/database/src/typeorm-cli.ts'));
  });
});

describe('Dockerfile', () => {
  const stages = dockerfileStages();
  const runtime = stages.at(-1) ?? [];
  const all = stages.flat();

  it('starts the api from the entry file the build emits', () => {
    const build = buildConfig();
    expect(build.fileNames.map((file) => resolve(file))).toContain(join(ROOT, 'apps/api/src/main.ts'));
    const cmd = runtime.filter((i) => i.keyword === 'CMD').at(-1);
    expect(execForm(cmd?.args ?? '[]')).toEqual(['node', emittedPath(build, 'apps/api/src/main.ts')]);
    expect(execForm(cmd?.args ?? '[]')).toEqual(['node', 'dist/apps/api/src/main.js']);
    expect(service('api').command).toBeUndefined();
  });

  it('installs from the lockfile with npm ci, builds with npm run build, and ships only runtime dependencies', () => {
    const runs = all.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.some((run) => /\bnpm ci\b(?!.*--omit=dev)/.test(run))).toBe(true);
    expect(runs.some((run) => /\bnpm run build\b/.test(run))).toBe(true);
    expect(runs.some((run) => /\bnpm ci\b.*--omit=dev/.test(run))).toBe(true);
    expect(runs.some((run) => /\bnpm (install|i)\b(?!.*--global)/.test(run))).toBe(false);
  });

  it('copies every folder that tsconfig.build.json compiles', () => {
    const include = (JSON.parse(read('tsconfig.build.json')) as { include: string[] }).include;
    const copied = all
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .map((i) => i.args.split(/\s+/)[0]);
    for (const folder of include) expect(copied).toContain(folder);
  });

  it('runs as an unprivileged user and checks the API health endpoint on its port', () => {
    const user = runtime.filter((i) => i.keyword === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user?.split(':')[0]);
    const healthcheck = runtime.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '';
    expect(healthcheck).toMatch(/\/health\b/);
    expect(healthcheck).toMatch(/process\.env\.PORT/);
  });
});

describe('.env.example', () => {
  it('documents every variable the apps read', () => {
    const missing = Object.keys(configSchema.shape).filter((name) => !envExample.documented.has(name));
    expect(missing).toEqual([]);
  });

  it('documents every variable docker-compose.yml reads', () => {
    const missing = [...interpolation.referenced].filter((name) => !envExample.documented.has(name));
    expect(missing).toEqual([]);
  });

  it('documents nothing that neither the apps nor docker-compose.yml read', () => {
    const known = new Set([...Object.keys(configSchema.shape), ...interpolation.referenced]);
    expect([...envExample.documented].filter((name) => !known.has(name))).toEqual([]);
  });

  it('ships no secret values, so a copied file fails loudly until they are set', () => {
    for (const [name, value] of Object.entries(envExample.values)) {
      if (/(PASSWORD|SECRET)$/.test(name)) expect({ name, value }).toEqual({ name, value: '' });
    }
  });
});
