/**
 * Ignore comments in Alembic revisions, the Python spelling of the SQL ones:
 *   # schemaguard-ignore rule-id[, rule-id]       the op.* call on the next line (or, written after
 *                                                   code, on the same line)
 *   # schemaguard-ignore-file rule-id[, rule-id]  the whole file
 * and the edits behind the "ignore for this call / this file" quick fixes.
 */
import type { Fix, Finding } from './lint';
import { IGNORE_DIRECTIVE, IGNORE_FILE_DIRECTIVE } from './ignore';
import type { AlembicRevision } from './source/python/revision';
import type { Span } from './source/python/syntax';
import type { LineIndex } from './source/text';

const DIRECTIVE = /^#\s*(schemaguard-ignore(?:-file)?)(?=\s|$)(.*)$/;

interface Directive {
  scope: 'line' | 'file';
  ids: string[];
  /** For line scope: what it covers (the call that starts on its line, or the line). */
  covers?: Span;
}

/** The findings no ignore comment suppresses, each offered the two ignore edits. */
export function applyPythonIgnores(revision: AlembicRevision, findings: Finding[], lines: LineIndex): Finding[] {
  const { text } = revision;
  const calls = [...(revision.upgrade?.calls ?? []), ...(revision.downgrade?.calls ?? [])];
  const callOn = (line: number): Span | undefined => calls.find((call) => lines.positionAt(call.start).line === line);
  const directives: Directive[] = [];
  revision.tree.iterate({
    enter: (node) => {
      if (node.name !== 'Comment') return;
      const match = DIRECTIVE.exec(text.slice(node.from, node.to));
      if (!match) return;
      const ids = match[2].split(/[\s,]+/).filter((id) => /^[a-z][a-z0-9-]*$/.test(id));
      if (match[1] === IGNORE_FILE_DIRECTIVE) return void directives.push({ scope: 'file', ids });
      const line = lines.positionAt(node.from).line;
      const ownLine = text.slice(lines.lineStart(line), node.from).trim() === '';
      let target = ownLine ? line + 1 : line;
      while (ownLine && target < lines.lineCount && text.slice(lines.lineStart(target), target + 1 < lines.lineCount ? lines.lineStart(target + 1) : text.length).trim().startsWith('#')) target++;
      const lineSpan = { start: lines.lineStart(target), end: target + 1 < lines.lineCount ? lines.lineStart(target + 1) : text.length };
      directives.push({ scope: 'line', ids, covers: callOn(target) ?? lineSpan });
    },
  });
  const kept = findings.filter(
    (finding) =>
      !directives.some(
        (directive) => directive.ids.includes(finding.ruleId) && (directive.scope === 'file' || (directive.covers!.start <= finding.start && finding.start < directive.covers!.end)),
      ),
  );
  return kept.map((finding) => ({ ...finding, ignoreFixes: ignoreFixes(text, finding, callOn(finding.range.start.line) ?? finding, lines) }));
}

function ignoreFixes(text: string, finding: Finding, target: Span, lines: LineIndex): Fix[] {
  const line = lines.positionAt(target.start).line;
  const lineStart = lines.lineStart(line);
  const indentation = /^[ \t]*/.exec(text.slice(lineStart, target.start))![0];
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const insert = (offset: number, newText: string): Fix['edits'][number] => ({ start: offset, end: offset, newText, range: lines.range(offset, offset) });
  return [
    { title: `Ignore ${finding.ruleId} for this call`, edits: [insert(lineStart, `${indentation}# ${IGNORE_DIRECTIVE} ${finding.ruleId}${newline}`)] },
    { title: `Ignore ${finding.ruleId} in this file`, edits: [insert(0, `# ${IGNORE_FILE_DIRECTIVE} ${finding.ruleId}${newline}`)] },
  ];
}
