import { describe, expect, it } from 'vitest';
import { applyEdits, editTowards } from '../../server/src/core/fix/edits';

describe('editTowards', () => {
  it('replaces only the part between the common start and end', () => {
    expect(editTowards('CREATE TABLE a;\nALTER TABLE a ADD b int;\nCOMMIT;\n', 'CREATE TABLE a;\nCOMMIT;\n')).toEqual({ start: 16, end: 41, newText: '' });
  });

  it('turns the text into the target', () => {
    const pairs: [string, string][] = [
      ['abc', 'abc'],
      ['', 'x'],
      ['x', ''],
      ['aa', 'aaa'],
      ['aaa', 'aa'],
      ['ab\r\ncd', 'ab\ncd'],
      ['select 1;', 'SELECT 2;'],
    ];
    for (const [text, target] of pairs) expect(applyEdits(text, [editTowards(text, target)])).toBe(target);
  });

  it('is empty for equal texts', () => {
    expect(editTowards('same', 'same')).toEqual({ start: 4, end: 4, newText: '' });
  });

  it('never lets the common start and end overlap', () => {
    expect(editTowards('aa', 'aaa')).toEqual({ start: 2, end: 2, newText: 'a' });
  });
});
