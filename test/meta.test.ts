/** House rules that keep the project honest: every rule has a file, tests, docs and a registry entry. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTINS } from '../server/src/core/builtins';
import { ALL_RULES } from '../server/src/core/rules/index';
import { configurationContribution } from '../scripts/manifest';
import { renderAllDocs } from '../scripts/docs';
import { ALL_CASES } from './harness/cases';

const RULES_DIR = 'server/src/core/rules';
const NOT_RULES = new Set(['index.ts', 'types.ts']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('rule registry', () => {
  const ruleFiles = readdirSync(RULES_DIR)
    .filter((name) => name.endsWith('.ts') && !NOT_RULES.has(name))
    .map((name) => name.replace(/\.ts$/, ''));

  it('registers every rule file under its own id', () => {
    expect([...ALL_RULES.map((rule) => rule.id)].sort()).toEqual([...ruleFiles].sort());
  });

  it('has unique ids that do not clash with engine diagnostics', () => {
    const ids = [...ALL_RULES.map((rule) => rule.id), ...BUILTINS.map((meta) => meta.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const rule of ALL_RULES) {
    describe(rule.id, () => {
      const cases = ALL_CASES.find((entry) => entry.rule === rule.id);

      it('is named kebab-case with a verb prefix', () => {
        expect(rule.id).toMatch(/^(require|ban|prefer)-[a-z0-9]+(-[a-z0-9]+)*$/);
      });

      it('has complete metadata', () => {
        expect(rule.summary.length).toBeGreaterThan(10);
        expect(rule.description.length).toBeGreaterThan(40);
        expect(rule.examples.valid.length).toBeGreaterThan(0);
        expect(rule.examples.invalid.length).toBeGreaterThan(0);
        expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
        if (rule.category === 'migration-safety') expect(rule.lock, 'migration-safety rules name their lock or rewrite').toBeTruthy();
      });

      it('has a case table with valid and invalid cases', () => {
        expect(cases, `test/rules/${rule.id}.cases.ts`).toBeDefined();
        expect(cases!.valid.length).toBeGreaterThan(0);
        expect(cases!.invalid.length).toBeGreaterThan(0);
      });

      it('tests a fix exactly when it declares one', () => {
        const withFix = cases?.invalid.filter((entry) => entry.output !== null) ?? [];
        if (rule.fixable) expect(withFix.length).toBeGreaterThan(0);
        else expect(withFix).toEqual([]);
      });

      it('declares the schema change of each design fix, and only there', () => {
        // a safety fix keeps the schema; a design fix changes it, by exactly what the case says
        for (const entry of cases?.invalid ?? []) {
          const designFix = rule.category === 'schema-design' && entry.output !== null;
          // either the catalog lines it changes, or the script whose schema the fix must give (`intended`)
          const declared = (entry.schemaChange?.removed.length ?? 0) + (entry.schemaChange?.added.length ?? 0) > 0 || entry.intended !== undefined;
          if (designFix) expect(declared, entry.name ?? entry.sql).toBe(true);
          else expect(entry.schemaChange, entry.name ?? entry.sql).toBeUndefined();
        }
      });

      it('uses every message in its tests', () => {
        const used = new Set(cases?.invalid.flatMap((entry) => entry.errors.map((error) => error.messageId)));
        expect(Object.keys(rule.messages).filter((id) => !used.has(id))).toEqual([]);
      });

      it('checks the lock its doc names on a real PostgreSQL', () => {
        if (!rule.lock || rule.category !== 'migration-safety') return;
        expect(cases?.locks?.length ?? 0, 'cases.locks').toBeGreaterThan(0);
      });
    });
  }
});

describe('generated files are current', () => {
  it('docs/rules matches rule metadata (npm run docs)', () => {
    const expected = renderAllDocs();
    const present = readdirSync('docs/rules').map((name) => `docs/rules/${name}`);
    expect(present.sort()).toEqual([...expected.keys()].sort());
    for (const [path, content] of expected) expect(readFileSync(path, 'utf8'), path).toBe(content);
  });

  it('package.json contributes.configuration matches core/config.ts (npm run manifest)', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(manifest.contributes.configuration).toEqual(JSON.parse(JSON.stringify(configurationContribution())));
  });
});

describe('layering', () => {
  it('keeps the core free of editor and LSP imports', () => {
    const offenders = filesUnder('server/src/core').filter((file) =>
      /from ['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*)['"]/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('runs imports one way inside the core: source -> model -> fix -> rules -> engine', () => {
    // a layer may import itself and the layers before it; settings (config.ts) and the engine's own diagnostic metadata (builtins.ts) are data every layer may read
    const order = ['source', 'model', 'fix', 'rules'];
    const offenders: string[] = [];
    for (const [position, layer] of order.entries()) {
      const above = order.slice(position + 1);
      for (const file of filesUnder(`server/src/core/${layer}`)) {
        for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.[^']*)'/g)) {
          const target = join(file, '..', match[1]).replace(/\\/g, '/');
          const targetLayer = target.replace(/^server\/src\/core\//, '').split('/')[0];
          const isEngine = !order.includes(targetLayer) && !['config', 'builtins'].includes(targetLayer.replace(/\.ts$/, ''));
          if (above.includes(targetLayer) || isEngine) offenders.push(`${file} imports ${match[1]}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
