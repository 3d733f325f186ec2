import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FULL_ENOUGH, IDLE_DELAY_MS, IdleCollector, minorCollection, youngGeneration } from '../../server/src/idle-gc';

describe('the idle collector', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const collector = (fill: number) => {
    const collect = vi.fn();
    return { collect, idle: new IdleCollector(collect, () => ({ used: fill * 1000, size: 1000 })) };
  };

  it('collects once the server has been idle for the delay, with the young generation full enough', () => {
    const { collect, idle } = collector(FULL_ENOUGH);
    idle.afterAnalysis();
    vi.advanceTimersByTime(IDLE_DELAY_MS - 1);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(collect).toHaveBeenCalledTimes(1);
    expect(idle.collections).toBe(1);
  });

  it('does not collect when a change comes in the pause', () => {
    const { collect, idle } = collector(0.9);
    idle.afterAnalysis();
    vi.advanceTimersByTime(IDLE_DELAY_MS / 2);
    idle.cancel();
    vi.advanceTimersByTime(IDLE_DELAY_MS * 10);
    expect(collect).not.toHaveBeenCalled();
  });

  it('waits for the last of analyses that come one after the other', () => {
    const { collect, idle } = collector(0.9);
    idle.afterAnalysis();
    vi.advanceTimersByTime(IDLE_DELAY_MS - 10);
    idle.afterAnalysis();
    vi.advanceTimersByTime(IDLE_DELAY_MS - 10);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('leaves a young generation that is still mostly empty to V8', () => {
    const { collect, idle } = collector(FULL_ENOUGH / 2);
    idle.afterAnalysis();
    vi.advanceTimersByTime(IDLE_DELAY_MS * 2);
    expect(collect).not.toHaveBeenCalled();
  });
});

describe("V8's minor collection", () => {
  it('is there to call, and reads the young generation as what can be allocated before a scavenge', () => {
    const collect = minorCollection();
    expect(collect).toBeTypeOf('function');
    const young = youngGeneration()!;
    expect(young.size).toBeGreaterThan(0);
    expect(young.used).toBeLessThanOrEqual(young.size);
    // fill part of it, then collect: what was garbage is gone
    let garbage: unknown[] = [];
    for (let i = 0; i < 20_000; i++) garbage.push({ i });
    garbage = [];
    const before = youngGeneration()!.used;
    collect!();
    expect(youngGeneration()!.used).toBeLessThan(before);
    expect(garbage).toEqual([]);
  });
});
