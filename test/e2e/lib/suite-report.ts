/** The report the in-editor suite writes to $SCHEMAGUARD_E2E_REPORT, as both of its runners read it. */
import { existsSync, readFileSync } from 'node:fs';

export interface SuiteResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface SuiteReport {
  editor: string;
  results: SuiteResult[];
}

export function readSuiteReport(path: string): SuiteReport | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SuiteReport) : undefined;
}

/** Prints one line per test (and the start of each error); returns whether every test ran and passed. */
export function printSuiteReport(report: SuiteReport | undefined, where: string): boolean {
  if (!report) {
    console.log(`in-editor suite (${where}): no report written`);
    return false;
  }
  console.log(`in-editor suite on ${report.editor} (${where}):`);
  for (const result of report.results) {
    const error = result.error ? `\n      ${result.error.split('\n').slice(0, 3).join('\n      ')}` : '';
    console.log(`  ${result.ok ? 'ok  ' : 'FAIL'} ${result.name} (${result.ms} ms)${error}`);
  }
  return report.results.length > 0 && report.results.every((result) => result.ok);
}

/** The first failure's message, for the check that a muted server fails the suite for the right reason. */
export function firstFailure(report: SuiteReport | undefined): string {
  const failed = report?.results.find((result) => !result.ok);
  return failed?.error?.split('\n')[0] ?? (report ? '' : 'no report written');
}
