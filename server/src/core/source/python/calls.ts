/**
 * Every call in a Python module or function body, with the canonical dotted name of what it calls
 * (through the file's imports: `command.upgrade` after `from alembic import command` is
 * `alembic.command.upgrade`) and its static arguments. For rules about Python beyond op.* calls:
 * application code that runs Alembic commands, data access inside a revision. Nothing is guessed: a
 * callee that is not a name or an attribute chain has no dotted name.
 */
import type { Arguments, Scope } from './values';
import { Evaluator } from './values';
import type { Span, SyntaxNode, Tree } from './syntax';
import { childrenOf, spanOf, textOf } from './syntax';

export interface PythonCall extends Span, Arguments {
  /** `alembic.command.upgrade`, `sqlalchemy.orm.Session`; undefined when the callee is computed. */
  dotted?: string;
  /** The last name of the callee (`upgrade`, `query`), also for computed receivers (`session.query`). */
  property?: string;
  callee: Span;
}

/** The calls inside `node` (the whole tree by default), in source order, nested calls included. */
export function callsIn(text: string, tree: Tree, scope: Scope, node: SyntaxNode = tree.topNode): PythonCall[] {
  const evaluator = new Evaluator(text, scope);
  const calls: PythonCall[] = [];
  tree.iterate({
    from: node.from,
    to: node.to,
    enter: (ref) => {
      if (ref.name !== 'CallExpression' || ref.from < node.from || ref.to > node.to) return;
      const current = ref.node;
      const callee = current.firstChild;
      const argList = current.getChild('ArgList');
      if (!callee || !argList) return;
      const dotted = callee.name === 'VariableName' || callee.name === 'MemberExpression' ? evaluator.dottedName(callee) : undefined;
      const last = callee.name === 'MemberExpression' ? childrenOf(callee).pop() : callee;
      const property = last && (last.name === 'PropertyName' || last.name === 'VariableName') ? textOf(text, last) : undefined;
      calls.push({ dotted, property, callee: spanOf(callee), ...evaluator.arguments(argList), ...spanOf(current) });
    },
  });
  return calls;
}

/** Last names of decorators that make a function a command-line command (click, typer, Flask's app.cli, Flask-Script). */
const COMMAND_DECORATORS = new Set(['command', 'group', 'option', 'argument']);

/**
 * Where a module runs as a script or a command-line tool: the body of `if __name__ == "__main__":`
 * and the functions decorated as commands (`@click.command()`, `@app.cli.command()`, `@manager.command`).
 */
export function scriptSpans(text: string, tree: Tree): Span[] {
  const spans: Span[] = [];
  for (const statement of childrenOf(tree.topNode)) {
    if (statement.name === 'IfStatement') {
      const condition = childrenOf(statement)[1];
      if (!condition || condition.name !== 'BinaryExpression') continue;
      const parts = childrenOf(condition);
      const names = parts.filter((part) => part.name === 'VariableName').map((part) => textOf(text, part));
      const strings = parts.filter((part) => part.name === 'String').map((part) => textOf(text, part).slice(1, -1));
      if (names.includes('__name__') && strings.includes('__main__')) spans.push(spanOf(statement));
    }
  }
  tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'DecoratedStatement') return;
      const decorated = ref.node;
      for (const decorator of decorated.getChildren('Decorator')) {
        // `@a.b.command(...)`: At, the dotted name's parts, then the arguments
        const names = childrenOf(decorator).filter((child) => child.name === 'VariableName');
        const last = names.length > 0 ? textOf(text, names[names.length - 1]) : '';
        if (COMMAND_DECORATORS.has(last)) {
          spans.push(spanOf(decorated));
          return false;
        }
      }
      return undefined;
    },
  });
  return spans;
}
