import { describe, it, expect } from 'vitest';
import {
  addCalendarDays,
  createWorkingDayCalendar,
  earlierDue,
  type CalendarTimeZone,
  type YearArrangement,
} from '../../shared/domain/calendar.js';

const cal = createWorkingDayCalendar();
/** End of a CST day as an ISO instant. */
const endOf = (date: string): string => new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();

// Fixture, not an official notice: a made-up arrangement for a year the package does not know.
const FIXTURE_2030: YearArrangement = {
  year: 2030,
  source: 'test fixture',
  holidays: ['2030-02-04', '2030-02-05', '2030-02-06', '2030-02-07', '2030-02-08'],
  workdays: ['2030-02-09'],
};

describe('isWorkingDay', () => {
  it('covers the package years 2004–2026', () => {
    const years = cal.coverage().map((c) => c.year);
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBe(2026);
    expect(years).toHaveLength(23);
  });

  // 国务院办公厅关于2026年部分节假日安排的通知 (2025年11月4日), as its text gives the dates: the oracle is
  // the notice, not the package the calendar reads.
  const NOTICE_2026 = {
    holidays: [
      // 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。
      '2026-01-01', '2026-01-02', '2026-01-03',
      // 二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
      // 三、清明节：4月4日（周六）至6日（周一）放假，共3天。
      '2026-04-04', '2026-04-05', '2026-04-06',
      // 四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。
      '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
      // 五、端午节：6月19日（周五）至21日（周日）放假，共3天。
      '2026-06-19', '2026-06-20', '2026-06-21',
      // 六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
      '2026-09-25', '2026-09-26', '2026-09-27',
      // 七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。
      '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
    ],
    // 上班: 1月4日（周日）; 2月14日（周六）、2月28日（周六）; 5月9日（周六）; 9月20日（周日）、10月10日（周六）.
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  };

  it('has every day of 2026 as the State Council’s notice sets it: its holidays off, its swapped weekend days worked, Monday–Friday otherwise', () => {
    const holidays = new Set(NOTICE_2026.holidays);
    const workdays = new Set(NOTICE_2026.workdays);
    expect(holidays.size).toBe(3 + 9 + 3 + 5 + 3 + 3 + 7);
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const weekday = new Date(t).getUTCDay();
      const working = workdays.has(date) || (!holidays.has(date) && weekday !== 0 && weekday !== 6);
      expect(cal.isWorkingDay(date), date).toEqual({ working, provisional: false });
    }
  });

  it('has no 2027 arrangement until the office enters the State Council’s notice: Monday–Friday, provisional', () => {
    expect(cal.coverage().map((c) => c.year)).not.toContain(2027);
    expect(cal.isWorkingDay('2027-01-01')).toEqual({ working: true, provisional: true });
    expect(cal.isWorkingDay('2027-01-02')).toEqual({ working: false, provisional: true });
  });

  it.each([
    ['2026-02-14', true, 'Saturday worked for Spring Festival (调休)'],
    ['2026-02-16', false, 'Monday in Spring Festival'],
    ['2026-02-23', false, 'last Spring Festival day, a Monday'],
    ['2026-02-28', true, 'Saturday worked for Spring Festival'],
    ['2026-09-20', true, 'Sunday worked for National Day'],
    ['2026-10-01', false, 'National Day, a Thursday'],
    ['2026-10-07', false, 'last National Day holiday, a Wednesday'],
    ['2026-10-10', true, 'Saturday worked for National Day'],
    ['2026-03-10', true, 'plain Tuesday'],
    ['2026-03-14', false, 'plain Saturday'],
  ])('%s working=%s (%s)', (date, working) => {
    expect(cal.isWorkingDay(date)).toEqual({ working, provisional: false });
  });

  it('falls back to Monday–Friday, provisional, for an unknown year', () => {
    expect(cal.isWorkingDay('2030-02-04')).toEqual({ working: true, provisional: true });
    expect(cal.isWorkingDay('2030-02-09')).toEqual({ working: false, provisional: true });
  });

  it('uses a loaded arrangement for that year', () => {
    const loaded = createWorkingDayCalendar([FIXTURE_2030]);
    expect(loaded.isWorkingDay('2030-02-04')).toEqual({ working: false, provisional: false });
    expect(loaded.isWorkingDay('2030-02-09')).toEqual({ working: true, provisional: false });
    expect(loaded.isWorkingDay('2030-02-10')).toEqual({ working: false, provisional: false });
    expect(loaded.isWorkingDay('2030-02-11')).toEqual({ working: true, provisional: false });
    expect(loaded.coverage().at(-1)).toEqual({ year: 2030, source: 'test fixture' });
  });

  it('lets a loaded arrangement override the package for its year', () => {
    const amended = createWorkingDayCalendar([{ year: 2026, source: 'amended notice', holidays: [], workdays: [] }]);
    expect(amended.isWorkingDay('2026-10-01')).toEqual({ working: true, provisional: false });
    expect(amended.isWorkingDay('2026-10-10')).toEqual({ working: false, provisional: false });
    expect(amended.coverage().find((c) => c.year === 2026)?.source).toBe('amended notice');
    expect(amended.isWorkingDay('2025-10-01')).toEqual({ working: false, provisional: false });
  });

  it('rejects malformed dates and arrangements', () => {
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2026/03/10')).toThrow(RangeError);
    expect(() => createWorkingDayCalendar([{ ...FIXTURE_2030, workdays: ['2031-01-04'] }])).toThrow(/not in 2030/);
    expect(() => createWorkingDayCalendar([{ ...FIXTURE_2030, workdays: ['2030-02-04'] }])).toThrow(/both/);
    expect(() => createWorkingDayCalendar([FIXTURE_2030, FIXTURE_2030])).toThrow(/two arrangements/);
  });
});

describe('addWorkingDays', () => {
  it('counts from the day after discovery in a plain week', () => {
    expect(cal.addWorkingDays('2026-03-10T15:00:00+08:00', 3)).toEqual({ dueAt: endOf('2026-03-13'), provisional: false });
    expect(cal.addWorkingDays('2026-03-13T09:00:00+08:00', 3)).toEqual({ dueAt: endOf('2026-03-18'), provisional: false });
    expect(endOf('2026-03-13')).toBe('2026-03-13T15:59:59.999Z');
  });

  it('takes the discovery day in China Standard Time', () => {
    // 23:30 CST on Tuesday 10 March vs 00:30 CST on Wednesday 11 March.
    expect(cal.addWorkingDays('2026-03-10T15:30:00Z', 1).dueAt).toBe(endOf('2026-03-11'));
    expect(cal.addWorkingDays(new Date('2026-03-10T16:30:00Z'), 1).dueAt).toBe(endOf('2026-03-12'));
  });

  it('with n = 0 ends the discovery day', () => {
    expect(cal.addWorkingDays('2026-03-14T10:00:00+08:00', 0)).toEqual({ dueAt: endOf('2026-03-14'), provisional: false });
  });

  it('skips Spring Festival and counts its swapped Saturday', () => {
    // Fri 13 Feb → Sat 14 Feb (调休, 1), 15–23 Feb off, Tue 24 (2), Wed 25 (3).
    expect(cal.addWorkingDays('2026-02-13T10:00:00+08:00', 3)).toEqual({ dueAt: endOf('2026-02-25'), provisional: false });
  });

  it('skips National Day and counts its swapped Saturday', () => {
    // Wed 30 Sep → 1–7 Oct off, Thu 8 (1), Fri 9 (2), Sat 10 (调休, 3).
    expect(cal.addWorkingDays('2026-09-30T15:00:00+08:00', 3)).toEqual({ dueAt: endOf('2026-10-10'), provisional: false });
    // 7 working days (rule 4) from intake on Fri 18 Sep: Sun 20 worked (1), 21–24 (2–5),
    // Fri 25 Mid-Autumn off, 28 (6), 29 (7).
    expect(cal.addWorkingDays('2026-09-18T11:00:00+08:00', 7).dueAt).toBe(endOf('2026-09-29'));
  });

  it('is provisional in a year the calendar does not know', () => {
    expect(cal.addWorkingDays('2030-01-31T10:00:00+08:00', 3)).toEqual({ dueAt: endOf('2030-02-05'), provisional: true });
    // Crossing from a known year into an unknown one.
    expect(cal.addWorkingDays('2026-12-30T10:00:00+08:00', 3)).toEqual({ dueAt: endOf('2027-01-04'), provisional: true });
  });

  it('is not provisional once the year is loaded, and respects its holidays', () => {
    const loaded = createWorkingDayCalendar([FIXTURE_2030]);
    // Thu 31 Jan → Fri 1 Feb (1), 4–8 Feb off, Sat 9 Feb worked (2), Mon 11 Feb (3).
    expect(loaded.addWorkingDays('2030-01-31T10:00:00+08:00', 3)).toEqual({ dueAt: endOf('2030-02-11'), provisional: false });
  });

  it('rejects bad input', () => {
    expect(() => cal.addWorkingDays('2026-03-10T10:00:00+08:00', -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026-03-10T10:00:00+08:00', 1.5)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026-03-10T10:00:00', 1)).toThrow(/invalid instant/);
    expect(() => cal.addWorkingDays('yesterday', 1)).toThrow(/invalid instant/);
    expect(() => cal.addWorkingDays('2026-03-10T10:00:00Z', 1, 'Europe/London' as CalendarTimeZone)).toThrow(/time zone/);
  });
});

describe('addCalendarDays and earlierDue (rule 11)', () => {
  it('uses the same end-of-day convention', () => {
    expect(addCalendarDays('2026-03-10T15:00:00+08:00', 3)).toEqual({ dueAt: endOf('2026-03-13'), provisional: false });
    expect(addCalendarDays('2026-02-28T20:00:00Z', 1).dueAt).toBe(endOf('2026-03-02'));
    expect(addCalendarDays('2028-02-28T10:00:00+08:00', 1).dueAt).toBe(endOf('2028-02-29'));
  });

  it('the earlier of 3 working days and 3 calendar days binds', () => {
    const found = '2026-09-30T15:00:00+08:00';
    const working = cal.addWorkingDays(found, 3);
    const calendar = addCalendarDays(found, 3);
    expect(working.dueAt).toBe(endOf('2026-10-10'));
    expect(calendar.dueAt).toBe(endOf('2026-10-03'));
    expect(earlierDue(working, calendar)).toBe(calendar);
    expect(earlierDue(calendar, working)).toBe(calendar);
  });

  it('in a plain week both deadlines coincide', () => {
    const found = '2026-03-10T09:00:00+08:00';
    expect(earlierDue(cal.addWorkingDays(found, 3), addCalendarDays(found, 3)).dueAt).toBe(endOf('2026-03-13'));
  });
});
