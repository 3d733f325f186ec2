/** Child processes for the end-to-end runners: run to completion, or start in their own group and stop the group. */
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';

export interface Completed {
  code: number | null;
  output: string;
}

/** Runs a command to completion and returns its exit code and interleaved stdout/stderr. */
export function runCommand(command: string, args: string[], options: SpawnOptions = {}): Promise<Completed> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += String(chunk)));
    child.stderr!.on('data', (chunk) => (output += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

export interface Background {
  child: ChildProcess;
  output(): string;
  /** Stops the process and everything it started (its process group); resolves once it has exited. */
  stop(): Promise<void>;
}

/** Process groups still running: killed when this process exits, however it exits. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) signalGroup(child, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

export function startBackground(command: string, args: string[], options: SpawnOptions = {}): Background {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup(child, 'SIGTERM');
        const killer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      signalGroup(child, 'SIGKILL'); // children that outlived their parent
      running.delete(child);
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}
