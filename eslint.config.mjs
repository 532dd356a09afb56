// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '.tools/**', 'test-output/**', 'coverage/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: only workflow APIs, contracts and types.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'https', 'net'],
              message: 'Workflows must be deterministic: no Node builtins.',
            },
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'pg',
                'nodemailer',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
              ],
              message: 'Workflows import only @temporalio/workflow, contracts and types.',
            },
            { group: ['@app/*'], message: 'Use relative imports inside the workflow bundle.' },
          ],
        },
      ],
    },
  },
  {
    // Controllers → services → repositories: only repositories (and reviewed *.sql.ts files, as in libs/metrics) hold
    // SQL, in both apps. The files listed under `ignores` still query directly: move their SQL out, then drop them.
    files: ['apps/api/src/**/*.controller.ts', 'apps/api/src/**/*.service.ts', 'apps/worker/src/**/*.service.ts'],
    ignores: [
      'apps/api/src/auth/personal-data.service.ts',
      'apps/api/src/auth/reply-link.service.ts',
      'apps/api/src/auth/scope.service.ts',
      'apps/api/src/health/health.service.ts',
      'apps/api/src/issues/issues.service.ts',
      'apps/api/src/reception/reception.service.ts',
      'apps/worker/src/attendance/invitation-activities.service.ts',
      'apps/worker/src/maintenance/maintenance-activities.service.ts',
      'apps/worker/src/records/records-activities.service.ts',
      'apps/worker/src/voter/voter-submission-activities.service.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "CallExpression[callee.name='queryRows']",
          "CallExpression[callee.property.name='query']",
          // A service may open a unit of work through its repository (`this.repository.transaction(tx => …)`) and pass
          // the transaction to the repository's methods; it may not open one on a DataSource or manager itself.
          "CallExpression[callee.property.name='transaction']:not([callee.object.property.name=/[Rr]epository$/])",
          "CallExpression[callee.property.name='createQueryBuilder']",
          "CallExpression[callee.name='retryingTransaction']",
          "Decorator[expression.callee.name='InjectDataSource']",
        ].map((selector) => ({
          selector,
          message: 'SQL belongs in a repository (*.repository.ts) or a reviewed *.sql.ts file; call it from here.',
        })),
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
