/**
 * SARIF 2.1.0 for GitHub code scanning: one run, every rule described, 1-based regions in
 * UTF-16 columns, fixes as replacements.
 */
import { BUILTINS } from '../builtins';
import type { Severity } from '../config';
import { REPOSITORY_URL, docsUrl } from '../docs-url';
import { ALL_RULES } from '../rules/index';
import type { Range } from '../source/text';
import type { FileReport } from './types';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

interface SarifOptions {
  toolVersion: string;
  /** Absolute folder the report's relative paths start from, as a file:// URI ending in '/'. */
  baseUri?: string;
}

function region(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

export function toSarif(reports: readonly FileReport[], options: SarifOptions): object {
  const described = [...ALL_RULES, ...BUILTINS];
  const rules = described.map((meta) => ({
    id: meta.id,
    name: meta.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: meta.summary },
    fullDescription: { text: meta.description },
    helpUri: docsUrl(meta.id),
    help: { text: `${meta.summary} ${meta.description}`, markdown: `**${meta.summary}**\n\n${meta.description}\n\n[Documentation](${docsUrl(meta.id)})` },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: { tags: [meta.category], ...('lock' in meta && meta.lock ? { lock: meta.lock } : {}) },
  }));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = reports.flatMap((report) =>
    report.findings.map((finding) => {
      const artifactLocation = { uri: encodeURI(report.file), ...(options.baseUri ? { uriBaseId: 'SRCROOT' } : {}) };
      return {
        ruleId: finding.ruleId,
        ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation, region: region(finding.range) } }],
        ...(finding.fixes.length > 0
          ? {
              fixes: finding.fixes.map((fix) => ({
                description: { text: fix.title },
                artifactChanges: [
                  {
                    artifactLocation,
                    replacements: fix.edits.map((edit) => ({ deletedRegion: region(edit.range), insertedContent: { text: edit.newText } })),
                  },
                ],
              })),
            }
          : {}),
      };
    }),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Schemaguard', informationUri: REPOSITORY_URL, version: options.toolVersion, semanticVersion: options.toolVersion, rules } },
        ...(options.baseUri ? { originalUriBaseIds: { SRCROOT: { uri: options.baseUri } } } : {}),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(reports: readonly FileReport[], options: SarifOptions): string {
  return JSON.stringify(toSarif(reports, options), null, 2) + '\n';
}
