import { describe, expect, it } from 'vitest';
import { LineIndex, OffsetMapper } from '../../server/src/core/source/text';

describe('OffsetMapper', () => {
  it('is the identity on ASCII', () => {
    const mapper = new OffsetMapper('CREATE INDEX i ON t (c);');
    expect(mapper.utf16FromByte(13)).toBe(13);
    expect(mapper.utf16FromCodePoint(13)).toBe(13);
    expect(mapper.byteFromUtf16(13)).toBe(13);
  });

  it('converts around é (2 UTF-8 bytes, 1 UTF-16 unit, 1 code point)', () => {
    const text = "SELECT 'é', x";
    const mapper = new OffsetMapper(text);
    const x = text.indexOf('x'); // 12 in UTF-16
    expect(x).toBe(12);
    expect(mapper.utf16FromByte(13)).toBe(12);
    expect(mapper.byteFromUtf16(12)).toBe(13);
    expect(mapper.utf16FromCodePoint(12)).toBe(12);
  });

  it('converts around an emoji (4 UTF-8 bytes, 2 UTF-16 units, 1 code point)', () => {
    const text = "SELECT '😀', x";
    const mapper = new OffsetMapper(text);
    const x = text.indexOf('x');
    expect(x).toBe(13);
    expect(mapper.utf16FromByte(15)).toBe(13); // 8 + 4 + 3
    expect(mapper.byteFromUtf16(13)).toBe(15);
    expect(mapper.utf16FromCodePoint(12)).toBe(13); // one code point for the emoji
  });

  it('snaps offsets inside a character to its start and clamps out-of-range offsets', () => {
    const mapper = new OffsetMapper('a😀b');
    expect(mapper.utf16FromByte(2)).toBe(1);
    expect(mapper.utf16FromByte(99)).toBe(4);
    expect(mapper.utf16FromByte(-5)).toBe(0);
  });

  it('counts a lone surrogate as 3 bytes, as the parser receives it', () => {
    const text = 'a\ud800b';
    const mapper = new OffsetMapper(text);
    expect(mapper.byteFromUtf16(2)).toBe(4);
    expect(mapper.utf16FromByte(4)).toBe(2);
  });
});

describe('LineIndex', () => {
  it('maps offsets to LSP positions for \\n, \\r\\n and \\r line breaks', () => {
    const text = 'a\nbé\r\nc\rd😀e';
    const lines = new LineIndex(text);
    expect(lines.lineCount).toBe(4);
    expect(lines.positionAt(text.indexOf('c'))).toEqual({ line: 2, character: 0 });
    expect(lines.positionAt(text.indexOf('e'))).toEqual({ line: 3, character: 3 });
    expect(lines.offsetAt({ line: 3, character: 3 })).toBe(text.indexOf('e'));
    expect(lines.positionAt(text.length + 10)).toEqual({ line: 3, character: 4 });
  });

  it('indexes a text with \\n line breaks only, an empty one and a trailing line break', () => {
    const text = 'ab\n\ncd\n';
    const lines = new LineIndex(text);
    expect(lines.lineCount).toBe(4);
    for (let offset = 0; offset <= text.length; offset++) expect(lines.offsetAt(lines.positionAt(offset))).toBe(offset);
    expect(lines.positionAt(text.indexOf('c'))).toEqual({ line: 2, character: 0 });
    expect(lines.lineStart(3)).toBe(text.length);
    const empty = new LineIndex('');
    expect(empty.lineCount).toBe(1);
    expect(empty.positionAt(5)).toEqual({ line: 0, character: 0 });
  });

  it('clamps positions past the end of a line to the line', () => {
    const lines = new LineIndex('ab\ncd');
    expect(lines.offsetAt({ line: 0, character: 50 })).toBe(3);
    expect(lines.offsetAt({ line: 9, character: 0 })).toBe(5);
  });
});
