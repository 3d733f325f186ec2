import type { RuleCases } from '../harness/types';

const APP = 'app/startup.py';

const module = (body: string, imports = 'from alembic import command\nfrom alembic.config import Config\n') => `${imports}\n\ndef create_app():\n    app = make_app()\n${body}    return app\n`;
const UPGRADE = '    command.upgrade(Config("alembic.ini"), "head")\n';

export default {
  rule: 'ban-alembic-command-in-application-code',
  prelude: '',
  valid: [
    { path: APP, name: 'no Alembic command', sql: module('') },
    { path: 'tests/conftest.py', name: 'a test fixture migrates the test database', sql: module(UPGRADE) },
    { path: 'app/tests/test_models.py', name: 'a test module', sql: module(UPGRADE) },
    { path: 'scripts/migrate.py', name: 'a script', sql: module(UPGRADE) },
    { path: 'app/cli.py', name: 'the command-line tool', sql: module(UPGRADE) },
    { path: APP, name: 'under if __name__ == "__main__"', sql: `${module('')}\n\nif __name__ == "__main__":\n${UPGRADE}` },
    { path: APP, name: 'a click command', sql: `import click\nfrom alembic import command\n\n\n@click.command()\ndef migrate():\n${UPGRADE}` },
    { path: APP, name: 'a Flask CLI command', sql: `from alembic import command\n\n\n@app.cli.command("db-upgrade")\ndef db_upgrade():\n${UPGRADE}` },
    { path: APP, name: 'another library\'s upgrade()', sql: module('    pip.upgrade("alembic")\n', 'import pip\n') },
    { path: 'migrations/versions/0001_x.py', name: 'a revision', sql: 'from alembic import command, op\n\nrevision = "1"\ndown_revision = None\n\n\ndef upgrade():\n    command.upgrade(None, "head")\n' },
  ],
  invalid: [
    {
      path: APP,
      name: 'upgrade to head when the application starts',
      sql: module(UPGRADE),
      errors: [{ messageId: 'autoRun', text: 'command.upgrade(Config("alembic.ini"), "head")' }],
      output: null,
    },
    {
      path: APP,
      name: 'stamp head, imported under another name',
      sql: module('    stamp_db(cfg, "head")\n', 'from alembic.command import stamp as stamp_db\n'),
      errors: [{ messageId: 'stamp', text: 'stamp_db(cfg, "head")' }],
      output: null,
    },
    {
      path: 'app/__init__.py',
      name: 'Flask-Migrate upgrade() and a module-level alembic.command.stamp',
      sql: 'import alembic.command\nimport flask_migrate\n\nflask_migrate.upgrade()\nalembic.command.stamp(cfg, "head")\n',
      errors: [
        { messageId: 'autoRun', text: 'flask_migrate.upgrade()' },
        { messageId: 'stamp', text: 'alembic.command.stamp(cfg, "head")' },
      ],
      output: null,
    },
  ],
} satisfies RuleCases;
