#!/usr/bin/env node
// Builds the official Temporal server and its SQL schema tool, at the version pinned in temporal-server.json, from the
// Go module proxy with the machine's Go, into .tools/temporal-server-<version>/ (not committed, like .tools/venv):
//   bin/temporal-server, bin/temporal-sql-tool   `go install` of the module's cmd/server and cmd/tools/sql
//   schema/postgresql/v12/{temporal,visibility}  the versioned SQL schema the tool applies, copied from the module
//   config/                                      the module's reference PostgreSQL config and dynamic config
// The first build takes minutes (about 5 on 2 cores) and fills Go's module cache (~1.6 GB); a stamp written last makes
// every later run a no-op. Plain Node with no dependencies; run by bootstrap.js --with-temporal-server, or by itself.
'use strict';
const { spawnSync } = require('node:child_process');
const {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const pinned = JSON.parse(readFileSync(join(__dirname, 'temporal-server.json'), 'utf8'));
const target = join(root, '.tools', `temporal-server-${pinned.version}`);
const stamp = join(target, '.built');
const wanted = JSON.stringify(pinned);

function step(message) {
  process.stdout.write(`[temporal-server] ${message}\n`);
}

function go(args, options = {}) {
  const result = spawnSync('go', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error?.code === 'ENOENT') {
    throw new Error(
      'go is not installed (or not on PATH): the real Temporal server is built from source with Go ' +
        '(https://go.dev/dl/, 1.25 or newer). Install it, or leave out --with-temporal-server to use only the dev server.',
    );
  }
  if (result.error) throw new Error(`go could not start: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`go ${args.join(' ')} exited with ${result.status}${result.stderr ? `:\n${result.stderr}` : ''}`);
  }
  return result.stdout;
}

/** Copies a tree as ordinary writable files: the module cache is read-only, and a copy of its modes could not be replaced. */
function copyTree(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) copyTree(join(from, entry.name), join(to, entry.name));
    else if (entry.isFile()) writeFileSync(join(to, entry.name), readFileSync(join(from, entry.name)));
  }
}

function isBuilt() {
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted;
}

function buildTemporalServer() {
  if (isBuilt()) return step(`${pinned.version}: up to date in ${target}`);
  const started = Date.now();
  step(`${go(['version']).trim()}; building ${pinned.module}@v${pinned.version} (minutes on a fresh machine)`);
  // A half-finished earlier attempt is thrown away whole: the stamp is only ever written after everything below.
  rmSync(target, { recursive: true, force: true });
  const bin = join(target, 'bin');
  mkdirSync(bin, { recursive: true });
  const packages = Object.entries(pinned.packages);
  go(
    ['install', ...packages.map(([, pkg]) => `${pinned.module}/${pkg}@v${pinned.version}`)],
    // GOFLAGS from the caller could turn on -mod=vendor or similar, which `go install pkg@version` refuses.
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, GOBIN: bin, GOFLAGS: '' } },
  );
  // `go install` names each binary after its package folder (server, sql): give them the names Temporal ships.
  for (const [name, pkg] of packages) {
    renameSync(join(bin, pkg.split('/').pop()), join(bin, name));
    chmodSync(join(bin, name), 0o755);
  }

  // Already in the module cache after the install; `go mod download` only reports where.
  const { Dir: moduleDir } = JSON.parse(go(['mod', 'download', '-json', `${pinned.module}@v${pinned.version}`]));
  copyTree(join(moduleDir, 'schema', 'postgresql', 'v12'), join(target, 'schema', 'postgresql', 'v12'));
  mkdirSync(join(target, 'config', 'dynamicconfig'), { recursive: true });
  for (const file of ['development-postgres12.yaml', join('dynamicconfig', 'development-sql.yaml')]) {
    writeFileSync(join(target, 'config', file), readFileSync(join(moduleDir, 'config', file)));
  }
  const version = spawnSync(join(bin, 'temporal-server'), ['--version'], { encoding: 'utf8' });
  if (!version.stdout?.includes(pinned.version)) {
    throw new Error(`built temporal-server does not report ${pinned.version}: ${version.stdout}${version.stderr}`);
  }
  writeFileSync(stamp, wanted);
  step(`${pinned.version}: built into ${target} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

module.exports = { buildTemporalServer, temporalServerDir: target };

if (require.main === module) {
  try {
    buildTemporalServer();
  } catch (error) {
    process.stderr.write(`[temporal-server] failed: ${error.message}\n`);
    process.exit(1);
  }
}
