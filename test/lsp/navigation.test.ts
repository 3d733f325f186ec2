/**
 * Navigation through the protocol: the built server over stdio, a workspace folder holding a
 * golang-migrate history on disk, hover / definition / references / symbols / completion.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, DocumentSymbol, Hover, Location, MarkupContent, Position, Range, SymbolInformation } from 'vscode-languageserver-protocol/node';
import { CompletionRequest, DefinitionRequest, DocumentSymbolRequest, HoverRequest, ReferencesRequest, WorkspaceSymbolRequest } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../harness/lsp-client';
import { startServer } from '../harness/lsp-client';

const FILES: Record<string, string> = {
  '000001_customers.up.sql': 'CREATE TABLE customers (\n  id bigint PRIMARY KEY,\n  "Straße" text\n);\n',
  '000001_customers.down.sql': 'DROP TABLE customers;\n',
  '000002_orders.up.sql':
    'CREATE TABLE orders (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  customer_id bigint NOT NULL REFERENCES customers (id)\n);\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n',
  // an emoji before the name: UTF-16 columns differ from UTF-8 bytes and from code points
  '000003_größe.up.sql': '-- 📦 sizes\nALTER TABLE orders ADD COLUMN größe text NOT NULL DEFAULT \'\';\n',
  '000004_report.up.sql': 'SELECT o.größe, c."Straße" FROM orders o JOIN customers c ON c.id = o.customer_id;\n',
};

let root: string;
let client: TestClient;

const path = (name: string): string => join(root, 'migrations', name);
const uri = (name: string): string => pathToFileURL(path(name)).href;

/** The position of the `occurrence`-th `needle` in a file's text, `inside` characters into it. */
function at(name: string, needle: string, occurrence = 0, inside = 1): Position {
  const text = FILES[name];
  let offset = -1;
  for (let k = 0; k <= occurrence; k++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`${needle} not in ${name}`);
  return TextDocument.create('x', 'sql', 1, text).positionAt(offset + inside);
}

/** The range of the `occurrence`-th `needle` in a file. */
function rangeOf(name: string, needle: string, occurrence = 0): Range {
  const start = at(name, needle, occurrence, 0);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

function where(locations: Location[]): string[] {
  return locations.map((location) => `${basename(decodeURIComponent(location.uri))} ${location.range.start.line}:${location.range.start.character}-${location.range.end.line}:${location.range.end.character}`);
}

const references = (name: string, position: Position, includeDeclaration: boolean) =>
  client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: uri(name) }, position, context: { includeDeclaration } }) as Promise<Location[]>;

const hover = (name: string, position: Position) => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri(name) }, position }) as Promise<Hover | null>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'schemaguard-nav-'));
  mkdirSync(join(root, 'migrations'));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(path(name), text);
  client = await startServer({ rootPath: root });
  await client.log(/read \d+ migration files/);
  for (const name of ['000002_orders.up.sql', '000004_report.up.sql']) client.open(uri(name), FILES[name]);
  await client.diagnostics(uri('000004_report.up.sql'));
});

afterAll(async () => {
  await client?.close();
});

describe('navigation over the protocol', () => {
  it('announces the navigation capabilities', () => {
    const capabilities = client.initializeResult.capabilities;
    expect(capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, referencesProvider: true, documentSymbolProvider: true, workspaceSymbolProvider: true });
    expect(capabilities.completionProvider?.triggerCharacters).toContain('.');
  });

  it('hovers a column added by a later migration: its type and a link to that migration', async () => {
    const result = await hover('000004_report.up.sql', at('000004_report.up.sql', 'größe'));
    expect(result?.range).toEqual(rangeOf('000004_report.up.sql', 'größe'));
    const markdown = (result?.contents as MarkupContent).value;
    expect(markdown).toContain('`orders.größe` text not null');
    // line 2 of the migration: the comment is line 1
    expect(markdown).toContain(`](${uri('000003_größe.up.sql')}#L2)`);
  });

  it('hovers a table: its columns after the whole history, keys and indexes, created and last changed', async () => {
    const result = await hover('000004_report.up.sql', at('000004_report.up.sql', 'orders'));
    const markdown = (result?.contents as MarkupContent).value;
    expect(markdown).toContain('| `id` | bigint | not null |');
    expect(markdown).toContain("| `größe` | text | not null | `''` |");
    expect(markdown).toContain('`orders_customer_id_fkey` (customer_id) → `customers` (id)');
    expect(markdown).toContain('`orders_customer_id_idx` btree (customer_id)');
    const links = [...markdown.matchAll(/\]\(([^)]+)\)/g)].map((match) => match[1]);
    expect(links).toEqual([`${uri('000002_orders.up.sql')}#L1`, `${uri('000003_größe.up.sql')}#L2`]);
  });

  it('hovers a quoted column through a table alias', async () => {
    const result = await hover('000004_report.up.sql', at('000004_report.up.sql', '"Straße"', 0, 2));
    expect(result?.range).toEqual(rangeOf('000004_report.up.sql', '"Straße"'));
    expect((result?.contents as MarkupContent).value).toContain('`customers.Straße` text');
  });

  it('answers null where there is no name of the schema', async () => {
    expect(await hover('000004_report.up.sql', at('000004_report.up.sql', 'SELECT'))).toBeNull();
  });

  it('goes to the definition in another migration file', async () => {
    const column = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('000004_report.up.sql') }, position: at('000004_report.up.sql', 'größe') })) as Location[];
    expect(column).toEqual([{ uri: uri('000003_größe.up.sql'), range: rangeOf('000003_größe.up.sql', 'größe') }]);
    const table = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('000002_orders.up.sql') }, position: at('000002_orders.up.sql', 'customers') })) as Location[];
    expect(table).toEqual([{ uri: uri('000001_customers.up.sql'), range: rangeOf('000001_customers.up.sql', 'customers') }]);
    const joined = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('000004_report.up.sql') }, position: at('000004_report.up.sql', 'customer_id') })) as Location[];
    expect(joined).toEqual([{ uri: uri('000002_orders.up.sql'), range: rangeOf('000002_orders.up.sql', 'customer_id') }]);
  });

  it('finds the references of a column across the history', async () => {
    const found = await references('000002_orders.up.sql', at('000002_orders.up.sql', 'customer_id'), true);
    const line = (name: string, needle: string, occurrence = 0) => {
      const range = rangeOf(name, needle, occurrence);
      return `${name} ${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
    };
    expect(where(found)).toEqual([
      line('000002_orders.up.sql', 'customer_id'),
      line('000002_orders.up.sql', 'customer_id', 2),
      line('000004_report.up.sql', 'customer_id'),
    ]);
    const withoutDeclaration = await references('000002_orders.up.sql', at('000002_orders.up.sql', 'customer_id'), false);
    expect(where(withoutDeclaration)).toEqual(where(found).slice(1));
  });

  it('finds the references of a table in every statement that names it, the down migration included', async () => {
    const found = await references('000004_report.up.sql', at('000004_report.up.sql', 'customers'), true);
    expect(where(found).map((entry) => entry.split(' ')[0])).toEqual(['000001_customers.up.sql', '000002_orders.up.sql', '000004_report.up.sql', '000001_customers.down.sql']);
  });

  it('lists the symbols of a file: the table with its columns and constraints, and the index', async () => {
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uri('000002_orders.up.sql') } })) as DocumentSymbol[];
    const outline = (list: DocumentSymbol[]): unknown[] => list.map((symbol) => (symbol.children?.length ? [symbol.name, symbol.kind, outline(symbol.children)] : [symbol.name, symbol.kind]));
    expect(outline(symbols)).toEqual([
      ['orders', 5, [['id', 8], ['orders_pkey', 7], ['customer_id', 8], ['orders_customer_id_fkey', 7]]],
      ['orders_customer_id_idx', 20],
    ]);
    expect(symbols[0].selectionRange).toEqual(rangeOf('000002_orders.up.sql', 'orders'));
    expect(symbols[0].children![2].range).toEqual({ start: at('000002_orders.up.sql', 'customer_id', 0, 0), end: at('000002_orders.up.sql', '(id)', 0, 4) });
    expect(symbols[1].selectionRange).toEqual(rangeOf('000002_orders.up.sql', 'orders_customer_id_idx'));
  });

  it('finds tables and indexes of the workspace by name', async () => {
    const symbols = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'ordcus' })) as SymbolInformation[];
    expect(symbols.map((symbol) => `${symbol.name} ${symbol.kind} ${symbol.containerName}`)).toEqual(['orders_customer_id_idx 20 orders']);
    expect(where(symbols.map((symbol) => symbol.location))).toEqual([`000002_orders.up.sql ${(() => {
      const range = rangeOf('000002_orders.up.sql', 'orders_customer_id_idx');
      return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
    })()}`]);
  });
});

describe('completion over the protocol', () => {
  let version = 1;

  async function complete(text: string, documentUri = uri('000005_draft.up.sql')): Promise<CompletionItem[]> {
    if (version === 1) client.open(documentUri, text);
    else client.change(documentUri, version, [{ text }]);
    version++;
    const position = TextDocument.create(documentUri, 'sql', 1, text).positionAt(text.length);
    const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: documentUri }, position });
    return (Array.isArray(result) ? result : (result?.items ?? [])) as CompletionItem[];
  }

  const labels = (items: CompletionItem[]): string[] => items.map((item) => item.label).sort();

  it('offers the columns of an aliased table after `alias.` in a half-typed statement', async () => {
    const items = await complete('SELECT * FROM orders o WHERE o.');
    expect(labels(items)).toEqual(['customer_id', 'größe', 'id']);
  });

  it('offers tables after FROM, and quotes what must be quoted', async () => {
    const items = await complete('CREATE TABLE "Audit Log" (id int);\nSELECT * FROM ');
    expect(labels(items)).toEqual(['Audit Log', 'customers', 'orders']);
    expect(items.find((item) => item.label === 'Audit Log')?.textEdit?.newText).toBe('"Audit Log"');
  });

  it('offers the columns of the index table inside CREATE INDEX ... ON t (, and replaces the part typed', async () => {
    const text = 'CREATE INDEX ON customers ("Str';
    const items = await complete(text);
    expect(labels(items)).toEqual(['Straße', 'id']);
    const straße = items.find((item) => item.label === 'Straße')!;
    expect(straße.textEdit).toEqual({ range: { start: { line: 0, character: text.length - 4 }, end: { line: 0, character: text.length } }, newText: '"Straße"' });
  });

  it('offers the columns of ALTER TABLE t ... COLUMN, including those this file added before the cursor', async () => {
    const items = await complete('ALTER TABLE customers ADD COLUMN note text;\nALTER TABLE customers DROP COLUMN ');
    expect(labels(items)).toEqual(['Straße', 'id', 'note']);
  });

  it('offers nothing where no name of the schema goes, and in a file outside any history only what the file made', async () => {
    expect(await complete('CREATE TABLE ')).toEqual([]);
    expect(await complete("SELECT 'never closed")).toEqual([]);
    version = 1;
    const untitled = 'untitled:Untitled-1';
    expect(labels(await complete('CREATE TABLE t (a int, b text);\nUPDATE t SET ', untitled))).toEqual(['a', 'b']);
    expect(client.stderr()).toBe('');
  });
});
