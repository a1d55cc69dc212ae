import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the API's checked-in SDL (never a live endpoint: introspection is off in production).
const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: [
    'app/**/*.{ts,tsx}',
    'components/**/*.{ts,tsx}',
    'graphql/**/*.{ts,tsx}',
    'src/**/*.{ts,tsx}',
    '!src/gql/**/*',
  ],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { JSON: 'unknown' } },
    },
  },
};

export default config;
