/**
 * Positions in three units meet here:
 * - JavaScript strings and LSP positions count UTF-16 code units;
 * - libpg-query parse-tree `location`s and scanner tokens count UTF-8 bytes;
 * - libpg-query syntax-error `cursorPosition`s count code points.
 * Every conversion between them goes through this file.
 */

/** A zero-based line and UTF-16 character, as LSP defines it. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function isAscii(text: string): boolean {
  return ASCII_ONLY.test(text);
}

/** True when the UTF-16 unit at `index` starts a valid surrogate pair. */
function isPairStart(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  if (unit < 0xd800 || unit > 0xdbff || index + 1 >= text.length) return false;
  const next = text.charCodeAt(index + 1);
  return next >= 0xdc00 && next <= 0xdfff;
}

/** UTF-8 length of the code point that starts at `index` (lone surrogates encode as 3 bytes). */
function utf8Width(text: string, index: number): { bytes: number; units: number } {
  const unit = text.charCodeAt(index);
  if (unit < 0x80) return { bytes: 1, units: 1 };
  if (unit < 0x800) return { bytes: 2, units: 1 };
  if (isPairStart(text, index)) return { bytes: 4, units: 2 };
  return { bytes: 3, units: 1 };
}

/**
 * Maps offsets inside one string between UTF-8 bytes, code points and UTF-16 units.
 * ASCII strings (the common case) need no tables.
 */
export class OffsetMapper {
  private readonly ascii: boolean;
  private byteToUnit?: Int32Array;
  private pointToUnit?: Int32Array;
  private unitToByte?: Int32Array;

  constructor(private readonly text: string) {
    this.ascii = isAscii(text);
  }

  /** UTF-16 index of a UTF-8 byte offset; offsets inside a character snap to its start. */
  utf16FromByte(byteOffset: number): number {
    if (this.ascii) return clamp(byteOffset, 0, this.text.length);
    this.buildTables();
    const table = this.byteToUnit!;
    return table[clamp(byteOffset, 0, table.length - 1)];
  }

  /** UTF-16 index of a code-point offset. */
  utf16FromCodePoint(pointOffset: number): number {
    if (this.ascii) return clamp(pointOffset, 0, this.text.length);
    this.buildTables();
    const table = this.pointToUnit!;
    return table[clamp(pointOffset, 0, table.length - 1)];
  }

  /** UTF-8 byte offset of a UTF-16 index. */
  byteFromUtf16(unitOffset: number): number {
    if (this.ascii) return clamp(unitOffset, 0, this.text.length);
    this.buildTables();
    const table = this.unitToByte!;
    return table[clamp(unitOffset, 0, table.length - 1)];
  }

  private buildTables(): void {
    if (this.byteToUnit) return;
    const text = this.text;
    const bytes: number[] = [];
    const points: number[] = [];
    const unitToByte = new Int32Array(text.length + 1);
    let byte = 0;
    let index = 0;
    while (index < text.length) {
      const { bytes: width, units } = utf8Width(text, index);
      points.push(index);
      for (let k = 0; k < width; k++) bytes.push(index);
      for (let k = 0; k < units; k++) unitToByte[index + k] = byte;
      byte += width;
      index += units;
    }
    bytes.push(text.length);
    points.push(text.length);
    unitToByte[text.length] = byte;
    this.byteToUnit = Int32Array.from(bytes);
    this.pointToUnit = Int32Array.from(points);
    this.unitToByte = unitToByte;
  }
}

/** Line starts of a document, for offset <-> LSP position conversion. */
export class LineIndex {
  /**
   * Counted first, then filled, in an array of exactly that size: a large file is indexed again on
   * every keystroke, and an array grown line by line allocates several times its final size.
   */
  private readonly lineStarts: Uint32Array;

  constructor(private readonly text: string) {
    if (!text.includes('\r')) {
      // the common case, found by the engine's own search rather than a loop over every character
      let count = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
      const starts = new Uint32Array(count);
      let line = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
      this.lineStarts = starts;
      return;
    }
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = Uint32Array.from(starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const target = clamp(offset, 0, this.text.length);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= target) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: target - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return clamp(start + position.character, start, next);
  }

  lineStart(line: number): number {
    return this.lineStarts[clamp(line, 0, this.lineStarts.length - 1)];
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
