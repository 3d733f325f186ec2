/**
 * A minor garbage collection while the editor is idle, so that V8's young generation is rarely
 * full when a keystroke arrives. Measured on the 60-line migration (npm run bench): a scavenge
 * in the server takes 2-8 ms and falls into about 5% of the keystrokes, which is the p95 of their
 * latency. A person types with pauses (100-200 ms between keys): a scavenge in such a pause costs
 * no keystroke anything. Changes that come faster than the delay never leave it idle, and V8
 * collects as it always does.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How long after an analysis with nothing new the server counts as idle. */
export const IDLE_DELAY_MS = 50;
/** How full the young generation must be for a collection in a pause to be worth it. */
export const FULL_ENOUGH = 0.5;

export interface YoungGeneration {
  used: number;
  size: number;
}

export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;
  /** Collections made in pauses (the tests read it). */
  collections = 0;

  constructor(
    private readonly collect: () => void,
    private readonly young: () => YoungGeneration | undefined,
    private readonly delayMs = IDLE_DELAY_MS,
  ) {}

  /** After an analysis: collect if nothing else comes for a while and the young generation is full enough. */
  afterAnalysis(): void {
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const young = this.young();
      if (!young || young.size === 0 || young.used / young.size < FULL_ENOUGH) return;
      this.collect();
      this.collections++;
    }, this.delayMs);
    this.timer.unref();
  }

  /** New work arrived: the server is not idle. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * V8's own minor collection. `gc` exists only under --expose-gc (the server's launcher sets it
 * with its other flags, which its code cache is checked against), and only in contexts made
 * after the flag: one is made for it.
 */
export function minorCollection(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as ((options: { type: 'minor' }) => void) | undefined;
    return typeof gc === 'function' ? () => gc({ type: 'minor' }) : undefined;
  } catch {
    return undefined;
  }
}

export function youngGeneration(): YoungGeneration | undefined {
  const space = getHeapSpaceStatistics().find((candidate) => candidate.space_name === 'new_space');
  // space_size counts both semi-spaces; what can be allocated before a scavenge is the used part and the available one
  return space && { used: space.space_used_size, size: space.space_used_size + space.space_available_size };
}
