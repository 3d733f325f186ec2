import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { editStream } from '../../scripts/bench/edits';

const MIGRATION = readFileSync('test/fixtures/bench/migration.sql', 'utf8');

describe('bench edit stream', () => {
  it('replays the same edits for the same seed and others for another', () => {
    const stream = (seed: number) => [...editStream(MIGRATION, 100, seed)];
    expect(stream(7)).toHaveLength(100);
    expect(stream(7)).toEqual(stream(7));
    expect(stream(8)).not.toEqual(stream(7));
  });

  it('gives ranges inside the document as an LSP client holds it, and every operation is undone', () => {
    let document = TextDocument.create('file:///x.sql', 'sql', 1, MIGRATION);
    const edits = [...editStream(MIGRATION, 1000)];
    let backToOriginal = 0;
    for (const [index, edit] of edits.entries()) {
      const { start, end } = edit.change.range;
      for (const position of [start, end]) {
        const lineStart = document.offsetAt({ line: position.line, character: 0 });
        expect(document.positionAt(lineStart + position.character)).toEqual(position);
      }
      document = TextDocument.update(document, [edit.change], index + 2);
      if (document.getText() === MIGRATION) backToOriginal++;
    }
    expect(new Set(edits.map((edit) => edit.kind))).toEqual(new Set(['type', 'delete-line', 'add-line', 'paste']));
    expect(backToOriginal).toBeGreaterThan(100);
  });
});
