import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';

/** Arbitrary JSON, passed through as is. */
export const JSON = new GraphQLScalarType({
  name: 'JSON',
  description: 'Arbitrary JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
