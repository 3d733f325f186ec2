/**
 * npm run bench:navigation: how long the editor features take through the protocol, printed as
 * numbers (never asserted in tests). The built server over stdio, a workspace folder holding the
 * 534 KB lago structure.sql from ../shared/corpus (a pg_dump: one history of one file, 2,684
 * statements); each figure is the time from sending the request to its answer, a median where the
 * request is repeated. Typing is simulated with didChange followed at once by the request, as an
 * editor sends them, so a figure after an edit includes the server's reading of the new text.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, Position } from 'vscode-languageserver-protocol/node';
import { CompletionRequest, DefinitionRequest, DocumentSymbolRequest, HoverRequest, ReferencesRequest, WorkspaceSymbolRequest } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer } from '../test/harness/lsp-client';

const LAGO = resolve(__dirname, '../../shared/corpus/lago/structure.sql');
const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const ms = (value: number): string => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;

function line(label: string, value: string, note = ''): void {
  console.log(`${label.padEnd(58)} ${value.padStart(9)}${note ? `  ${note}` : ''}`);
}

async function timed<T>(request: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await request();
  return [result, performance.now() - started];
}

async function main(): Promise<void> {
  if (!existsSync(LAGO)) {
    console.log(`skipped: ${LAGO} is not there`);
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'schemaguard-bench-nav-'));
  mkdirSync(join(root, 'db'));
  const path = join(root, 'db/structure.sql');
  copyFileSync(LAGO, path);
  const uri = pathToFileURL(path).href;
  let text = readFileSync(path, 'utf8');
  const client = await startServer({ rootPath: root });
  try {
    const [, scan] = await timed(() => client.log(/read \d+ migration files/, 60_000));
    line('server start to workspace read', ms(scan));
    client.open(uri, text);
    const [, lint] = await timed(() => client.diagnostics(uri, undefined, 60_000));
    line('open to first diagnostics', ms(lint));

    let version = 1;
    const document = () => TextDocument.create(uri, 'sql', version, text);
    const positionOf = (needle: string, inside = 1): Position => document().positionAt(text.indexOf(needle) + inside);
    const change = (next: string): void => {
      text = next;
      version++;
      client.change(uri, version, [{ text }]);
    };
    const request = {
      hover: (position: Position) => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
      definition: (position: Position) => client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position }),
      references: (position: Position) => client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration: true } }),
      symbols: () => client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }),
      completion: (position: Position) => client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }) as Promise<CompletionItem[]>,
    };
    const repeat = async (fn: () => Promise<unknown>): Promise<number> => {
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) samples.push((await timed(fn))[1]);
      return median(samples);
    };

    // a foreign key's referenced table, about two thirds into the file
    const target = positionOf('REFERENCES public.customers', 'REFERENCES public.'.length + 1);
    const [hover, hoverCold] = await timed(() => request.hover(target));
    line('hover on a table, first request', ms(hoverCold), hover ? '' : '(no hover!)');
    line('hover on a table, again', ms(await repeat(() => request.hover(target))), `median of ${RUNS}`);
    line('definition', ms(await repeat(() => request.definition(target))), `median of ${RUNS}`);
    const [references, referencesCold] = await timed(() => request.references(target));
    line('references, first request', ms(referencesCold), `${references?.length ?? 0} locations`);
    line('references, again', ms(await repeat(() => request.references(target))), `median of ${RUNS}`);
    const [symbols, symbolsCold] = await timed(() => request.symbols());
    line('document symbols, first request', ms(symbolsCold), `${symbols?.length ?? 0} symbols`);
    line('document symbols, again', ms(await repeat(() => request.symbols())), `median of ${RUNS}`);
    line('workspace symbols "inv"', ms(await repeat(() => client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'inv' }))), `median of ${RUNS}`);

    // typing a query at the end of the file: each keystroke a didChange, then a completion request
    const typed = '\nSELECT * FROM customers c WHERE c.';
    change(text + typed);
    const end = (): Position => document().positionAt(text.length);
    const [items, first] = await timed(() => request.completion(end()));
    line('completion after `c.` appended at the end, first', ms(first), `${items.length} items`);
    const keystrokes: number[] = [];
    for (const character of 'external_') {
      change(text + character);
      keystrokes.push((await timed(() => request.completion(end())))[1]);
    }
    line('completion per keystroke at the end', ms(median(keystrokes)), `median of ${keystrokes.length}`);
    const [, hoverAfterEdit] = await timed(() => request.hover(target));
    line('hover after those edits', ms(hoverAfterEdit));
    const [, symbolsAfterEdit] = await timed(() => request.symbols());
    line('document symbols after those edits', ms(symbolsAfterEdit));

    // typing in the middle of the file: what comes after the edit is replayed again
    const middle = text.indexOf('\n\n', Math.floor(text.length / 2)) + 1;
    const inserted = 'SELECT * FROM ';
    change(`${text.slice(0, middle)}${inserted}\n${text.slice(middle)}`);
    const atInsert = (): Position => document().positionAt(middle + inserted.length);
    const [tables, middleFirst] = await timed(() => request.completion(atInsert()));
    line('completion after `FROM ` typed mid-file, first', ms(middleFirst), `${tables.length} items`);
    const middleKeystrokes: number[] = [];
    for (const character of 'cus') {
      const at = middle + inserted.length + middleKeystrokes.length;
      change(`${text.slice(0, at)}${character}${text.slice(at)}`);
      middleKeystrokes.push((await timed(() => request.completion(document().positionAt(at + 1))))[1]);
    }
    line('completion per keystroke mid-file', ms(median(middleKeystrokes)), `median of ${middleKeystrokes.length}`);
    const [, hoverAfterMiddle] = await timed(() => request.hover(positionOf('REFERENCES public.customers', 'REFERENCES public.'.length + 1)));
    line('hover below a mid-file edit', ms(hoverAfterMiddle));
    if (client.stderr()) console.log(`server stderr:\n${client.stderr()}`);
  } finally {
    await client.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
