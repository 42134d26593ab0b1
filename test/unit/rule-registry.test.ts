import { describe, expect, it } from 'vitest';
import { editableRule, editableRules, findRule } from '../../shared/domain/rule-registry.js';

describe('the editable rules registry', () => {
  it('validates with each rule’s schema: its default passes, a value of another shape does not', () => {
    for (const rule of editableRules) {
      expect(rule.schema.safeParse(rule.defaultValue).success, rule.name).toBe(true);
      expect(rule.schema.safeParse({ unexpected: true }).success, rule.name).toBe(false);
    }
    expect(findRule('weather.national')?.schema.safeParse({ ...editableRules[0].defaultValue, heat: null }).success).toBe(false);
  });

  it('builds a rule’s schema once, on its first use', () => {
    let builds = 0;
    const rule = editableRule('example', { days: 3 }, 'test', () => {
      builds += 1;
      return editableRules[3].schema as never;
    });
    expect(builds).toBe(0);
    expect(rule.schema).toBe(rule.schema);
    expect(builds).toBe(1);
  });

  it('derives a schema from the default’s shape when none is given', () => {
    const rule = editableRule('example', { days: 3, names: ['a'] }, 'test');
    expect(rule.schema.safeParse({ days: 5, names: [] }).success).toBe(true);
    expect(rule.schema.safeParse({ days: -1, names: [] }).success).toBe(false);
    expect(rule.schema.safeParse({ days: 5, names: [], extra: 1 }).success).toBe(false);
  });
});
