/** Process facts from /proc (Linux): resident memory, and finding a daemon by its command line. */
import { readFileSync, readdirSync } from 'node:fs';

/** Sum of VmRSS of the given processes, in MB (a process that is gone counts 0). */
export function rssOfProcesses(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) kb += Number(match[1]);
    } catch {
      // exited
    }
  }
  return kb / 1024;
}

/** PIDs of the processes whose command line contains every one of `parts`. */
export function pidsWithCommandLine(...parts: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (parts.every((part) => cmdline.includes(part))) pids.push(Number(entry));
    } catch {
      // exited
    }
  }
  return pids;
}
