import { describe, expect, it } from 'vitest';
import { careStageAt, monthsAfter, stageStarts } from '../../shared/domain/care-clock.js';
import { limitEndsAt } from '../../shared/domain/care.js';
import { outreachRules } from '../../shared/domain/rules.js';
import { deadlinesOf, stageOf, type TracingCase } from '../../shared/domain/tracing.js';
import { officialCalendar } from '../../shared/rules/calendar.js';

describe('one clock for time in care (rules 5, 7 and 9)', () => {
  // 23:30 CST on 25 November: a late admission, where counting CST dates and counting days part ways.
  const since = '2026-11-25T15:30:00.000Z';
  const tracing = { status: 'open', openedAt: since, timeline: [], alerted: {} } as unknown as TracingCase;

  it('滞留 begins when more than 10 days have passed, the moment rule 9’s limit runs out, not at the start of the 10th CST date', () => {
    // 08:00 CST on 5 December: 9 days and 8½ hours in care.
    expect(stageOf(tracing, new Date('2026-12-05T00:00:00Z'), outreachRules)).toBe('intake');
    const tenDays = limitEndsAt({ admittedAt: since, extensions: [] }, outreachRules);
    expect(stageStarts(since, outreachRules).stranded).toBe(tenDays);
    // Exactly 10 days is not more than 10 days; a moment later it is, for the case, the stay and the limit alike.
    expect(stageOf(tracing, new Date(tenDays), outreachRules)).toBe('intake');
    expect(stageOf(tracing, new Date(Date.parse(tenDays) + 1), outreachRules)).toBe('stranded');
    expect(careStageAt(since, new Date(Date.parse(tenDays) + 1), outreachRules)).toBe('stranded');
    const milestone = deadlinesOf(tracing, new Date('2026-12-05T00:00:00Z'), officialCalendar, outreachRules).find((deadline) => deadline.name === 'stranded');
    expect(milestone).toMatchObject({ dueAt: tenDays, state: 'due' });
  });

  it('3 months from 30 November is the end of February, at the same CST clock time', () => {
    expect(monthsAfter('2026-11-30T02:00:00.000Z', 3)).toBe('2027-02-28T02:00:00.000Z');
    // 04:00 CST on 1 December (still 30 November in UTC): 1 March, 04:00 CST.
    expect(monthsAfter('2026-11-30T20:00:00.000Z', 3)).toBe('2027-02-28T20:00:00.000Z');
    expect(stageOf({ ...tracing, openedAt: '2026-11-30T02:00:00.000Z' }, new Date('2027-02-28T02:30:00Z'), outreachRules)).toBe('long_term');
    expect(stageOf({ ...tracing, openedAt: '2026-11-30T02:00:00.000Z' }, new Date('2027-02-28T01:30:00Z'), outreachRules)).toBe('stranded');
  });
});
