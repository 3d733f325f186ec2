/** The navigation core: names at offsets, what they resolve to across a history, symbols, completion. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchemaWorkspace } from '../../server/src/core/model/schema/workspace';
import { mentionsOf } from '../../server/src/core/navigation/mentions';
import type { Location } from '../../server/src/core/navigation/navigator';
import { Navigator } from '../../server/src/core/navigation/navigator';
import { quoteName } from '../../server/src/core/navigation/names';
import { parseScript } from '../../server/src/core/source/document';

function workspace(files: Record<string, string>): { navigator: Navigator; workspace: SchemaWorkspace; files: Record<string, string> } {
  const schema = new SchemaWorkspace();
  for (const [path, text] of Object.entries(files)) schema.setFile(path, text);
  return { navigator: new Navigator(schema), workspace: schema, files };
}

/** Offset of the `occurrence`-th `needle` in `text`, `inside` characters into it. */
function offsetOf(text: string, needle: string, occurrence = 0, inside = 1): number {
  let offset = -1;
  for (let k = 0; k <= occurrence; k++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`${needle} not found`);
  return offset + inside;
}

const text = (files: Record<string, string>, location: Location): string => files[location.file].slice(location.start, location.end);
const shown = (files: Record<string, string>, locations: Location[]): string[] => locations.map((location) => `${location.file}:${location.start} ${text(files, location)}`);

describe('mentions of a statement', () => {
  const mentions = (sql: string) =>
    parseScript(sql).statements.flatMap((statement) => mentionsOf(statement).map((mention) => `${mention.kind} ${sql.slice(mention.start, mention.end)}${mention.defines ? ' defines' : ''}${mention.action ? ` ${mention.action}` : ''}${mention.tables ? ` in ${mention.tables.map((table) => table.name).join('|')}` : ''}`));

  it('finds the names parse trees give no location for, at their UTF-16 offsets after non-ASCII text', () => {
    const sql = `-- 🚀 ünïcode\nALTER TABLE "Bücher" ADD CONSTRAINT bücher_fk FOREIGN KEY (autor_id) REFERENCES autoren (id), DROP COLUMN größe, ALTER COLUMN titel TYPE text USING titel::text;`;
    expect(mentions(sql)).toEqual([
      'relation "Bücher" alter',
      'constraint bücher_fk defines create in Bücher',
      'column autor_id in Bücher',
      'relation autoren',
      'column id in autoren',
      'column größe drop in Bücher',
      'column titel alter in Bücher',
      'column titel in Bücher',
    ]);
  });

  it('reads index keys, INCLUDE columns, predicates and the index name', () => {
    expect(mentions('CREATE UNIQUE INDEX CONCURRENTLY o_idx ON app.orders USING btree (lower(email), status DESC) INCLUDE (id) WHERE deleted_at IS NULL;')).toEqual([
      'index o_idx defines create',
      'relation orders',
      'column email in orders',
      'column status in orders',
      'column id in orders',
      'column deleted_at in orders',
    ]);
  });

  it('gives column references the tables of their query, aliases and CTEs resolved', () => {
    // r.id reads the CTE, whose columns are not a table's: no mention
    expect(mentions('WITH recent AS (SELECT id FROM orders) SELECT r.id, c.name, note FROM recent r JOIN customers c ON c.id = r.id;')).toEqual([
      'column id in orders',
      'relation orders',
      'column name in customers',
      'column note in customers',
      'relation customers',
      'column id in customers',
    ]);
  });

  it('reads renames as a use of the old name and a definition of the new one', () => {
    expect(mentions('ALTER TABLE t RENAME COLUMN a TO b; ALTER TABLE t RENAME TO u; ALTER INDEX i RENAME TO j;')).toEqual([
      'relation t alter',
      'column a in t',
      'column b defines rename in t',
      'relation t',
      'relation u defines rename',
      'index i',
      'index j defines rename',
    ]);
  });

  it('reads DROP and COMMENT lists, INSERT and UPDATE targets', () => {
    expect(mentions("DROP TABLE IF EXISTS a, app.b; COMMENT ON COLUMN a.c IS 'x'; INSERT INTO a (c) VALUES (1) ON CONFLICT (c) DO UPDATE SET c = excluded.c; UPDATE a SET c = 2 WHERE c = 1;")).toEqual([
      'relation a drop',
      'relation b drop',
      'relation a',
      'column c in a',
      'relation a',
      'column c in a',
      'column c in a',
      'column c in a',
      'column c in a',
      'relation a',
      'column c in a',
      'column c in a',
    ]);
  });

  it('finds nothing in a statement that does not parse', () => {
    expect(mentions('ALTER TABLE t ADD COLUMN')).toEqual([]);
  });
});

describe('navigator', () => {
  const files = {
    '/w/m/001_users.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, mail text);\n',
    '/w/m/002_rename.up.sql': 'ALTER TABLE users RENAME COLUMN mail TO email;\nALTER TABLE users RENAME TO accounts;\n',
    '/w/m/003_index.up.sql': 'CREATE INDEX ON accounts (email);\nCREATE TABLE users (id int);\n',
    '/w/m/002_rename.down.sql': 'ALTER TABLE accounts RENAME TO users;\n',
  };

  it('follows a column through renames: hover shows it as the history leaves it, definition goes to its creation', () => {
    const { navigator } = workspace(files);
    const file = '/w/m/001_users.up.sql';
    const hover = navigator.hover(file, offsetOf(files[file], 'mail'), (path, line) => `${path}#L${line}`);
    expect(hover?.markdown).toMatch(/^\*\*column\*\* `accounts\.email` text/);
    expect(hover?.markdown).toContain('accounts_email_idx');
    expect(hover?.markdown).toContain('[001_users.up.sql:1](/w/m/001_users.up.sql#L1) · last changed in [002_rename.up.sql:1](/w/m/002_rename.up.sql#L1)');
    const later = '/w/m/003_index.up.sql';
    expect(shown(files, navigator.definition(later, offsetOf(files[later], 'email')))).toEqual(['/w/m/001_users.up.sql:43 mail']);
  });

  it('finds the references of a table under each of its names, and not those of a new table of the old name', () => {
    const { navigator } = workspace(files);
    const file = '/w/m/001_users.up.sql';
    const at = (path: keyof typeof files, needle: string, occurrence = 0) => `${path}:${offsetOf(files[path], needle, occurrence, 0)} ${needle}`;
    // not the users table 003 creates after the rename
    expect(shown(files, navigator.references(file, offsetOf(files[file], 'users'), true))).toEqual([
      at('/w/m/001_users.up.sql', 'users'),
      at('/w/m/002_rename.up.sql', 'users'),
      at('/w/m/002_rename.up.sql', 'users', 1),
      at('/w/m/002_rename.up.sql', 'accounts'),
      at('/w/m/003_index.up.sql', 'accounts'),
      at('/w/m/002_rename.down.sql', 'accounts'),
    ]);
  });

  it('resolves a qualifier naming a table of another schema through the statement\'s own table', () => {
    const sql = 'CREATE SCHEMA auth;\nCREATE TABLE auth.users (id int);\nALTER TABLE auth.users ADD COLUMN twice int GENERATED ALWAYS AS (users.id * 2) STORED;\n';
    const { navigator } = workspace({ '/w/auth.sql': sql });
    expect(navigator.hover('/w/auth.sql', offsetOf(sql, 'users.id'), () => '')?.markdown).toMatch(/^\*\*table\*\* `auth\.users`/);
    expect(navigator.hover('/w/auth.sql', offsetOf(sql, 'id * 2'), () => '')?.markdown).toMatch(/^\*\*column\*\* `auth\.users\.id` integer/);
  });

  it('says so when the object no longer exists after the whole history', () => {
    const history = { '/w/m/1_a.up.sql': 'CREATE TABLE a (id int);\n', '/w/m/2_b.up.sql': 'DROP TABLE a;\n' };
    const { navigator } = workspace(history);
    const hover = navigator.hover('/w/m/1_a.up.sql', 14, (path, line) => `${path}#L${line}`);
    expect(hover?.markdown).toContain('**table** `a`');
    expect(hover?.markdown).toContain('_not in the schema after the whole history');
  });

  it('resolves a long file by checkpoints, and an edit keeps what came before it', () => {
    const statements = Array.from({ length: 200 }, (_, i) => `CREATE TABLE t${i} (id int);`);
    statements.push('ALTER TABLE t7 ADD COLUMN later int;');
    const long = statements.join('\n') + '\n';
    const { navigator, workspace: schema } = workspace({ '/w/long.sql': long });
    const column = offsetOf(long, 'later');
    expect(navigator.hover('/w/long.sql', column, () => '')?.markdown).toContain('`t7.later` integer');
    // an edit in statement 150: the answers below and above it are those of a fresh analysis
    const edited = long.replace('CREATE TABLE t150 (id int);', 'CREATE TABLE t150 (id int, x int);');
    schema.setFile('/w/long.sql', edited);
    const fresh = workspace({ '/w/long.sql': edited }).navigator;
    for (const name of ['t3 (', 't150', 't199', 'later']) {
      const offset = offsetOf(edited, name);
      expect(navigator.hover('/w/long.sql', offset, () => '')).toEqual(fresh.hover('/w/long.sql', offset, () => ''));
    }
    expect(navigator.completions('/w/long.sql', edited.length).length).toBe(0);
    expect(navigator.documentSymbols('/w/long.sql')).toEqual(fresh.documentSymbols('/w/long.sql'));
  });

  it('lists what a file alters, nested under the table, with generated names', () => {
    const history = {
      '/w/m/1_a.up.sql': 'CREATE TABLE a (id int, b int);\n',
      '/w/m/2_b.up.sql': 'ALTER TABLE a ADD COLUMN c int REFERENCES a (id), ALTER COLUMN b SET NOT NULL, ADD UNIQUE (b);\nALTER TABLE a RENAME COLUMN c TO d;\n',
    };
    const { navigator } = workspace(history);
    const outline = navigator.documentSymbols('/w/m/2_b.up.sql').map((symbol) => [symbol.name, symbol.detail, symbol.children.map((child) => `${child.kind} ${child.name} ${child.detail ?? ''}`.trim())]);
    expect(outline).toEqual([
      ['a', 'altered', ['column c integer', 'constraint a_c_fkey foreign', 'column b integer, altered', 'constraint a_b_key unique']],
      ['a', 'altered', ['column d integer, renamed']],
    ]);
  });

  it('finds workspace symbols by a fuzzy query, at the names that created them', () => {
    const { navigator, files: texts } = workspace(files);
    // the table at the name it was created under; a generated index name at its statement
    expect(navigator.workspaceSymbols('acc').map((symbol) => `${symbol.kind} ${symbol.name}: ${text(texts, symbol)}`)).toEqual(['table accounts: users', 'index accounts_email_idx: CREATE INDEX ON accounts (email)']);
  });
});

describe('completion', () => {
  const base = {
    '/w/m/1_base.up.sql': 'CREATE SCHEMA app;\nCREATE TABLE customers (id bigint PRIMARY KEY, name text);\nCREATE TABLE app.orders (id bigint, customer_id bigint, "Total" numeric);\nCREATE VIEW v AS SELECT id FROM customers;\nCREATE INDEX customers_name_idx ON customers (name);\n',
  };
  const cases: Array<[string, string[]]> = [
    ['SELECT * FROM ', ['customers', 'orders', 'v']],
    ['INSERT INTO ', ['customers', 'orders']],
    ['SELECT * FROM app.', ['orders']],
    ['SELECT c.| FROM customers c', ['id', 'name']],
    ['SELECT * FROM customers WHERE ', ['id', 'name']],
    ['SELECT * FROM app.orders o JOIN customers c ON ', ['Total', 'customer_id', 'id', 'name']],
    ['UPDATE customers SET ', ['id', 'name']],
    ['INSERT INTO app.orders (id, ', ['Total', 'customer_id', 'id']],
    ['ALTER TABLE app.orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (', ['id', 'name']],
    ['ALTER TABLE customers ALTER COLUMN ', ['id', 'name']],
    ['ALTER TABLE customers DROP CONSTRAINT ', ['customers_pkey']],
    ['ALTER TABLE customers ADD COLUMN ', []],
    ['DROP INDEX IF EXISTS ', ['customers_name_idx', 'customers_pkey']],
    ['CREATE INDEX ON customers USING gin (', ['id', 'name']],
    ['CREATE TABLE ', []],
    ['SELECT 1; ', []],
  ];
  // the cursor is at `|`, or at the end
  for (const [typed, expected] of cases) {
    it(`after "${typed}"`, () => {
      const file = '/w/m/2_typing.up.sql';
      const cursor = typed.includes('|') ? typed.indexOf('|') : typed.length;
      const { navigator } = workspace({ ...base, [file]: typed.replace('|', '') });
      expect(navigator.completions(file, cursor).map((entry) => entry.label).sort()).toEqual(expected);
    });
  }

  it('writes a table outside search_path qualified, and quotes names PostgreSQL would fold or read as keywords', () => {
    const file = '/w/m/2_typing.up.sql';
    const { navigator } = workspace({ ...base, [file]: 'UPDATE ' });
    expect(navigator.completions(file, 7).find((entry) => entry.label === 'orders')?.insertText).toBe('app.orders');
    expect(['order', 'Total', 'größe', 'a"b', 'name'].map(quoteName)).toEqual(['"order"', '"Total"', 'größe', '"a""b"', 'name']);
  });

  it('never throws on any prefix of a migration, at any offset', () => {
    const sample = readFileSync(join('test/e2e/fixtures/workspace/migrations', readdirSync('test/e2e/fixtures/workspace/migrations').sort()[1]), 'utf8') + base['/w/m/1_base.up.sql'] + "SELECT 'x\" $$ (";
    fc.assert(
      fc.property(fc.nat(sample.length), fc.nat(sample.length), (cut, at) => {
        const prefix = sample.slice(0, cut);
        const file = '/w/m/2_typing.up.sql';
        const { navigator } = workspace({ ...base, [file]: prefix });
        const offset = Math.min(at, prefix.length);
        navigator.completions(file, offset);
        navigator.hover(file, offset, () => '');
        navigator.definition(file, offset);
        navigator.references(file, offset, true);
        navigator.documentSymbols(file);
      }),
      { numRuns: 150 },
    );
  });
});

describe('layering', () => {
  it('navigation reads the source and model layers only, and nothing below it imports it', () => {
    const dir = 'server/src/core/navigation';
    const imports = readdirSync(dir).flatMap((name) => [...readFileSync(join(dir, name), 'utf8').matchAll(/from '(\.\.?\/[^']*)'/g)].map((match) => match[1]));
    expect(imports.filter((target) => !/^\.\/|^\.\.\/(source|model)\//.test(target) && target !== '../config')).toEqual([]);
    const users = ['source', 'model', 'fix', 'rules'].flatMap((layer) =>
      readdirSync(`server/src/core/${layer}`, { recursive: true })
        .map(String)
        .filter((name) => name.endsWith('.ts') && readFileSync(join('server/src/core', layer, name), 'utf8').includes('navigation/')),
    );
    expect(users).toEqual([]);
  });
});
