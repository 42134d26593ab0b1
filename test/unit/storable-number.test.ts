import { describe, expect, it } from 'vitest';
import { storableNumber } from '../../shared/domain/common.js';
import { schemaOf } from '../../shared/domain/rule-registry.js';

describe('numbers the store can hold', () => {
  it('accepts 0 and magnitudes from 1e-130 to below 1e126, refuses the rest with a message', () => {
    const schema = storableNumber();
    for (const value of [0, 1e-130, -1e-130, 1, -42.5, 9.99e125, -9.99e125]) expect(schema.safeParse(value).success, String(value)).toBe(true);
    for (const value of [1e-131, -1e-300, 5e-324, 1e126, -1e200, Number.MAX_VALUE]) {
      const parsed = schema.safeParse(value);
      expect(parsed.success, String(value)).toBe(false);
      expect(parsed.error?.issues[0]?.message, String(value)).toMatch(/storable/);
    }
  });

  it('holds a rule value whose schema is derived from the default’s shape to the same bounds', () => {
    const schema = schemaOf({ days: 3, offset: -1 });
    expect(schema.safeParse({ days: 5, offset: -2 }).success).toBe(true);
    expect(schema.safeParse({ days: 1e200, offset: -2 }).success).toBe(false);
    expect(schema.safeParse({ days: 5, offset: -1e-300 }).success).toBe(false);
  });
});
