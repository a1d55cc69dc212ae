/**
 * A small evaluator for the ARM template expressions that exported templates use in names and ids:
 * `[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('vnet'), 'default')]`,
 * `[concat(parameters('nsg'), '/allow-https')]`, `[variables('x')]`, `[resourceGroup().location]`,
 * `[format('{0}-{1}', 'a', 'b')]`, `[toLower(...)]`, `[subscription().subscriptionId]`.
 * Anything else throws `TemplateExpressionError`; the caller turns that into a warning and skips the value.
 */
import { buildArmId } from './arm-id';

export class TemplateExpressionError extends Error {}

export interface TemplateScope {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  /** The template's `parameters` section (values come from `defaultValue`, or `value` in parameter files). */
  parameters: Record<string, unknown>;
  variables: Record<string, unknown>;
}

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** True for a string ARM would evaluate (`[...]`, but not the `[[` escape). */
export function isTemplateExpression(text: string): boolean {
  return text.length >= 2 && text.startsWith('[') && !text.startsWith('[[') && text.endsWith(']');
}

/** Evaluates a template string: expressions are evaluated, `[[x]` unescaped, other strings returned as-is. */
export function evaluateTemplateString(text: string, scope: TemplateScope, depth = 0): unknown {
  if (text.startsWith('[[')) return text.slice(1);
  if (!isTemplateExpression(text)) return text;
  if (depth > 20) throw new TemplateExpressionError('template expressions nest too deeply');
  const parser = new Parser(text.slice(1, -1), scope, depth);
  const value = parser.parseExpression();
  parser.expectEnd();
  return value;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly scope: TemplateScope,
    private readonly depth: number,
  ) {}

  expectEnd(): void {
    this.skipSpace();
    if (this.pos !== this.src.length) this.fail(`unexpected '${this.src.slice(this.pos)}'`);
  }

  parseExpression(): Value {
    this.skipSpace();
    let value: Value;
    const ch = this.src[this.pos];
    if (ch === "'") value = this.parseString();
    else if (ch !== undefined && /[0-9-]/.test(ch)) value = this.parseNumber();
    else {
      const name = this.parseIdentifier();
      this.skipSpace();
      if (this.src[this.pos] !== '(') this.fail(`expected '(' after ${name}`);
      this.pos += 1;
      const args: Value[] = [];
      this.skipSpace();
      if (this.src[this.pos] === ')') this.pos += 1;
      else {
        for (;;) {
          args.push(this.parseExpression());
          this.skipSpace();
          const sep = this.src[this.pos];
          this.pos += 1;
          if (sep === ')') break;
          if (sep !== ',') this.fail("expected ',' or ')'");
        }
      }
      value = this.call(name, args);
    }
    // Property access and indexing: resourceGroup().location, variables('x')[0]
    for (;;) {
      this.skipSpace();
      const next = this.src[this.pos];
      if (next === '.') {
        this.pos += 1;
        const key = this.parseIdentifier();
        value = this.member(value, key);
      } else if (next === '[') {
        this.pos += 1;
        const key = this.parseExpression();
        this.skipSpace();
        if (this.src[this.pos] !== ']') this.fail("expected ']'");
        this.pos += 1;
        value = this.member(value, key);
      } else return value;
    }
  }

  private member(value: Value, key: Value): Value {
    if (Array.isArray(value) && typeof key === 'number')
      return value[key] ?? this.fail(`index ${key} out of range`);
    if (value && typeof value === 'object' && !Array.isArray(value) && typeof key === 'string') {
      const found = Object.entries(value).find(([k]) => k.toLowerCase() === key.toLowerCase());
      if (found) return found[1];
    }
    return this.fail(`no property '${String(key)}'`);
  }

  private call(name: string, args: Value[]): Value {
    const strings = (): string[] =>
      args.map((a) =>
        typeof a === 'string' || typeof a === 'number' ? String(a) : this.fail(`${name}() takes strings`),
      );
    switch (name.toLowerCase()) {
      case 'parameters':
        return this.lookup('parameter', this.scope.parameters, strings()[0]);
      case 'variables':
        return this.lookup('variable', this.scope.variables, strings()[0]);
      case 'concat':
        if (args.every(Array.isArray)) return (args as Value[][]).flat();
        return strings().join('');
      case 'format': {
        const [template = '', ...rest] = strings();
        return template.replace(
          /\{(\d+)\}/g,
          (_m, i: string) => rest[Number(i)] ?? this.fail('format index'),
        );
      }
      case 'tolower':
        return strings().join('').toLowerCase();
      case 'toupper':
        return strings().join('').toUpperCase();
      case 'string':
        return strings().join('');
      case 'subscription':
        return {
          id: `/subscriptions/${this.scope.subscriptionId}`,
          subscriptionId: this.scope.subscriptionId,
        };
      case 'resourcegroup':
        return {
          id: `/subscriptions/${this.scope.subscriptionId}/resourceGroups/${this.scope.resourceGroup}`,
          name: this.scope.resourceGroup,
          location: this.scope.location,
        };
      case 'resourceid': {
        const parts = strings();
        const typeIndex = parts.findIndex((p) => p.includes('/'));
        if (typeIndex < 0 || typeIndex > 2) this.fail('resourceId() needs a resource type');
        const before = parts.slice(0, typeIndex);
        const subscriptionId = before.length === 2 ? (before[0] as string) : this.scope.subscriptionId;
        const resourceGroup =
          before.length >= 1 ? (before[before.length - 1] as string) : this.scope.resourceGroup;
        try {
          return buildArmId(
            subscriptionId,
            resourceGroup,
            parts[typeIndex] as string,
            parts.slice(typeIndex + 1),
          );
        } catch (error) {
          return this.fail((error as Error).message);
        }
      }
      default:
        return this.fail(`function ${name}() is not supported`);
    }
  }

  private lookup(kind: string, table: Record<string, unknown>, name: string | undefined): Value {
    const entry = Object.entries(table).find(([k]) => k.toLowerCase() === (name ?? '').toLowerCase());
    if (!entry) return this.fail(`${kind} '${name}' is not defined`);
    let raw = entry[1];
    if (kind === 'parameter') {
      const definition = raw as { value?: unknown; defaultValue?: unknown } | null;
      raw =
        definition && typeof definition === 'object'
          ? (definition.value ?? definition.defaultValue)
          : undefined;
      if (raw === undefined) return this.fail(`parameter '${name}' has no default value`);
    }
    return this.resolve(raw);
  }

  private resolve(raw: unknown): Value {
    if (typeof raw === 'string') return evaluateTemplateString(raw, this.scope, this.depth + 1) as Value;
    if (Array.isArray(raw)) return raw.map((r) => this.resolve(r));
    if (raw && typeof raw === 'object') {
      return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, this.resolve(v)]));
    }
    return raw as Value;
  }

  private parseString(): string {
    let out = '';
    this.pos += 1;
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === undefined) return this.fail('unterminated string');
      this.pos += 1;
      if (ch === "'") {
        if (this.src[this.pos] === "'") {
          out += "'";
          this.pos += 1;
        } else return out;
      } else out += ch;
    }
  }

  private parseNumber(): number {
    const match = /^-?\d+/.exec(this.src.slice(this.pos));
    if (!match) return this.fail('bad number');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private parseIdentifier(): string {
    this.skipSpace();
    const match = /^[A-Za-z_][\w]*/.exec(this.src.slice(this.pos));
    if (!match) return this.fail(`unexpected '${this.src.slice(this.pos, this.pos + 10)}'`);
    this.pos += match[0].length;
    return match[0];
  }

  private skipSpace(): void {
    while (this.src[this.pos] === ' ') this.pos += 1;
  }

  private fail(message: string): never {
    throw new TemplateExpressionError(message);
  }
}
