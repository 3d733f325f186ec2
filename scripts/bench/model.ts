/**
 * The workspace schema model: building a history's schema from scratch (parsing included, and
 * the replay alone with statements already parsed), after an edit in the middle and at the end
 * of the history, on a generated 500-file history and on real ones from the corpus.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaWorkspace } from '../../server/src/core/model/schema/workspace';
import { initParser } from '../../server/src/core/source/parser';
import { median, ms, time } from './stats';

/** A 500-migration history: 100 tables with foreign keys, then columns, indexes, renames and drops on them. */
export function generatedHistory(files = 500): Map<string, string> {
  const history = new Map<string, string>();
  const name = (i: number): string => `migrations/${String(i).padStart(4, '0')}_step_${i}.up.sql`;
  for (let i = 1; i <= files; i++) {
    const t = i % 100;
    let sql: string;
    if (i <= 100) {
      const parent = i > 1 ? `,\n  parent_id bigint REFERENCES t_${i - 1} (id)` : '';
      sql = `CREATE TABLE t_${t} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name text NOT NULL,\n  created_at timestamptz NOT NULL DEFAULT now()${parent}\n);\nCREATE INDEX t_${t}_created_at_idx ON t_${t} (created_at);\n`;
    } else if (i % 11 === 0) {
      sql = `DROP INDEX CONCURRENTLY IF EXISTS t_${t}_created_at_idx;\n`;
    } else if (i % 7 === 0) {
      sql = `ALTER TABLE t_${t} RENAME COLUMN name TO name_${i};\nALTER TABLE t_${t} RENAME COLUMN name_${i} TO name;\n`;
    } else {
      sql = `SET lock_timeout = '2s';\nALTER TABLE t_${t} ADD COLUMN c_${i} integer;\nCREATE INDEX CONCURRENTLY t_${t}_c_${i}_idx ON t_${t} (c_${i}) WHERE c_${i} IS NOT NULL;\nALTER TABLE t_${t} ADD CONSTRAINT t_${t}_c_${i}_check CHECK (c_${i} > 0) NOT VALID;\n`;
    }
    history.set(name(i), sql);
  }
  return history;
}

function workspaceOf(files: ReadonlyMap<string, string>): SchemaWorkspace {
  const workspace = new SchemaWorkspace();
  for (const [path, text] of files) workspace.setFile(path, text);
  return workspace;
}

function finalOf(workspace: SchemaWorkspace): number {
  const [history] = workspace.histories();
  return workspace.final(history).relations.size;
}

function row(name: string, files: ReadonlyMap<string, string>, runs: number): string {
  const paths = [...files.keys()];
  const statements = paths.reduce((sum, path) => sum + (files.get(path)!.match(/;/g)?.length ?? 0), 0);
  // first run parses every statement; later runs find them in the parser's cache
  const [relations, cold] = time(() => finalOf(workspaceOf(files)));
  const warm = Array.from({ length: runs }, () => time(() => finalOf(workspaceOf(files)))[1]);
  const workspace = workspaceOf(files);
  finalOf(workspace);
  const middle = paths[Math.floor(paths.length / 2)];
  const last = paths[paths.length - 1];
  const editMiddle: number[] = [];
  const editLast: number[] = [];
  for (let i = 0; i < runs; i++) {
    workspace.setFile(middle, `${files.get(middle)}\n-- edit ${i}\nSELECT ${i};\n`);
    editMiddle.push(time(() => finalOf(workspace))[1]);
    workspace.setFile(last, `${files.get(last)}\n-- edit ${i}\nSELECT ${i};\n`);
    editLast.push(time(() => finalOf(workspace))[1]);
  }
  return `${name.padEnd(36)} ${String(paths.length).padStart(4)} files ${String(statements).padStart(6)} stmts ${String(relations).padStart(5)} relations  cold ${ms(cold).padStart(8)}  warm ${ms(median(warm)).padStart(8)}  edit middle ${ms(median(editMiddle)).padStart(8)}  edit last ${ms(median(editLast)).padStart(8)}  (medians of ${runs})`;
}

export async function modelBench(corpus: string, log: (line: string) => void, runs = 5): Promise<void> {
  await initParser();
  log('\n== schema model (build a history\'s schema; "warm": statements already parsed; "edit": after one file changed) ==');
  log(row('generated history', generatedHistory(500), runs));
  const auth = join(corpus, 'supabase_auth');
  if (existsSync(auth)) {
    const files = new Map(readdirSync(auth).sort().map((name) => [`supabase_auth/${name}`, readFileSync(join(auth, name), 'utf8')]));
    log(row('supabase_auth (golang-migrate)', files, runs));
  }
  const lago = join(corpus, 'lago/structure.sql');
  if (existsSync(lago)) log(row("lago structure.sql (one pg_dump)", new Map([['db/structure.sql', readFileSync(lago, 'utf8')]]), runs));
  const heap = process.memoryUsage();
  log(`heap used after the model rows ${(heap.heapUsed / 1024 / 1024).toFixed(0)} MB`);
}
