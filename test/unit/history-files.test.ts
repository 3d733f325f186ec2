/**
 * The history folders' files are listed with one readdir instead of a glob: the listing must be
 * what tinyglobby finds for the same patterns (dot files, symbolic links, node_modules and .git
 * left out), on a folder that has every case.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glob } from 'tinyglobby';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../server/src/core/config';
import { historyFilesIn, historyFolders } from '../../server/src/history-files';

const root = mkdtempSync(join(tmpdir(), 'schemaguard-history-files-'));
const files = [
  'db/migrations/001_init.sql',
  'db/migrations/.002_hidden.sql',
  'db/migrations/003_UPPER.SQL',
  'db/migrations/notes.md',
  'db/migrations/sql',
  'db/migrations/.sql',
  'db/migrations/20240101_prisma/migration.sql',
  'db/migrations/2024-01-02-diesel/up.sql',
  'db/migrations/2024-01-02-diesel/down.sql',
  'db/migrations/2024-01-03-other/readme.sql.txt',
  'db/migrations/node_modules/up.sql',
  'db/migrations/.git/up.sql',
  'db/migrations/deeper/nested/up.sql',
  'db/structure.sql',
  'alembic/versions/abc_first.py',
  'alembic/versions/__init__.py',
  'alembic/versions/notes.txt',
];
for (const file of files) {
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), '-- x\n');
}
mkdirSync(join(root, 'db/migrations/a_folder.sql'));
symlinkSync(join(root, 'db/migrations/001_init.sql'), join(root, 'db/migrations/004_link.sql'));
symlinkSync(join(root, 'db/migrations/2024-01-02-diesel'), join(root, 'db/migrations/2024-01-05-linked'));
symlinkSync(join(root, 'missing.sql'), join(root, 'db/migrations/005_dangling.sql'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('history files of a folder', () => {
  const settings = resolveSettings();
  for (const file of ['db/migrations/001_init.sql', 'db/migrations/2024-01-02-diesel/up.sql', 'alembic/versions/abc_first.py']) {
    it(`for ${file}: what the glob finds`, async () => {
      const folders = historyFolders(join(root, file));
      const listed = await historyFilesIn(folders, root, settings);
      const globbed = new Set<string>();
      for (const { folder, patterns } of folders) {
        for (const match of await glob(patterns, { cwd: folder, absolute: true, dot: true, ignore: ['**/node_modules/**', '**/.git/**'] })) globbed.add(match);
      }
      expect(listed).toEqual([...globbed].sort());
      expect(listed.length).toBeGreaterThan(1);
    });
  }
  it('finds what a history needs and nothing else', async () => {
    const listed = (await historyFilesIn(historyFolders(join(root, 'db/migrations/001_init.sql')), root, settings)).map((path) => path.slice(root.length + 1));
    expect(listed).toContain('db/migrations/.002_hidden.sql');
    expect(listed).toContain('db/migrations/004_link.sql');
    expect(listed).toContain('db/migrations/2024-01-05-linked/up.sql');
    expect(listed).toContain('db/structure.sql');
    expect(listed.some((path) => path.includes('node_modules') || path.includes('.git/') || path.includes('nested') || path.endsWith('.SQL') || path.includes('dangling'))).toBe(false);
  });
});
