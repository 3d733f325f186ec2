/**
 * Diagnostics the engine itself reports (not rules: they have no check function), with the
 * same metadata shape so that docs, severities and `rules` settings treat them alike.
 */
import type { Severity } from './config';
import type { Category } from './rules/types';

export interface BuiltinMeta {
  id: string;
  category: Category;
  severity: Severity;
  summary: string;
  description: string;
  messages: Record<string, string>;
}

export const SYNTAX_ERROR: BuiltinMeta = {
  id: 'syntax-error',
  category: 'correctness',
  severity: 'error',
  summary: 'A statement that PostgreSQL would reject.',
  description:
    'Each statement is parsed by the PostgreSQL 18 parser itself (libpg-query). A statement that does not parse is reported at the position PostgreSQL names, is not checked by any rule, and the rest of the file is still analysed. psql meta-commands (`\\set`, `\\i`), `:variables` and COPY data blocks are understood and skipped. In an Alembic revision, Python the parser has to recover from is reported once per line, and the calls it can still read are checked.',
  messages: {
    syntax: 'Syntax error: {{message}}. PostgreSQL would reject this statement, so no rule checked it; fix the syntax.',
    unterminated:
      'Syntax error: {{message}}. The {{what}} opened here never closes, so this statement was cut at the end of the line; close it.',
    python: 'Python syntax error: the parser had to skip this, so op.* calls in or around it may not be checked; fix the Python syntax.',
  },
};

export const FILE_SKIPPED: BuiltinMeta = {
  id: 'file-skipped',
  category: 'correctness',
  severity: 'warning',
  summary: 'A file that was not analysed because it is too large or not text.',
  description:
    'Files larger than the `maxFileSize` setting (default 5 MiB) and files that look binary are skipped with this one diagnostic, so that the editor stays responsive. Raise `maxFileSize` or exclude the file.',
  messages: {
    tooLarge: 'This file was not checked: it is {{size}} bytes, over the maxFileSize limit of {{limit}} bytes; raise schemaguard.maxFileSize or exclude it.',
    binary: 'This file was not checked: it looks binary (it contains NUL or undecodable bytes), not SQL text.',
  },
};

export const UNUSED_IGNORE: BuiltinMeta = {
  id: 'unused-ignore',
  category: 'correctness',
  severity: 'hint',
  summary: 'An ignore comment that suppresses nothing.',
  description:
    'A `-- schemaguard-ignore` comment that names a rule which reports nothing on its statement (or file), or names no known rule, is stale: it would silently hide a future finding. Remove it or fix the rule id.',
  messages: {
    unused: '"{{id}}" is ignored here but reports nothing on this {{scope}}; remove it so that it cannot hide a future finding.',
    unknown: '"{{id}}" is not a Schemaguard rule id, so this ignore does nothing; check the spelling.',
    empty: 'This ignore comment names no rule, so it does nothing; add the rule ids it should ignore.',
  },
};

export const CONFIG_ERROR: BuiltinMeta = {
  id: 'config-error',
  category: 'correctness',
  severity: 'error',
  summary: 'A .schemaguard.json that is not valid JSON or does not match the settings schema.',
  description:
    'The configuration file is checked against the same schema as the editor settings. Invalid JSON, unknown keys and wrong values are reported at their position in the file; the keys that are valid still apply and linting goes on.',
  messages: {
    problem: '{{message}}',
  },
};

export const BUILTINS: readonly BuiltinMeta[] = [SYNTAX_ERROR, FILE_SKIPPED, UNUSED_IGNORE, CONFIG_ERROR];
