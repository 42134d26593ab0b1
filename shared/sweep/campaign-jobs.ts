import { evaluateCampaigns } from '../services/campaigns.js';
import { ruleBookOf } from '../services/rules.js';
import type { SweepJob } from './sweep.js';

/**
 * The hourly campaign evaluation: every area's signals (official first, else the forecast) start,
 * escalate and end campaigns. Forecasts are asked concurrently within a time budget; areas not
 * reached are reported stale at once and still follow their official signals. Safe to run twice: a second run on the same facts writes nothing.
 */
export const campaignEvaluationJob: SweepJob = {
  name: 'campaignEvaluation',
  run: async (deps) => {
    const { ruleBook } = deps;
    const rules = ruleBook ? await ruleBook.current() : ruleBookOf([]);
    const report = await evaluateCampaigns({
      db: deps.db,
      rules,
      // Each district on its rules in force: its overrides, then the national values.
      ...(ruleBook ? { rulesIn: (district: string) => ruleBook.current(district) } : {}),
      now: deps.now,
      ...(deps.forecasts ? { forecasts: deps.forecasts } : {}),
      ...(deps.districts ? { districts: deps.districts } : {}),
      ...(deps.forecastFetching ? { forecastFetching: deps.forecastFetching } : {}),
    });
    return { ...report };
  },
};
