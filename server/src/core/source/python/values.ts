/**
 * Static values of Python expressions: literals, module-level constants, dotted names (through
 * the file's imports) and calls with their arguments. Anything computed is `unknown`: the callers
 * skip it rather than guess.
 */
import type { StringValue } from './strings';
import { stringValue } from './strings';
import type { Span, SyntaxNode } from './syntax';
import { childrenOf, containsError, textOf } from './syntax';
import { dialectTestOnPostgres } from './dialect';

export type PyValue = Span &
  (
    | { kind: 'str'; value: string; string: StringValue }
    | { kind: 'number'; value: number; text: string }
    | { kind: 'bool'; value: boolean }
    | { kind: 'none' }
    | { kind: 'tuple' | 'list'; items: PyValue[] }
    | { kind: 'dict'; entries: Array<{ key: PyValue; value: PyValue }> }
    | { kind: 'call'; callee: string | undefined; calleeSpan: Span; args: PyValue[]; kwargs: KeywordArgument[]; spread: boolean }
    /** A dotted name that is not a constant, canonical through the imports: `sa.Integer` -> `sqlalchemy.Integer`. */
    | { kind: 'ref'; name: string }
    | { kind: 'unknown' }
  );

export type ValueOf<K extends PyValue['kind']> = Extract<PyValue, { kind: K }>;
export type CallValue = ValueOf<'call'>;

export interface KeywordArgument extends Span {
  name: string;
  nameSpan: Span;
  value: PyValue;
}

export interface Arguments {
  args: PyValue[];
  kwargs: KeywordArgument[];
  /** True when `*args` or `**kwargs` hide arguments that cannot be known. */
  spread: boolean;
}

/** What names mean in one place of the file. */
export interface Scope {
  /** Local name -> canonical dotted path (`sa` -> `sqlalchemy`, `UUID` -> `sqlalchemy.dialects.postgresql.UUID`). */
  readonly imports: ReadonlyMap<string, string>;
  /** Module-level names assigned exactly once to a static value. */
  readonly constants: ReadonlyMap<string, PyValue>;
  /** Names bound in the current function (parameters, assignments): they hide constants and imports. */
  readonly locals: ReadonlySet<string>;
}

export class Evaluator {
  constructor(
    private readonly text: string,
    private readonly scope: Scope,
  ) {}

  withLocals(locals: ReadonlySet<string>): Evaluator {
    return new Evaluator(this.text, { ...this.scope, locals });
  }

  value(node: SyntaxNode | null | undefined): PyValue {
    if (!node) return { kind: 'unknown', start: 0, end: 0 };
    const span = { start: node.from, end: node.to };
    if (node.type.isError) return { kind: 'unknown', ...span };
    switch (node.name) {
      case 'String':
      case 'FormatString':
      case 'ContinuedString': {
        const string = stringValue(this.text, node);
        return string ? { kind: 'str', value: string.value, string, ...span } : { kind: 'unknown', ...span };
      }
      case 'Number':
        return numberValue(textOf(this.text, node), span);
      case 'Boolean':
        return { kind: 'bool', value: textOf(this.text, node) === 'True', ...span };
      case 'None':
        return { kind: 'none', ...span };
      case 'UnaryExpression': {
        const [operator, operand] = childrenOf(node);
        const inner = this.value(operand);
        if (inner.kind === 'number' && operator && ['-', '+'].includes(textOf(this.text, operator))) {
          return { kind: 'number', value: textOf(this.text, operator) === '-' ? -inner.value : inner.value, text: textOf(this.text, node), ...span };
        }
        return { kind: 'unknown', ...span };
      }
      case 'ParenthesizedExpression': {
        const inner = childrenOf(node).filter((child) => child.name !== '(' && child.name !== ')');
        // as Python's ast: the parentheses belong to no node
        return inner.length === 1 ? this.value(inner[0]) : { kind: 'unknown', ...span };
      }
      case 'TupleExpression':
      case 'ArrayExpression': {
        const items: PyValue[] = [];
        for (const child of childrenOf(node)) {
          if (['(', ')', '[', ']', ','].includes(child.name)) continue;
          if (child.name === '*' || child.type.isError) return { kind: 'unknown', ...span };
          items.push(this.value(child));
        }
        return { kind: node.name === 'TupleExpression' ? 'tuple' : 'list', items, ...span };
      }
      case 'DictionaryExpression':
        return this.dictionary(node, span);
      case 'VariableName':
        return this.name(textOf(this.text, node), span);
      case 'MemberExpression': {
        const dotted = this.dottedName(node);
        return dotted ? { kind: 'ref', name: dotted, ...span } : { kind: 'unknown', ...span };
      }
      case 'CallExpression':
        return this.call(node, span);
      case 'ConditionalExpression': {
        // `a if bind.dialect.name == "sqlite" else b`: the PostgreSQL branch, when the test is a dialect test
        const [then, , test, , otherwise] = childrenOf(node);
        const onPostgres = dialectTestOnPostgres(this.text, test);
        return onPostgres === undefined ? { kind: 'unknown', ...span } : this.value(onPostgres ? then : otherwise);
      }
      default:
        return { kind: 'unknown', ...span };
    }
  }

  /** The canonical dotted name of a name or attribute chain, or undefined for anything else. */
  dottedName(node: SyntaxNode): string | undefined {
    const parts: string[] = [];
    let current: SyntaxNode | null = node;
    while (current && current.name === 'MemberExpression') {
      const children = childrenOf(current);
      const property = children[children.length - 1];
      if (!property || property.name !== 'PropertyName' || children.length !== 3) return undefined;
      parts.unshift(textOf(this.text, property));
      current = children[0];
    }
    if (!current || current.name !== 'VariableName') return undefined;
    const head = textOf(this.text, current);
    if (this.scope.locals.has(head)) return head === 'op' || head === 'batch_op' ? [head, ...parts].join('.') : undefined;
    return [this.scope.imports.get(head) ?? head, ...parts].join('.');
  }

  /** Positional and keyword arguments of an ArgList. */
  arguments(argList: SyntaxNode | null): Arguments {
    const result: Arguments = { args: [], kwargs: [], spread: false };
    if (!argList) return result;
    let group: SyntaxNode[] = [];
    const flush = (): void => {
      const parts = group;
      group = [];
      if (parts.length === 0) return;
      if (parts[0].name === '*' || parts[0].name === '**') {
        result.spread = true;
        return;
      }
      if (parts.length >= 3 && parts[0].name === 'VariableName' && parts[1].name === 'AssignOp') {
        const valueNode = parts[2];
        result.kwargs.push({
          name: textOf(this.text, parts[0]),
          nameSpan: { start: parts[0].from, end: parts[0].to },
          value: parts.length === 3 ? this.value(valueNode) : { kind: 'unknown', start: valueNode.from, end: parts[parts.length - 1].to },
          start: parts[0].from,
          end: parts[parts.length - 1].to,
        });
        return;
      }
      if (parts.length === 1) result.args.push(this.value(parts[0]));
      else result.args.push({ kind: 'unknown', start: parts[0].from, end: parts[parts.length - 1].to }); // e.g. a generator argument
    };
    for (const child of childrenOf(argList)) {
      if (child.name === '(' || child.name === ')') continue;
      if (child.name === ',') flush();
      else group.push(child);
    }
    flush();
    return result;
  }

  private call(node: SyntaxNode, span: Span): PyValue {
    const callee = node.firstChild;
    const argList = node.getChild('ArgList');
    if (!callee || !argList || containsError(argList)) return { kind: 'unknown', ...span };
    const name = callee.name === 'VariableName' || callee.name === 'MemberExpression' ? this.dottedName(callee) : undefined;
    const { args, kwargs, spread } = this.arguments(argList);
    return { kind: 'call', callee: name, calleeSpan: { start: callee.from, end: callee.to }, args, kwargs, spread, ...span };
  }

  private name(name: string, span: Span): PyValue {
    if (this.scope.locals.has(name)) return { kind: 'unknown', ...span };
    const constant = this.scope.constants.get(name);
    // the value is the constant's, the span the reference's (where the reader sees it)
    if (constant) return { ...constant, ...span };
    if (this.scope.imports.has(name)) return { kind: 'ref', name: this.scope.imports.get(name)!, ...span };
    return { kind: 'ref', name, ...span };
  }

  private dictionary(node: SyntaxNode, span: Span): PyValue {
    const entries: Array<{ key: PyValue; value: PyValue }> = [];
    const children = childrenOf(node).filter((child) => !['{', '}', ','].includes(child.name));
    for (let i = 0; i < children.length; ) {
      if (children[i].name === '**' || children[i].type.isError) return { kind: 'unknown', ...span };
      const key = children[i];
      const colon = children[i + 1];
      const value = children[i + 2];
      if (!colon || colon.name !== ':' || !value) return { kind: 'unknown', ...span };
      entries.push({ key: this.value(key), value: this.value(value) });
      i += 3;
    }
    return { kind: 'dict', entries, ...span };
  }
}

function numberValue(text: string, span: Span): PyValue {
  const clean = text.replace(/_/g, '').toLowerCase();
  if (/[jl]$/.test(clean)) return { kind: 'unknown', ...span };
  const value = /^0[xob]/.test(clean) ? Number(clean) : /^0\d+$/.test(clean) ? NaN : Number(clean);
  return Number.isFinite(value) ? { kind: 'number', value, text, ...span } : { kind: 'unknown', ...span };
}

/** The string of a value, when it is one. */
export function stringOf(value: PyValue | undefined): string | undefined {
  return value?.kind === 'str' ? value.value : undefined;
}

/** A keyword argument by name. */
export function keyword(owner: { kwargs: readonly KeywordArgument[] }, name: string): KeywordArgument | undefined {
  return owner.kwargs.find((entry) => entry.name === name);
}

/**
 * The argument a parameter receives, positionally or by keyword, following a signature (the
 * parameter names in order).
 */
export function argumentOf(owner: Arguments, signature: readonly string[], name: string): PyValue | undefined {
  const position = signature.indexOf(name);
  if (position >= 0 && position < owner.args.length) return owner.args[position];
  return keyword(owner, name)?.value;
}

/** The last part of a canonical dotted name: `sqlalchemy.types.Integer` -> `Integer`. */
export function lastName(dotted: string | undefined): string | undefined {
  return dotted === undefined ? undefined : dotted.slice(dotted.lastIndexOf('.') + 1);
}
