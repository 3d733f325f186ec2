/** The side-by-side table (ours, each peer, ours / theirs) and the goals, met or not. */
import { mb, ms, ratio } from './stats';

export interface Row {
  label: string;
  unit: 'ms' | 'MB';
  ours?: number;
  /** by peer name */
  peers: Record<string, number | undefined>;
  note?: string;
}

export interface Goal {
  text: string;
  /** undefined when it could not be measured in this run */
  met: boolean | undefined;
  detail: string;
}

export function printTable(rows: Row[], peerNames: string[], log: (line: string) => void): void {
  const format = (row: Row, value: number | undefined) => (row.unit === 'ms' ? ms(value) : mb(value));
  const labelWidth = Math.max(...rows.map((row) => row.label.length));
  const header = ['measurement'.padEnd(labelWidth), 'ours'.padStart(10), ...peerNames.map((name) => name.padStart(22)), ...peerNames.map((name) => `ours/${name}`.padStart(20))];
  log(header.join('  '));
  for (const row of rows) {
    const cells = [
      row.label.padEnd(labelWidth),
      format(row, row.ours).padStart(10),
      ...peerNames.map((name) => format(row, row.peers[name]).padStart(22)),
      ...peerNames.map((name) => ratio(row.ours, row.peers[name]).padStart(20)),
    ];
    log(cells.join('  ') + (row.note ? `  (${row.note})` : ''));
  }
}

export function printGoals(goals: Goal[], log: (line: string) => void): void {
  for (const goal of goals) {
    const verdict = goal.met === undefined ? 'NOT MEASURED' : goal.met ? 'met' : 'NOT MET';
    log(`  [${verdict}] ${goal.text}: ${goal.detail}`);
  }
}
