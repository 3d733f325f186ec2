/// <reference types="vite/client" />
/** Every rule's case table (test/rules/<id>.cases.ts), loaded once for the rule, docs and database tests. */
import type { RuleCases } from './types';

const modules = import.meta.glob<{ default: RuleCases }>('../rules/*.cases.ts', { eager: true });

export const ALL_CASES: RuleCases[] = Object.entries(modules)
  .map(([path, module]) => {
    const cases = module.default;
    const fileId = path.replace(/^.*\//, '').replace(/\.cases\.ts$/, '');
    if (cases.rule !== fileId) throw new Error(`${path} declares rule "${cases.rule}"`);
    return cases;
  })
  .sort((a, b) => a.rule.localeCompare(b.rule));
