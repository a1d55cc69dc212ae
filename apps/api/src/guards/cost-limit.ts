/**
 * Validation rule: static cost of an operation = Σ fields × the product of the enclosing list multipliers, where a
 * connection field multiplies by its explicit `first` argument (a literal; `listFactor` when omitted or a variable —
 * `first` is capped at run time anyway) and a plain list by `listFactor`.
 * Operations above `maxCost` are rejected before execution, and so are mutation operations with more than
 * `maxMutations` root fields (reason TooManyMutations).
 */
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  valueFromAST,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export interface CostOptions {
  maxCost: number;
  /** Multiplier for plain list fields, and for connections whose `first` is not given. */
  listFactor?: number;
  /**
   * Root fields one mutation operation may hold. Batched HTTP requests are refused, and aliases are the same batch
   * in another spelling: each mutation is a write of its own, run one after the other.
   */
  maxMutations?: number;
}

export const MAX_MUTATIONS = 50;

export function costLimitRule({ maxCost, listFactor = 10, maxMutations = MAX_MUTATIONS }: CostOptions) {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const variables: Record<string, unknown> = {};

    const costOf = (
      set: SelectionSetNode | undefined,
      parent: GraphQLNamedType | undefined,
      depth: number,
    ): number => {
      if (!set || !parent || depth > 50) return 0;
      let total = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
          const field: GraphQLField<unknown, unknown> | undefined = fields[sel.name.value];
          if (!field) continue;
          let multiplier = 1;
          const firstArg = field.args.find((a) => a.name === 'first');
          if (firstArg) {
            const node = sel.arguments?.find((a) => a.name.value === 'first');
            const value = node ? valueFromAST(node.value, firstArg.type, variables) : undefined;
            multiplier = typeof value === 'number' && value >= 0 ? Math.max(value, 1) : listFactor;
          } else if (isListType(getNullableType(field.type)) && !parent.name.endsWith('Connection')) {
            // A connection's `edges` are already counted by the connection's `first`.
            multiplier = listFactor;
          }
          total += 1 + multiplier * costOf(sel.selectionSet, getNamedType(field.type), depth + 1);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
          total += costOf(sel.selectionSet, type ?? parent, depth + 1);
        } else {
          const frag = fragments.get(sel.name.value);
          if (frag)
            total += costOf(
              frag.selectionSet,
              schema.getType(frag.typeCondition.name.value) ?? parent,
              depth + 1,
            );
        }
      }
      return total;
    };

    /** Root fields of a selection set, through fragments (`__typename` is free). */
    const rootFields = (set: SelectionSetNode, depth = 0): number => {
      if (depth > 50) return 0;
      let count = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) count += sel.name.value === '__typename' ? 0 : 1;
        else if (sel.kind === Kind.INLINE_FRAGMENT) count += rootFields(sel.selectionSet, depth + 1);
        else {
          const frag = fragments.get(sel.name.value);
          if (frag) count += rootFields(frag.selectionSet, depth + 1);
        }
      }
      return count;
    };

    return {
      OperationDefinition(node) {
        if (node.operation === 'mutation') {
          const mutations = rootFields(node.selectionSet);
          if (mutations > maxMutations) {
            context.reportError(
              new GraphQLError(
                `A request may hold at most ${maxMutations} mutations (got ${mutations}); send the others in further requests.`,
                {
                  nodes: [node],
                  extensions: {
                    code: 'GRAPHQL_VALIDATION_FAILED',
                    reason: 'TooManyMutations',
                    mutations,
                    maxMutations,
                  },
                },
              ),
            );
            return;
          }
        }
        const root =
          node.operation === 'query'
            ? schema.getQueryType()
            : node.operation === 'mutation'
              ? schema.getMutationType()
              : schema.getSubscriptionType();
        const cost = costOf(node.selectionSet, root ?? undefined, 0);
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(
              `Query cost ${cost} exceeds the limit of ${maxCost}; ask for smaller pages (first).`,
              {
                nodes: [node],
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'QueryTooComplex', cost, maxCost },
              },
            ),
          );
        }
      },
    };
  };
}
