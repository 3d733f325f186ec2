import { callsIn, scriptSpans } from '../source/python/calls';
import { isRevision } from '../source/python/revision';
import type { RevisionRuleContext } from './types';
import { defineRule } from './types';

/** Alembic's commands (and Flask-Migrate's wrappers) that change a database's alembic_version. */
const COMMANDS: Record<string, 'stamp' | 'autoRun'> = {
  'alembic.command.stamp': 'stamp',
  'alembic.command.upgrade': 'autoRun',
  'alembic.command.downgrade': 'autoRun',
  'flask_migrate.stamp': 'stamp',
  'flask_migrate.upgrade': 'autoRun',
  'flask_migrate.downgrade': 'autoRun',
};

/** Folders whose code is not the application: tests, scripts and command-line tools, the migrations themselves. */
const NOT_APPLICATION_FOLDERS = new Set(['test', 'tests', 'testing', 'script', 'scripts', 'bin', 'tools', 'cli', 'commands', 'management', 'migrations', 'alembic', 'versions']);
const NOT_APPLICATION_FILES = new Set(['conftest.py', 'env.py', 'manage.py', 'cli.py', 'commands.py', '__main__.py', 'setup.py', 'noxfile.py', 'tasks.py', 'fabfile.py']);

/** True for a path that is a test, a script or command-line tool, or part of the migrations. */
export function isOutsideApplication(path: string): boolean {
  const parts = path.replace(/\\/g, '/').split('/');
  const name = (parts.pop() ?? '').toLowerCase();
  if (NOT_APPLICATION_FILES.has(name) || name.startsWith('test_') || name.endsWith('_test.py') || name.endsWith('_tests.py')) return true;
  return parts.some((part) => NOT_APPLICATION_FOLDERS.has(part.toLowerCase()));
}

const APP = (body: string) => `from alembic import command\nfrom alembic.config import Config\n\n\ndef create_app():\n    app = make_app()\n${body}    return app\n`;

export default defineRule({
  id: 'ban-alembic-command-in-application-code',
  category: 'correctness',
  severity: 'warning',
  fixable: false,
  summary: 'Do not run alembic command.upgrade / command.stamp from application code: migrate as a deploy step.',
  description:
    'An application that calls `command.upgrade(config, "head")` when it starts migrates the production database from every process that boots: several replicas race for the same locks, a slow migration holds the start-up (and the health check) of every instance, and a failure leaves some instances on the new schema and some on the old. `command.stamp(config, "head")` is worse: it writes the head into alembic_version without running anything, so the revisions in between are recorded as applied and never run, and the schema no longer matches its history. Run `alembic upgrade head` once, as a deploy step before the new code starts (a release phase, an init container, a CI job), and stamp only by hand when you know the schema already matches. Tests, scripts and command-line tools (tests/, scripts/, bin/, cli.py, manage.py, code under `if __name__ == "__main__":`, functions decorated as click / Flask CLI commands) and the migrations folder are not application code and are not reported; Flask-Migrate\'s upgrade() / stamp() count too. Only Python files Schemaguard lints are checked: by default the include setting names Alembic revisions (`**/versions/*.py`); add your application\'s modules (for example `app/**/*.py`) to check them.',
  messages: {
    autoRun:
      '{{command}}() runs migrations from application code: every instance that starts migrates the database, racing the others for locks, holding its own start-up and leaving instances on different schemas when it fails; run `alembic upgrade head` once as a deploy step before the new code starts.',
    stamp:
      '{{command}}() from application code writes a revision into alembic_version without running the revisions before it: they are recorded as applied and never run, and the schema stops matching its history; stamp only by hand, when you have checked that the schema already matches.',
  },
  examples: {
    valid: [{ sql: APP(''), path: 'app/__init__.py', description: 'The application starts; the deploy runs `alembic upgrade head` before it.' }],
    invalid: [{ sql: APP('    command.upgrade(Config("alembic.ini"), "head")\n'), path: 'app/__init__.py', description: 'Every instance migrates the database when it starts.' }],
  },
  check() {
    // a rule about Python application code: see checkPython
  },
  checkPython(context: RevisionRuleContext) {
    const { revision } = context;
    if (isRevision(revision) || isOutsideApplication(context.file)) return;
    let scripts: ReturnType<typeof scriptSpans> | undefined;
    for (const call of callsIn(revision.text, revision.tree, revision.scope)) {
      const kind = call.dotted && COMMANDS[call.dotted];
      if (!kind) continue;
      scripts ??= scriptSpans(revision.text, revision.tree);
      if (scripts.some((span) => span.start <= call.start && call.end <= span.end)) continue;
      const command = call.dotted!.startsWith('flask_migrate.') ? `flask_migrate.${call.property}` : `command.${call.property}`;
      context.report({ start: call.start, end: call.end, messageId: kind, data: { command } });
    }
  },
});
