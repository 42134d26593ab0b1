import type { Actor } from '../domain/access.js';
import type { WorkingDayCalendar } from '../domain/calendar.js';
import type { OutreachRules } from '../domain/rules.js';
import { officialCalendar } from '../rules/calendar.js';
import { alertsOwed, markAlerted, type OwedAlert, type TracingCase } from '../domain/tracing.js';
import { eventPut } from '../events/events.js';
import { auditPut } from '../store/audit.js';
import { readConsistently } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import { careDistricts } from '../store/stays.js';
import { fromTracingItem, tracingCaseReplace, tracingCasesNeedingAttention } from '../store/tracing.js';
import { TransactionCancelled, transactWrite } from '../store/transact.js';
import { clockOf } from '../services/tracing.js';
import { inDistrict } from './district-rules.js';
import type { SweepDeps, SweepJob } from './sweep.js';

const sweeper: Actor = { sub: 'system:sweep', roles: ['admin'] };

/** Tasks overdue are urgent; a warning or a stage reached is information. */
const severityOf = (alert: OwedAlert) => (alert.state === 'overdue' ? 'urgent' : 'info');

/**
 * Rules 3–7 on the clock: for every case the sweep must look at now (GSI3, by next attention
 * time), one `tracing_deadline` event per deadline, due date and state (coming due within a day,
 * overdue, a stage reached), written with the case marked in one transaction conditioned on the
 * case's version: two runs, or a run racing a tracer's step, never send an alert twice. The case
 * moves on the index to its next moment, or off it.
 */
async function alertCase(deps: SweepDeps, clock: { calendar: WorkingDayCalendar; rules: OutreachRules }, tracing: TracingCase): Promise<number> {
  const now = deps.now();
  const { deadlines } = clockOf(tracing, now, clock);
  const owed = alertsOwed(tracing, deadlines, now, clock.rules);
  const marked: TracingCase = { ...tracing, alerted: markAlerted(tracing, owed), version: tracing.version + 1 };
  const items = [
    tracingCaseReplace(deps.db, marked, clockOf(marked, now, clock).derived, tracing.version),
    ...owed.map((alert) =>
      eventPut(deps.db, {
        kind: 'tracing_deadline',
        district: tracing.district,
        severity: severityOf(alert),
        occurredAt: now.toISOString(),
        subjectId: tracing.personId,
        facilityId: tracing.facilityId,
        payload: {
          personId: tracing.personId, cycle: tracing.cycle, deadline: alert.name, state: alert.state, dueAt: alert.dueAt,
          // A working-day due date in a year whose holiday arrangement is not loaded is a Monday–Friday guess.
          provisional: deadlines.find((deadline) => deadline.name === alert.name)?.provisional ?? false,
          facilityId: tracing.facilityId, district: tracing.district,
        },
      }),
    ),
    ...(owed.length
      ? [auditPut(deps.db, { actor: sweeper, requestId: `sweep-${now.toISOString()}`, now }, {
          action: 'tracing.alert', subjectType: 'person', subjectId: tracing.personId, reason: owed.map((alert) => `${alert.name}:${alert.state}`).join(', '),
        })]
      : []),
  ];
  // A transaction holds at most 100 items; a case owes at most a handful of alerts.
  try {
    await transactWrite(deps.db, items);
    return owed.length;
  } catch (error) {
    if (error instanceof TransactionCancelled) return -1;
    throw error;
  }
}

/** Tracing deadlines, every district with care work: one GSI3 query each, the cases read strongly in batches. */
export const tracingDeadlinesJob: SweepJob = {
  name: 'tracing-deadlines',
  run: async (deps) => {
    const now = deps.now();
    const counts = { districts: 0, cases: 0, alerts: 0, skipped: 0 };
    for (const district of deps.districts ?? (await careDistricts(deps.db))) {
      counts.districts += 1;
      // The rules in force in the district (rule book: its overrides, then the national values), else the shipped values.
      const local = await inDistrict(deps, district);
      const clock = { calendar: local.calendar ?? officialCalendar, rules: local.rules };
      const personIds = await tracingCasesNeedingAttention(deps.db, district, now.toISOString());
      for (let start = 0; start < personIds.length; start += 100) {
        const batch = personIds.slice(start, start + 100);
        const items = await readConsistently(deps.db, batch.map((id) => keys.tracingCase(id)));
        for (const personId of batch) {
          const tracing = fromTracingItem(items.get(keys.tracingCase(personId).pk));
          if (!tracing || tracing.status !== 'open') continue;
          counts.cases += 1;
          const sent = await alertCase(deps, clock, tracing);
          if (sent < 0) counts.skipped += 1;
          else counts.alerts += sent;
        }
      }
    }
    return counts;
  },
};
