/**
 * Renders docs/rules/<id>.md from rule metadata. Examples are linted while rendering, so the
 * page shows the real message and the real fixed SQL; a test re-renders and compares.
 */
import type { BuiltinMeta } from '../server/src/core/builtins';
import { BUILTINS } from '../server/src/core/builtins';
import { resolveSettings } from '../server/src/core/config';
import { applyEdits } from '../server/src/core/fix/edits';
import type { NewFile } from '../server/src/core/fix/types';
import type { LintResult } from '../server/src/core/lint';
import { lintText } from '../server/src/core/lint';
import { committedFilesOf } from '../server/src/core/model/schema/committed';
import { SchemaWorkspace } from '../server/src/core/model/schema/workspace';
import { ALL_RULES } from '../server/src/core/rules/index';
import type { Rule, RuleExample } from '../server/src/core/rules/types';

/** An example linted as a migration after its prelude (the schema an earlier migration built). */
export function lintExample(example: RuleExample, rule: Rule, sql: string = example.sql, created: readonly NewFile[] = []): LintResult {
  if (rule.checkRevision || rule.checkPython) {
    // an Alembic revision (with the earlier revisions of its folder, if any), or a Python module at its path
    const path = example.path ?? 'migrations/versions/0100_example.py';
    const workspace = new SchemaWorkspace();
    (example.revisions ?? []).forEach((text, index) => workspace.setFile(`migrations/versions/${String(index + 1).padStart(4, '0')}_earlier.py`, text));
    for (const file of created) workspace.setFile(file.path, file.text); // a revision a fix created (a merge)
    workspace.setFile(path, sql);
    return lintText(sql, { settings: resolveSettings(example.settings), rules: [rule], path, schema: example.revisions ? workspace.inputFor(path) : undefined });
  }
  const workspace = new SchemaWorkspace();
  const path = example.path ?? EXAMPLE_PATH;
  const folder = path.slice(0, path.lastIndexOf('/') + 1);
  if (example.prelude) workspace.setFile(`${folder}1_prelude.up.sql`, example.prelude);
  for (const [name, text] of Object.entries(example.files ?? {})) workspace.setFile(`${folder}${name}`, text);
  workspace.setFile(path, sql);
  if (example.committed) {
    const committed = committedFilesOf(new Map(Object.entries(example.committed).map(([name, text]) => [`${folder}${name}`, text])));
    workspace.committedFiles = () => committed;
  }
  return lintText(sql, { settings: resolveSettings(example.settings), rules: [rule], path, schema: workspace.inputFor(path) });
}

const EXAMPLE_PATH = 'migrations/2_example.up.sql';

/** The other files of the example's history, and the example's own path, as the docs show them. */
function filesNote(example: RuleExample): string {
  const path = example.path ?? EXAMPLE_PATH;
  const folder = path.replace(/[^/]*$/, '');
  const committed = example.committed;
  const block = (title: string, text: string): string => `${title}:\n\n\`\`\`sql\n${text.trim()}\n\`\`\`\n\n`;
  const tracked = (name: string): string => (committed?.[name] === true ? ' (committed)' : committed ? ' (not committed)' : '');
  let out = Object.entries(example.files ?? {}).map(([name, text]) => block(`\`${folder}${name}\`${tracked(name)}`, text)).join('');
  const own = committed?.[path.slice(folder.length)];
  if (typeof own === 'string') out += block(`\`${path}\` as committed`, own);
  if (example.path || committed || example.files) out += `\`${path}\`${typeof own === 'string' ? ' now' : tracked(path.slice(folder.length))}:\n\n`;
  return out;
}

function settingsNote(example: RuleExample): string {
  if (!example.settings) return '';
  const parts = Object.entries(example.settings).map(([key, value]) => `\`${key}: ${JSON.stringify(value)}\``);
  return `With ${parts.join(', ')}:\n\n`;
}

function preludeNote(example: RuleExample): string {
  return example.prelude ? `After an earlier migration:\n\n\`\`\`sql\n${example.prelude.trim()}\n\`\`\`\n\n` : '';
}

function revisionsNote(example: RuleExample): string {
  if (!example.revisions?.length) return '';
  return `With these revisions in the same versions/ folder:\n\n${example.revisions.map((text) => `\`\`\`python\n${text.trim()}\n\`\`\`\n\n`).join('')}`;
}

function renderInvalid(rule: Rule, example: RuleExample): string {
  const findings = lintExample(example, rule).findings.filter((finding) => finding.ruleId === rule.id);
  let out = `${example.description ? `${example.description}\n\n` : ''}${settingsNote(example)}${preludeNote(example)}${revisionsNote(example)}${filesNote(example)}\`\`\`${fenceOf(rule)}\n${example.sql}\n\`\`\`\n\n`;
  for (const finding of findings) {
    out += `> line ${finding.range.start.line + 1}: ${finding.message}\n`;
  }
  const fix = findings.find((finding) => finding.fixes.length > 0)?.fixes[0];
  const python = fenceOf(rule) === 'python';
  if (fix && (!python || fix.edits.length > 0)) out += `\nQuick fix, _${fix.title}_:\n\n\`\`\`${fenceOf(rule)}\n${applyEdits(example.sql, fix.edits)}\n\`\`\`\n`;
  for (const file of fix?.files ?? []) {
    // an Alembic fix that adds a revision (a merge) shows the file it creates
    if (python) out += `\n${fix!.edits.length > 0 ? 'It also creates' : `Quick fix, _${fix!.title}_, creates`} \`${file.path.slice(file.path.lastIndexOf('/') + 1)}\`:\n\n\`\`\`${file.path.endsWith('.py') ? 'python' : 'sql'}\n${file.text.trimEnd()}\n\`\`\`\n`;
    else out += `\nand a new file \`${file.path}\`:\n\n\`\`\`sql\n${file.text.trimEnd()}\n\`\`\`\n`;
  }
  return out;
}

function renderValid(rule: Rule, example: RuleExample): string {
  return `${example.description ? `${example.description}\n\n` : ''}${settingsNote(example)}${preludeNote(example)}${revisionsNote(example)}${filesNote(example)}\`\`\`${fenceOf(rule)}\n${example.sql}\n\`\`\`\n`;
}

/** Rules about Alembic revision files show their examples as Python. */
function fenceOf(rule: Rule): string {
  return rule.checkRevision || rule.checkPython ? 'python' : 'sql';
}

export function renderRuleDoc(rule: Rule): string {
  const lines = [
    `# ${rule.id}`,
    '',
    `<!-- generated from server/src/core/rules/${rule.id}.ts by npm run docs; do not edit -->`,
    '',
    `**${rule.summary}**`,
    '',
    `| category | default severity | quick fix |`,
    `|---|---|---|`,
    `| ${rule.category} | ${rule.severity} | ${rule.fixable ? 'yes' : 'no'} |`,
    '',
  ];
  if (rule.lock) lines.push('## Lock', '', rule.lock, '');
  lines.push('## Why', '', rule.description, '');
  lines.push('## Reported', '', ...rule.examples.invalid.map((example) => renderInvalid(rule, example)), '');
  lines.push('## Not reported', '', ...rule.examples.valid.map((example) => renderValid(rule, example)), '');
  lines.push(
    '## Ignoring',
    '',
    '```sql',
    `-- schemaguard-ignore ${rule.id}`,
    '```',
    '',
    `before the statement, or \`-- schemaguard-ignore-file ${rule.id}\` anywhere in the file, or \`"rules": { "${rule.id}": "off" }\` in \`.schemaguard.json\`.`,
    '',
    `In an Alembic revision: \`# schemaguard-ignore ${rule.id}\` on the line before the \`op.*\` call (or after it on its line), or \`# schemaguard-ignore-file ${rule.id}\`.`,
    '',
  );
  return lines.join('\n');
}

export function renderBuiltinDoc(meta: BuiltinMeta): string {
  return [
    `# ${meta.id}`,
    '',
    '<!-- generated from server/src/core/builtins.ts by npm run docs; do not edit -->',
    '',
    `**${meta.summary}**`,
    '',
    `| category | default severity |`,
    `|---|---|`,
    `| ${meta.category} | ${meta.severity} |`,
    '',
    '## What it means',
    '',
    meta.description,
    '',
  ].join('\n');
}

export function renderIndex(): string {
  const row = (meta: { id: string; category: string; severity: string; summary: string }, fixable: string) =>
    `| [${meta.id}](${meta.id}.md) | ${meta.category} | ${meta.severity} | ${fixable} | ${meta.summary} |`;
  return [
    '# Rules',
    '',
    '<!-- generated by npm run docs; do not edit -->',
    '',
    '| rule | category | default | fix | what it asks for |',
    '|---|---|---|---|---|',
    ...[...ALL_RULES].sort((a, b) => a.id.localeCompare(b.id)).map((rule) => row(rule, rule.fixable ? 'yes' : '')),
    '',
    'Diagnostics the engine reports itself:',
    '',
    '| id | category | default | fix | meaning |',
    '|---|---|---|---|---|',
    ...BUILTINS.map((meta) => row(meta, '')),
    '',
  ].join('\n');
}

/** Every generated docs file: path -> content. */
export function renderAllDocs(): Map<string, string> {
  const files = new Map<string, string>();
  for (const rule of ALL_RULES) files.set(`docs/rules/${rule.id}.md`, renderRuleDoc(rule));
  for (const meta of BUILTINS) files.set(`docs/rules/${meta.id}.md`, renderBuiltinDoc(meta));
  files.set('docs/rules/README.md', renderIndex());
  return files;
}
