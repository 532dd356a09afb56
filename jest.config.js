// One runner for everything: unit specs beside the code, integration and e2e suites in test/.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
    // Resolve @app/* at transform time, so globalSetup (which Jest loads without moduleNameMapper) gets it too.
    baseUrl: __dirname,
    paths: require('./tsconfig.json').compilerOptions.paths,
  },
  module: { type: 'commonjs', ignoreDynamic: true },
  sourceMaps: 'inline',
};

// @nestjs/terminus and file-type (with the packages it imports) ship ES modules only. Node (20.19+) requires them as
// they are; Jest's own module loader cannot (before Node 24.9), so Jest compiles these to CommonJS.
const esmOnlyPackages = [
  '@nestjs/terminus',
  'file-type',
  'strtok3',
  'token-types',
  'uint8array-extras',
  '@tokenizer/inflate',
  '@borewit/text-codec',
];
const swcEsm = { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } };

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/', '/.tools/'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    [`/node_modules/(${esmOnlyPackages.join('|')})/.+\\.js$`]: ['@swc/jest', swcEsm],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
  moduleNameMapper: {
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
    // file-type exports itself only under `import` and `module-sync`, conditions Jest's resolver does not take.
    '^file-type$': '<rootDir>/node_modules/file-type/index.js',
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
  // A worker that has grown past this after a suite is replaced before the next one: ~150 suites on two workers (each
  // loading Nest apps, workflow bundles and browsers) otherwise let one worker's heap grow until it crashed (CI).
  workerIdleMemoryLimit: '1.5GB',
};
