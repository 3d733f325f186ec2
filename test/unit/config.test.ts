import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, resolveSettings } from '../../server/src/core/config';
import { parseConfigFile, sanitizeSettings } from '../../server/src/core/config-file';
import { findConfigFile, isIncluded } from '../../server/src/workspace';

describe('settings precedence', () => {
  it('defaults < editor settings < .schemaguard.json < command line, rules merged per id', () => {
    const editor = { postgresVersion: 14, rules: { a: 'off' as const, b: 'hint' as const } };
    const file = { rules: { b: 'error' as const } , transaction: 'per-file' as const };
    const cli = { postgresVersion: 16 };
    const settings = resolveSettings(editor, file, cli);
    expect(settings.postgresVersion).toBe(16);
    expect(settings.transaction).toBe('per-file');
    expect(settings.rules).toEqual({ a: 'off', b: 'error' });
    expect(settings.maxFileSize).toBe(DEFAULT_SETTINGS.maxFileSize);
  });

  it('does not let layers share or mutate the defaults', () => {
    const settings = resolveSettings({ include: ['x/**'] });
    settings.exclude.push('y');
    expect(resolveSettings().exclude).toEqual(DEFAULT_SETTINGS.exclude);
  });
});

describe('editor settings', () => {
  it('keeps valid keys and drops wrong shapes', () => {
    expect(
      sanitizeSettings({ postgresVersion: 9, transaction: 'per-file', rules: { x: 'loud' }, include: ['**/*.sql'], maxFileSize: 'big', unknown: 1 }),
    ).toEqual({ transaction: 'per-file', include: ['**/*.sql'] });
    expect(sanitizeSettings(null)).toEqual({});
    expect(sanitizeSettings([1, 2])).toEqual({});
  });
});

describe('.schemaguard.json', () => {
  it('accepts comments and trailing commas', () => {
    const result = parseConfigFile('{\n  // target\n  "postgresVersion": 15,\n  "rules": { "require-concurrent-index": "error", },\n}');
    expect(result.problems).toEqual([]);
    expect(result.settings).toEqual({ postgresVersion: 15, rules: { 'require-concurrent-index': 'error' } });
  });

  it('locates invalid JSON without throwing', () => {
    const text = '{ "postgresVersion": 15, ';
    const result = parseConfigFile(text);
    expect(result.settings).toEqual({});
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0].message).toMatch(/^Invalid JSON/);
  });

  it('reports unknown keys and bad values at their position and keeps the valid keys', () => {
    const text = '{ "postgresVersion": 9, "transaction": "per-file", "colour": "red", "rules": { "x": "loud" } }';
    const result = parseConfigFile(text);
    expect(result.settings).toEqual({ transaction: 'per-file' });
    const located = result.problems.map((p) => [text.slice(p.start, p.end), p.message]);
    expect(located).toContainEqual(['9', expect.stringContaining('must be one of 11, 12')]);
    expect(located).toContainEqual(['"colour"', 'Unknown setting "colour".']);
    expect(located).toContainEqual(['"loud"', expect.stringContaining('"rules.x" must be one of "off", "error"')]);
  });

  it('reports an empty file and a non-object', () => {
    expect(parseConfigFile('').problems[0].message).toContain('empty');
    expect(parseConfigFile('[1]').problems[0].message).toContain('must be object');
  });

  it('is found in the folder or above it', () => {
    const root = mkdtempSync(join(tmpdir(), 'sg-config-'));
    mkdirSync(join(root, 'db', 'migrations'), { recursive: true });
    writeFileSync(join(root, '.schemaguard.json'), '{}');
    expect(findConfigFile(join(root, 'db', 'migrations'))).toBe(join(root, '.schemaguard.json'));
  });
});

describe('include and exclude', () => {
  const settings = { include: ['db/**/*.sql'], exclude: ['**/seeds/**'] };
  it('matches paths relative to the root', () => {
    expect(isIncluded('/repo/db/migrations/001.sql', '/repo', settings)).toBe(true);
    expect(isIncluded('/repo/db/seeds/001.sql', '/repo', settings)).toBe(false);
    expect(isIncluded('/repo/scripts/x.sql', '/repo', settings)).toBe(false);
  });
});
