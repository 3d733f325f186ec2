/**
 * Replay checkpoints inside a file (file-replay.ts) only save work: an edit replays from the last
 * checkpoint before the first changed statement, and every lint gives the findings a lint from
 * scratch (a new workspace, no checkpoint) gives, over the corpus and over random edit sequences.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../server/src/core/config';
import type { LintResult } from '../../server/src/core/lint';
import { lintText } from '../../server/src/core/lint';
import { CHECKPOINT_EVERY, FileReplay } from '../../server/src/core/model/schema/file-replay';
import { SchemaState } from '../../server/src/core/model/schema/state';
import { SchemaWorkspace, parseMigration } from '../../server/src/core/model/schema/workspace';
import { initParser } from '../../server/src/core/source/parser';

const CORPUS = resolve(__dirname, '../../../shared/corpus');
const SETTINGS = resolveSettings({ maxFileSize: 64 * 1024 * 1024 });

beforeAll(() => initParser());

/** Everything a lint says: findings, rule crashes, what the replay could not follow. */
function outcome(result: LintResult): unknown {
  return { findings: result.findings, internalErrors: result.internalErrors, problems: result.schema?.problems };
}

function lintIn(workspace: SchemaWorkspace, path: string, text = workspace.migration(path)!.text): unknown {
  return outcome(lintText(text, { settings: SETTINGS, path, schema: workspace.inputFor(path) }));
}

/** The same lint in a new workspace holding the same texts: no snapshot, no checkpoint. */
function fromScratch(files: ReadonlyMap<string, string>, path: string, text = files.get(path)!): unknown {
  const workspace = new SchemaWorkspace();
  for (const [file, content] of files) workspace.setFile(file, content);
  return lintIn(workspace, path, text);
}

function sqlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? sqlFiles(join(dir, name)) : name.endsWith('.sql') ? [join(dir, name)] : []));
}

/** `count` short DDL statements on a few tables: enough for several checkpoints, and a schema that changes all along. */
function longMigration(count: number): string {
  const lines = ['CREATE TABLE p (id bigint, d date NOT NULL, note text) PARTITION BY RANGE (d);'];
  for (let i = 0; lines.length < count; i++) {
    const t = `t${i % 7}`;
    switch (i % 9) {
      case 0:
        lines.push(`CREATE TABLE IF NOT EXISTS ${t} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ${t}_ids text, amount float);`);
        break;
      case 1:
        lines.push(`ALTER TABLE ${t} ADD COLUMN c${i} integer;`);
        break;
      case 2:
        lines.push(`CREATE INDEX ${t}_c${i - 1}_idx ON ${t} (c${i - 1});`);
        break;
      case 3:
        lines.push(`CREATE TABLE p${i} PARTITION OF p FOR VALUES FROM ('${2000 + i}-01-01') TO ('${2001 + i}-01-01');`);
        break;
      case 4:
        lines.push(`CREATE INDEX p_d_${i}_idx ON p (d);`);
        break;
      case 5:
        lines.push(`ALTER TABLE ${t} RENAME COLUMN c${i - 4} TO r${i};`);
        break;
      case 6:
        lines.push(`DROP INDEX IF EXISTS ${t}_c${i - 5}_idx;`);
        break;
      case 7:
        lines.push(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_r${i - 2}_check CHECK (r${i - 2} > 0) NOT VALID;`);
        break;
      default:
        lines.push(`ALTER TABLE ${t} ADD COLUMN ref${i} bigint REFERENCES t${(i + 1) % 7} (id);`);
    }
  }
  return lines.join('\n') + '\n';
}

describe('replay checkpoints', () => {
  it('replay an edited file from the checkpoint before the first changed statement', () => {
    const text = longMigration(5 * CHECKPOINT_EVERY);
    const before = new SchemaState();
    const replay = new FileReplay();
    const first = parseMigration('m/1.up.sql', text);
    replay.replay(before, 'm/1.up.sql', first.upStatements);
    expect(replay.statementsReplayed).toBe(first.upStatements.length);

    // an edit inside statement 3 * CHECKPOINT_EVERY + 10 replays from the checkpoint after 3 * CHECKPOINT_EVERY statements
    const target = first.upStatements[3 * CHECKPOINT_EVERY + 10];
    const at = target.start + target.text.indexOf(' ');
    const changed = `${text.slice(0, at)}  ${text.slice(at)}`;
    const second = parseMigration('m/1.up.sql', changed);
    const counted = replay.statementsReplayed;
    const { after } = replay.replay(before, 'm/1.up.sql', second.upStatements);
    expect(replay.statementsReplayed - counted).toBe(second.upStatements.length - 3 * CHECKPOINT_EVERY);

    const scratch = new FileReplay().replay(before, 'm/1.up.sql', second.upStatements).after;
    expect(after).toEqual(scratch);
    // the same statements again: nothing replayed
    const again = replay.statementsReplayed;
    replay.replay(before, 'm/1.up.sql', second.upStatements);
    expect(replay.statementsReplayed).toBe(again);
  });

  it('lay no checkpoint after the statement being typed, and those before an edit further down', () => {
    const text = longMigration(6 * CHECKPOINT_EVERY);
    const before = new SchemaState();
    const replay = new FileReplay();
    const file = 'm/1.up.sql';
    let current = text;
    /** Types a character into statement `at` of the current text; the count of statements replayed. */
    const typeInto = (at: number): number => {
      const statement = parseMigration(file, current).upStatements[at];
      const offset = statement.start + statement.text.indexOf(' ');
      current = `${current.slice(0, offset)} ${current.slice(offset)}`;
      const statements = parseMigration(file, current).upStatements;
      const counted = replay.statementsReplayed;
      const { after } = replay.replay(before, file, statements);
      expect(after).toEqual(new FileReplay().replay(before, file, statements).after);
      return replay.statementsReplayed - counted;
    };
    replay.replay(before, file, parseMigration(file, text).upStatements);
    const total = parseMigration(file, text).upStatements.length;
    // typing in a statement: from the checkpoint before it, twice (the first laid none after it)
    expect(typeInto(2 * CHECKPOINT_EVERY + 5)).toBe(total - 2 * CHECKPOINT_EVERY);
    expect(typeInto(2 * CHECKPOINT_EVERY + 5)).toBe(total - 2 * CHECKPOINT_EVERY);
    // an edit further down starts where the checkpoints end, and lays those before it
    expect(typeInto(4 * CHECKPOINT_EVERY + 5)).toBe(total - 2 * CHECKPOINT_EVERY);
    expect(typeInto(4 * CHECKPOINT_EVERY + 5)).toBe(total - 4 * CHECKPOINT_EVERY);
    // one further up drops those after it
    expect(typeInto(CHECKPOINT_EVERY + 5)).toBe(total - CHECKPOINT_EVERY);
    expect(typeInto(3 * CHECKPOINT_EVERY + 5)).toBe(total - CHECKPOINT_EVERY);
    // the schema before any statement is still the one a replay up to it gives
    const statements = parseMigration(file, current).upStatements;
    for (const index of [5, CHECKPOINT_EVERY + 3, 4 * CHECKPOINT_EVERY + 9, statements.length - 1]) {
      expect(replay.stateBefore(index), `before statement ${index}`).toEqual(new FileReplay().replay(before, file, statements.slice(0, index)).after);
    }
  });

  it('give the schema before any statement as a replay up to it does', () => {
    const text = longMigration(3 * CHECKPOINT_EVERY);
    const { upStatements } = parseMigration('m/1.up.sql', text);
    const replay = new FileReplay();
    replay.replay(new SchemaState(), 'm/1.up.sql', upStatements);
    for (const index of [0, 1, CHECKPOINT_EVERY - 1, CHECKPOINT_EVERY, CHECKPOINT_EVERY + 5, 2 * CHECKPOINT_EVERY + 7, 7, upStatements.length]) {
      const expected = new FileReplay().replay(new SchemaState(), 'm/1.up.sql', upStatements.slice(0, index)).after;
      expect(replay.stateBefore(index), `before statement ${index}`).toEqual(expected);
    }
  });

  it.skipIf(!existsSync(CORPUS))(
    'give the findings of a lint from scratch after edits of corpus files, in their histories',
    () => {
      let edited = 0;
      for (const folder of readdirSync(CORPUS).filter((name) => statSync(join(CORPUS, name)).isDirectory())) {
        const paths = sqlFiles(join(CORPUS, folder));
        if (paths.length === 0) continue;
        const files = new Map(paths.map((path) => [path, readFileSync(path, 'utf8')]));
        const workspace = new SchemaWorkspace();
        for (const [path, text] of files) workspace.setFile(path, text);
        for (const path of paths) lintIn(workspace, path);
        // the largest files (most checkpoints) and a few along the history (a rest of the history after them)
        const bySize = [...paths].sort((a, b) => files.get(b)!.length - files.get(a)!.length);
        const sample = [...new Set([...bySize.slice(0, 2), ...[0.25, 0.5, 0.9].map((at) => paths[Math.floor(at * (paths.length - 1))])])];
        for (const path of sample) {
          const original = files.get(path)!;
          const lineAt = (share: number) => original.indexOf('\n', Math.floor(original.length * share)) + 1;
          const edits = [
            `${original.slice(0, lineAt(0.5))}CREATE TABLE sg_edit (id bigint PRIMARY KEY, amount float);\n${original.slice(lineAt(0.5))}`,
            `${original.slice(0, lineAt(0.8))}${original.slice(lineAt(0.85))}`,
          ];
          for (const text of [...edits, original]) {
            const current = new Map(files).set(path, text);
            workspace.setFile(path, text);
            expect(lintIn(workspace, path), path).toEqual(fromScratch(current, path));
            edited++;
          }
        }
      }
      expect(edited).toBeGreaterThan(20);
    },
    600_000,
  );

  it('give the findings of a lint from scratch after every edit of a random edit sequence, in a history', () => {
    const first = 'm/001_tables.up.sql';
    const middle = 'm/002_long.up.sql';
    const last = 'm/003_later.up.sql';
    const base = new Map([
      [first, 'CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);\nCREATE TABLE t0 (id bigint PRIMARY KEY);\n'],
      [middle, longMigration(3 * CHECKPOINT_EVERY + 20)],
      [last, 'ALTER TABLE t1 ADD COLUMN later_ids text;\nCREATE INDEX later_idx ON t2 (id);\nDROP TABLE t3;\n'],
    ]);
    const fragments = ['CREATE INDEX i ON t1 (id);', 'ALTER TABLE t4 ADD COLUMN x_ids text;', 'DROP TABLE t5;', '\n', ' ', ';', "'", '(', 'ALTER TABLE t2 ADD COLUMN', '--', 'x'];
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 60 }),
      insert: fc.oneof(fc.constantFrom(...fragments), fc.record({ from: fc.nat(), length: fc.nat({ max: 300 }) })),
      // linted from the workspace's text, or from a text the workspace does not hold (the engine replays it)
      unsaved: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 10 }), (edits) => {
        const files = new Map(base);
        const workspace = new SchemaWorkspace();
        for (const [path, text] of files) workspace.setFile(path, text);
        for (const { at, remove, insert, unsaved } of edits) {
          const text = files.get(middle)!;
          const start = at % (text.length + 1);
          const inserted = typeof insert === 'string' ? insert : text.substr(insert.from % text.length, insert.length);
          const next = text.slice(0, start) + inserted + text.slice(start + remove);
          if (unsaved) {
            expect(lintIn(workspace, middle, next)).toEqual(fromScratch(files, middle, next));
            continue;
          }
          files.set(middle, next);
          workspace.setFile(middle, next);
          expect(lintIn(workspace, middle)).toEqual(fromScratch(files, middle));
          expect(lintIn(workspace, last)).toEqual(fromScratch(files, last));
        }
      }),
      { numRuns: 40 },
    );
  }, 300_000);
});
