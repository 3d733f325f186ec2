/**
 * An Alembic revision file, read statically: its identifiers, its upgrade() and downgrade()
 * bodies, and every `op.*` / `batch_op.*` call in them with its arguments and exact ranges.
 * Calls inside loops or nested functions, and calls on computed receivers, are skipped quietly.
 */
import type { Arguments, PyValue, Scope } from './values';
import { Evaluator } from './values';
import type { Span, SyntaxNode, Tree } from './syntax';
import { childrenOf, parsePython, spanOf, syntaxErrorSpans, textOf } from './syntax';

export interface Assignment extends Span {
  name: string;
  value: PyValue;
}

/** `with op.batch_alter_table("t", schema=...) as batch_op:` */
export interface BatchContext extends Span, Arguments {
  /** The name the block binds (`batch_op`). */
  alias: string;
}

/** `with op.get_context().autocommit_block():` */
export interface AutocommitBlock extends Span {
  /** The `with ...:` header, where a finding about the block belongs. */
  header: Span;
}

export interface OpCall extends Span, Arguments {
  /** The operation: `create_index`, `execute`, ... */
  name: string;
  /** `op.create_index` / `batch_op.add_column`: the callee. */
  callee: Span;
  /** Set for calls on a batch_alter_table alias. */
  batch?: BatchContext;
  /** Set for calls inside `with op.get_context().autocommit_block():`. */
  autocommit?: AutocommitBlock;
  /** True inside an if / try / with other than the two above: the call may not run. */
  conditional: boolean;
}

export interface MigrationFunction extends Span {
  name: 'upgrade' | 'downgrade';
  nameSpan: Span;
  /** The statements after `def ...:`. */
  body: Span;
  /** True when the body does nothing: only `pass`, `...` and docstrings. */
  onlyPass: boolean;
  calls: OpCall[];
  autocommitBlocks: AutocommitBlock[];
}

export interface AlembicRevision {
  text: string;
  tree: Tree;
  scope: Scope;
  revision?: Assignment;
  downRevision?: Assignment;
  branchLabels?: Assignment;
  dependsOn?: Assignment;
  upgrade?: MigrationFunction;
  downgrade?: MigrationFunction;
  /** Where the Python parser had to recover from a syntax error. */
  syntaxErrors: Span[];
}

const IDENTIFIERS = { revision: 'revision', down_revision: 'downRevision', branch_labels: 'branchLabels', depends_on: 'dependsOn' } as const;

export function readRevision(text: string): AlembicRevision {
  const tree = parsePython(text);
  const top = childrenOf(tree.topNode);
  const scope: Scope = { imports: importsOf(text, top), constants: new Map(), locals: new Set() };
  const evaluator = new Evaluator(text, scope);
  const result: AlembicRevision = { text, tree, scope, syntaxErrors: syntaxErrorSpans(tree, text) };

  const assigned = new Map<string, number>();
  const candidates: Assignment[] = [];
  for (const statement of top) {
    if (statement.name !== 'AssignStatement') continue;
    const targets = assignmentTargets(statement);
    for (const target of targets) assigned.set(textOf(text, target), (assigned.get(textOf(text, target)) ?? 0) + 1);
    if (targets.length !== 1 || targets[0].name !== 'VariableName') continue;
    const valueNode = assignedValue(statement);
    if (!valueNode) continue;
    candidates.push({ name: textOf(text, targets[0]), value: evaluator.value(valueNode), ...spanOf(statement) });
  }
  const constants = scope.constants as Map<string, PyValue>;
  for (const candidate of candidates) {
    if (assigned.get(candidate.name) !== 1) continue;
    if (candidate.name in IDENTIFIERS) result[IDENTIFIERS[candidate.name as keyof typeof IDENTIFIERS]] = candidate;
    if (candidate.value.kind !== 'unknown' && candidate.value.kind !== 'call') constants.set(candidate.name, candidate.value);
  }

  for (const statement of top) {
    const definition = statement.name === 'DecoratedStatement' ? statement.getChild('FunctionDefinition') : statement;
    if (!definition || definition.name !== 'FunctionDefinition') continue;
    const nameNode = definition.getChild('VariableName');
    const name = nameNode && textOf(text, nameNode);
    if ((name !== 'upgrade' && name !== 'downgrade') || result[name]) continue;
    result[name] = readFunction(text, evaluator, definition, nameNode!, name);
  }
  return result;
}

/** True when the text is an Alembic revision: a module-level `revision = ...` and a `def upgrade`. */
export function isRevision(revision: AlembicRevision): boolean {
  return !!revision.revision && !!revision.upgrade;
}

/** The revision ids a revision follows: [] for None (a root), undefined when unknown. */
export function revisionIds(assignment: Assignment | undefined): string[] | undefined {
  const value = assignment?.value;
  if (!value) return undefined;
  if (value.kind === 'none') return [];
  if (value.kind === 'str') return value.value === '' ? [] : [value.value];
  if (value.kind === 'tuple' || value.kind === 'list') {
    const ids = value.items.map((item) => (item.kind === 'str' ? item.value : undefined));
    return ids.every((id): id is string => id !== undefined) ? ids : undefined;
  }
  return undefined;
}

function importsOf(text: string, statements: SyntaxNode[]): Map<string, string> {
  const imports = new Map<string, string>();
  const canonical = (path: string): string => (path === 'alembic.op' ? 'op' : path);
  for (const statement of statements) {
    if (statement.name !== 'ImportStatement') continue;
    const children = childrenOf(statement);
    const isFrom = children[0]?.name === 'from';
    let index = 1;
    const dotted = (): string => {
      const parts: string[] = [];
      while (index < children.length && (children[index].name === 'VariableName' || children[index].name === '.')) {
        parts.push(children[index].name === '.' ? '.' : textOf(text, children[index]));
        index++;
      }
      return parts.join('').replace(/\.{2,}/g, '.');
    };
    const alias = (): string | undefined => {
      if (children[index]?.name !== 'as') return undefined;
      const name = children[index + 1];
      index += 2;
      return name?.name === 'VariableName' ? textOf(text, name) : undefined;
    };
    if (isFrom) {
      const module = dotted();
      if (children[index]?.name !== 'import') continue;
      index++;
      while (index < children.length) {
        const child = children[index];
        if (child.name === 'VariableName') {
          index++;
          const name = textOf(text, child);
          imports.set(alias() ?? name, canonical(`${module}.${name}`));
        } else index++;
      }
    } else {
      while (index < children.length) {
        if (children[index].name !== 'VariableName') {
          index++;
          continue;
        }
        const path = dotted();
        const name = alias();
        // `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`
        if (name) imports.set(name, canonical(path));
        else imports.set(path.split('.')[0], path.split('.')[0]);
      }
    }
  }
  return imports;
}

/** The targets of `a = b = value` (VariableName, MemberExpression, TupleExpression nodes...). */
function assignmentTargets(statement: SyntaxNode): SyntaxNode[] {
  const children = childrenOf(statement);
  const targets: SyntaxNode[] = [];
  for (let i = 0; i + 1 < children.length; i++) {
    const next = children[i + 1];
    if (children[i].name === 'TypeDef' || children[i].name === 'AssignOp') continue;
    if (next.name === 'AssignOp' || (next.name === 'TypeDef' && children[i + 2]?.name === 'AssignOp')) targets.push(children[i]);
  }
  return targets;
}

function assignedValue(statement: SyntaxNode): SyntaxNode | undefined {
  const children = childrenOf(statement);
  const last = children[children.length - 1];
  const before = children[children.length - 2];
  return before?.name === 'AssignOp' ? last : undefined;
}

/** Every name a function binds: parameters, assignment / for / with / except targets, imports, nested defs. */
function localNames(text: string, definition: SyntaxNode): Set<string> {
  const names = new Set<string>();
  const params = definition.getChild('ParamList');
  if (params) for (const param of childrenOf(params)) if (param.name === 'VariableName') names.add(textOf(text, param));
  const body = definition.getChild('Body');
  if (!body) return names;
  const addTargets = (node: SyntaxNode): void => {
    if (node.name === 'VariableName') names.add(textOf(text, node));
    else if (node.name === 'TupleExpression' || node.name === 'ArrayExpression' || node.name === 'ParenthesizedExpression') {
      for (const child of childrenOf(node)) addTargets(child);
    }
  };
  const visit = (node: SyntaxNode): void => {
    if (node.name === 'AssignStatement' || node.name === 'UpdateStatement') {
      for (const target of node.name === 'AssignStatement' ? assignmentTargets(node) : [node.firstChild!]) if (target) addTargets(target);
    } else if (node.name === 'ForStatement' || node.name === 'WithStatement' || node.name === 'TryStatement') {
      const children = childrenOf(node);
      children.forEach((child, index) => {
        const keyword = node.name === 'ForStatement' ? 'for' : 'as';
        if (child.name === keyword && children[index + 1]) addTargets(children[index + 1]);
      });
    } else if (node.name === 'ImportStatement') {
      for (const [name] of importsOf(text, [node])) names.add(name);
    } else if (node.name === 'FunctionDefinition' || node.name === 'ClassDefinition') {
      const name = node.getChild('VariableName');
      if (name) names.add(textOf(text, name));
      return;
    }
    for (let child = node.firstChild; child; child = child.nextSibling) visit(child);
  };
  visit(body);
  return names;
}

function readFunction(text: string, moduleEvaluator: Evaluator, definition: SyntaxNode, nameNode: SyntaxNode, name: 'upgrade' | 'downgrade'): MigrationFunction {
  const body = definition.getChild('Body');
  const statements = body ? childrenOf(body).filter((child) => child.name !== ':' && child.name !== 'Comment') : [];
  const onlyPass = statements.every(
    (statement) =>
      statement.name === 'PassStatement' ||
      (statement.name === 'ExpressionStatement' && ['String', 'ContinuedString', 'Ellipsis'].includes(statement.firstChild?.name ?? '')),
  );
  const locals = localNames(text, definition);
  const result: MigrationFunction = {
    name,
    ...spanOf(definition),
    nameSpan: spanOf(nameNode),
    body: body ? { start: statements[0]?.from ?? body.to, end: body.to } : { start: definition.to, end: definition.to },
    onlyPass,
    calls: [],
    autocommitBlocks: [],
  };
  if (body) new CallCollector(text, moduleEvaluator.withLocals(locals), result).statements(statements, { batches: new Map(), conditional: false });
  return result;
}

interface Context {
  batches: ReadonlyMap<string, BatchContext>;
  autocommit?: AutocommitBlock;
  conditional: boolean;
}

class CallCollector {
  constructor(
    private readonly text: string,
    private readonly evaluator: Evaluator,
    private readonly out: MigrationFunction,
  ) {}

  statements(nodes: SyntaxNode[], context: Context): void {
    for (const node of nodes) this.statement(node, context);
  }

  private statement(node: SyntaxNode, context: Context): void {
    switch (node.name) {
      case 'ExpressionStatement':
      case 'AssignStatement': {
        const expression = node.name === 'ExpressionStatement' ? node.firstChild : assignedValue(node);
        if (expression?.name === 'CallExpression') this.call(expression, context);
        return;
      }
      case 'WithStatement':
        this.with(node, context);
        return;
      case 'IfStatement':
      case 'TryStatement':
        for (const body of node.getChildren('Body')) this.statements(bodyStatements(body), { ...context, conditional: true });
        return;
      default:
        // for / while bodies run an unknown number of times, nested functions maybe never: skipped
        return;
    }
  }

  private with(node: SyntaxNode, context: Context): void {
    const body = node.getChild('Body');
    if (!body) return;
    const children = childrenOf(node);
    const header = { start: node.from, end: body.from + 1 };
    let inner: Context = context;
    let known = true;
    for (let i = 1; i < children.length && children[i].from < body.from; i++) {
      const item = children[i];
      if (item.name === ',' || item.name === 'as') continue;
      const alias = children[i + 1]?.name === 'as' && children[i + 2]?.name === 'VariableName' ? textOf(this.text, children[i + 2]) : undefined;
      if (alias) i += 2;
      const kind = this.contextKind(item);
      if (kind === 'batch' && alias) {
        const { args, kwargs, spread } = this.evaluator.arguments(item.getChild('ArgList'));
        const batches = new Map(inner.batches);
        batches.set(alias, { alias, args, kwargs, spread, ...spanOf(item) });
        inner = { ...inner, batches };
      } else if (kind === 'autocommit') {
        const block = { ...spanOf(node), header };
        this.out.autocommitBlocks.push(block);
        inner = { ...inner, autocommit: block };
      } else known = false;
    }
    this.statements(bodyStatements(body), known ? inner : { ...inner, conditional: true });
  }

  private contextKind(item: SyntaxNode): 'batch' | 'autocommit' | undefined {
    if (item.name !== 'CallExpression') return undefined;
    const callee = item.firstChild;
    if (!callee || callee.name !== 'MemberExpression') return undefined;
    const dotted = this.evaluator.dottedName(callee);
    if (dotted === 'op.batch_alter_table') return 'batch';
    const [object, , property] = childrenOf(callee);
    if (property && textOf(this.text, property) === 'autocommit_block' && object?.name === 'CallExpression' && object.firstChild) {
      const inner = this.evaluator.dottedName(object.firstChild);
      if (inner === 'op.get_context' || inner === 'alembic.context.get_context') return 'autocommit';
    }
    return undefined;
  }

  private call(node: SyntaxNode, context: Context): void {
    const callee = node.firstChild;
    const argList = node.getChild('ArgList');
    if (!callee || callee.name !== 'MemberExpression' || !argList) return;
    const [object, , property] = childrenOf(callee);
    if (!object || object.name !== 'VariableName' || !property || property.name !== 'PropertyName') return;
    const receiver = textOf(this.text, object);
    const batch = context.batches.get(receiver);
    if (!batch && this.evaluator.dottedName(callee) !== `op.${textOf(this.text, property)}`) return;
    const { args, kwargs, spread } = this.evaluator.arguments(argList);
    this.out.calls.push({
      name: textOf(this.text, property),
      ...spanOf(node),
      callee: spanOf(callee),
      args,
      kwargs,
      spread,
      batch,
      autocommit: context.autocommit,
      conditional: context.conditional,
    });
  }
}

function bodyStatements(body: SyntaxNode): SyntaxNode[] {
  return childrenOf(body).filter((child) => child.name !== ':' && child.name !== 'Comment');
}
