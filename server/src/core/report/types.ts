import type { Finding } from '../lint';

/** The findings of one file, with the path as the report should show it. */
export interface FileReport {
  /** Path relative to the working folder, with forward slashes. */
  file: string;
  findings: Finding[];
}
