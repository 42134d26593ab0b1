import type { WorkingDayCalendar } from '../domain/calendar.js';
import type { OutreachRules } from '../domain/rules.js';
import { logger } from '../logger.js';
import type { Db } from '../store/client.js';
import { careStagesJob, expiredOffersJob, pendingPlacementsJob } from './care-jobs.js';
import { tracingDeadlinesJob } from './tracing-jobs.js';
import { campaignEvaluationJob } from './campaign-jobs.js';
import type { RuleBookSource } from '../services/rules.js';
import type { ForecastProvider } from '../weather/forecast.js';
import type { PhotoStore } from '../files/photo-store.js';
import { retentionJob } from './retention-jobs.js';

/**
 * The hourly sweep: one module with a list of jobs, run by an EventBridge rule in the cloud
 * (`functions/sweep.ts`) and by a timer under `npm start`. Each job reads an index of due dates
 * (never a scan), is safe to run twice (its writes are conditional), and reports counts. A job
 * that fails does not stop the others; the run fails afterwards so that the failure is seen.
 */
export type SweepDeps = {
  db: Db;
  rules: OutreachRules;
  /** Working days for the tracing clock (rule 4) when no rule book is given; default the official calendar. */
  calendar?: WorkingDayCalendar;
  now: () => Date;
  /** Only these districts (a rerun for one district, tests); default every district with care work. */
  districts?: readonly string[];
  /** The editable rules in force (campaign thresholds and windows); default rules.ts. */
  ruleBook?: RuleBookSource;
  /** Forecasts for the campaign evaluation; none: campaigns follow official warnings only. */
  forecasts?: ForecastProvider;
  /** Concurrency and time budget of the forecast requests (default `forecastFetching`, below the function's timeout). */
  forecastFetching?: { concurrency?: number; budgetMs?: number };
  /** The photo files: the retention job removes those whose purpose was achieved. */
  photos?: PhotoStore;
  /** At most this many records of each kind the retention job looks at per district and run (default `recordKeeping.retentionBatch`). */
  retentionBatch?: number;
};

/** One job of the sweep: a name for the logs and a run that returns what it did, counted. */
export type SweepJob = { name: string; run: (deps: SweepDeps) => Promise<Record<string, number>> };

/** The jobs of the hourly sweep, in order. */
export const sweepJobs: readonly SweepJob[] = [expiredOffersJob, pendingPlacementsJob, careStagesJob, tracingDeadlinesJob, campaignEvaluationJob, retentionJob];

/** What a run did, by job; `failed` names the jobs that threw. */
export type SweepReport = { at: string; jobs: Record<string, Record<string, number>>; failed: string[] };

/** Runs every job once; throws after all have run if any failed. */
export async function runSweep(deps: SweepDeps, jobs: readonly SweepJob[] = sweepJobs): Promise<SweepReport> {
  const report: SweepReport = { at: deps.now().toISOString(), jobs: {}, failed: [] };
  for (const job of jobs) {
    try {
      report.jobs[job.name] = await job.run(deps);
    } catch (error) {
      report.failed.push(job.name);
      logger.error('Sweep job failed', { job: job.name, error });
    }
  }
  logger.info('Sweep done', report);
  if (report.failed.length) throw new Error(`Sweep jobs failed: ${report.failed.join(', ')}`);
  return report;
}

/** Runs the sweep every `intervalMs` (an hour by default) in this process, as the local stand-in for EventBridge; `stop` ends it. */
export function startSweepTimer(deps: SweepDeps, intervalMs = 3_600_000, jobs: readonly SweepJob[] = sweepJobs) {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    // A run still going when the next is due: skip this one.
    if (running) return;
    running = runSweep(deps, jobs)
      .catch((error: unknown) => logger.warn('Sweep run failed', { error }))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
