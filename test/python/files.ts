/** The Python files the Alembic tests read: the fixture projects and, when present, the shared corpus. */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIXTURES = resolve(__dirname, '../fixtures/alembic');
const CORPUS = resolve(__dirname, '../../../shared/corpus');

function pythonFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.py')).sort().map((name) => join(dir, name)) : [];
}

/** Fixture projects: each folder under test/fixtures/alembic with an alembic.ini. */
export const FIXTURE_PROJECTS = readdirSync(FIXTURES).filter((name) => existsSync(join(FIXTURES, name, 'alembic.ini')));

export const FIXTURE_REVISIONS = FIXTURE_PROJECTS.flatMap((name) => pythonFiles(join(FIXTURES, name, 'versions')));

/** Real projects' versions/ folders (read in place, never copied into the repository). */
export const ALEMBIC_CORPUS = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter((name) => name.startsWith('alembic_'))
      .sort()
      .flatMap((name) => pythonFiles(join(CORPUS, name)))
  : [];
