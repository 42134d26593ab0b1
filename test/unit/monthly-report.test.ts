import { describe, expect, it } from 'vitest';
import { buildMonthlyReport, dailyEncounterCounts, datesWindow, monthWindow, reportCsv, reportMonth, type ReportInputs } from '../../shared/domain/monthly-report.js';

const empty: ReportInputs = {
  month: '2026-11',
  district: '500117',
  generatedAt: '2026-12-01T02:00:00.000Z',
  encounters: [],
  facilities: [],
  stays: [],
  placements: [],
  paidAidCases: [],
  closedTracingCases: [],
  openAidCases: [],
  registerStatuses: [],
};

describe('the monthly report', () => {
  it('takes the month in China Standard Time', () => {
    expect(monthWindow('2026-11')).toEqual({ since: '2026-10-31T16:00:00.000Z', until: '2026-11-30T16:00:00.000Z' });
    expect(monthWindow('2026-12')).toEqual({ since: '2026-11-30T16:00:00.000Z', until: '2026-12-31T16:00:00.000Z' });
    expect(reportMonth.safeParse('2026-13').success).toBe(false);
    expect(reportMonth.safeParse('1999-01').success).toBe(false);
  });

  it('counts what falls inside the month and nothing outside', () => {
    const report = buildMonthlyReport({
      ...empty,
      encounters: [
        { occurredAt: '2026-10-31T15:59:59.999Z', personId: 'a', actions: [] }, // 23:59 CST on 31 Oct
        { occurredAt: '2026-10-31T16:00:00.000Z', personId: 'a', actions: ['escorted_to_station'] }, // 00:00 CST on 1 Nov
        { occurredAt: '2026-11-15T04:00:00.000Z', personId: 'b', actions: ['refused_help'] },
      ],
      facilities: [{ id: 'f1', type: 'aid_station' }, { id: 'f2', type: 'welfare_home' }],
      stays: [
        { id: 's1', personId: 'a', facilityId: 'f1', district: '500117', bedSex: 'male', status: 'ended', admittedAt: '2026-11-01T01:00:00.000Z', via: 'escorted_by_patrol', discharge: { reason: 'collected_by_family', at: '2026-11-03T01:00:00.000Z' } },
        { id: 's2', personId: 'c', facilityId: 'f2', district: '500117', bedSex: 'female', status: 'open', admittedAt: '2026-11-20T01:00:00.000Z', via: 'transfer' },
        { id: 's3', personId: 'd', facilityId: 'f1', district: '500117', bedSex: 'male', status: 'open', admittedAt: '2026-09-20T01:00:00.000Z', via: 'police' },
      ],
      paidAidCases: [
        { dueAt: '2026-11-05T15:59:59.999Z', payment: { amount: 300, at: '2026-11-04T01:00:00.000Z', paidBy: 'x' } },
        { dueAt: '2026-11-05T15:59:59.999Z', payment: { amount: 200.5, at: '2026-11-07T01:00:00.000Z', paidBy: 'x' } },
        { dueAt: '2026-10-05T15:59:59.999Z', payment: { amount: 100, at: '2026-10-04T01:00:00.000Z', paidBy: 'x' } },
      ],
      openAidCases: [{ dueAt: '2026-11-30T15:59:59.999Z' }, { dueAt: '2026-12-02T15:59:59.999Z' }],
      registerStatuses: ['on_street', 'on_street', 'in_care'],
    });
    expect(report.encounters).toEqual({ total: 2, personsMet: 2, escortedToStation: 1, refusedHelp: 1 });
    expect(report.admissions).toEqual({ total: 2, byFacilityType: { aid_station: 1, welfare_home: 1 }, byVia: { escorted_by_patrol: 1, transfer: 1 }, byBedSex: { male: 1, female: 1 } });
    expect(report.discharges).toEqual({ total: 1, byReason: { collected_by_family: 1 } });
    expect(report.emergencyAid).toEqual({ paid: 2, paidOnTime: 1, amountYuan: 500.5, openOverdueNow: 1 });
    expect(report.reunions).toEqual({ total: 0, dischargedToFamily: 1, source: 'tracing_cases' });
    // Tracing cases closed by reunion in the month count; other closings and other months do not.
    const closed = buildMonthlyReport({
      ...empty,
      closedTracingCases: [
        { closedAt: '2026-11-10T02:00:00.000Z', closeReason: 'reunited' },
        { closedAt: '2026-11-11T02:00:00.000Z', closeReason: 'left_care' },
        { closedAt: '2026-10-31T15:59:00.000Z', closeReason: 'reunited' },
      ],
    });
    expect(closed.reunions.total).toBe(1);
    expect(report.register).toEqual({ total: 3, byStatus: { on_street: 2, in_care: 1 } });
  });

  it('writes CSV with a BOM, quoting, and no formula a spreadsheet would run', () => {
    const csv = reportCsv(buildMonthlyReport({ ...empty, district: '=HYPERLINK("x")' }));
    expect(csv.startsWith('\uFEFF分类,项目,数值\r\n')).toBe(true);
    expect(csv).toContain(`报表,区县,"'=HYPERLINK(""x"")"`);
    expect(csv).toContain('寻亲,寻亲团聚,0');
  });

  it('counts encounters per CST day, zeros included', () => {
    expect(datesWindow('2026-11-01', '2026-11-02')).toEqual({ since: '2026-10-31T16:00:00.000Z', until: '2026-11-02T15:59:59.999Z' });
    expect(dailyEncounterCounts(['2026-10-31T16:30:00.000Z', '2026-11-01T15:59:00.000Z', '2026-11-02T01:00:00.000Z', '2026-10-31T15:00:00.000Z'], '2026-11-01', '2026-11-03')).toEqual([
      { date: '2026-11-01', encounters: 2 },
      { date: '2026-11-02', encounters: 1 },
      { date: '2026-11-03', encounters: 0 },
    ]);
  });
});
