import { describe, expect, it } from 'vitest';
import { remembered } from '../../shared/domain/remembered.js';

describe('remembered', () => {
  it('works a value out once per input and gives the same result again', () => {
    const seen: string[] = [];
    const length = remembered((text: string) => {
      seen.push(text);
      return { length: [...text].length };
    });
    const first = length('王小明');
    expect(length('王小明')).toBe(first);
    expect(length('李')).toEqual({ length: 1 });
    expect(seen).toEqual(['王小明', '李']);
  });

  it('remembers an undefined result too', () => {
    let calls = 0;
    const nothing = remembered(() => {
      calls += 1;
      return undefined;
    });
    nothing('a');
    nothing('a');
    expect(calls).toBe(1);
  });

  it('holds inputs of at most `maxChars` characters in all: a full cache is dropped and filled again', () => {
    let calls = 0;
    const upper = remembered((text: string) => {
      calls += 1;
      return text.toUpperCase();
    }, 4);
    upper('ab');
    upper('cd');
    upper('e'); // 5 characters: drops ab and cd
    expect(calls).toBe(3);
    upper('e');
    expect(calls).toBe(3);
    expect(upper('ab')).toBe('AB');
    expect(calls).toBe(4);
    // An input longer than the whole cache is worked out every time, never kept.
    upper('abcdef');
    upper('abcdef');
    expect(calls).toBe(6);
    upper('e');
    expect(calls).toBe(6);
  });
});
