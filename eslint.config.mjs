// One lint set-up for every workspace. Type-aware rules are left to `npm run typecheck`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/.turbo/**',
      'packages/db/src/generated/**',
      'apps/web/src/gql/**',
      'apps/api/src/generated/**',
      'apps/web/next-env.d.ts',
      'artifacts/**',
      '.flowverify/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The engine is pure: no I/O, no database, no GraphQL.
    files: ['packages/engine/src/**/*.ts'],
    ignores: ['packages/engine/src/bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['fs', 'node:*', 'pg', '@prisma/*', 'graphql', '@flowverify/*'] },
      ],
    },
  },
  {
    // The dashboard knows the API only through GraphQL.
    files: ['apps/web/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@flowverify/*', '@prisma/*', 'pg'] }] },
  },
);
