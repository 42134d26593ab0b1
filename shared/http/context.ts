import type { Actor } from '../domain/access.js';
import type { WorkingDayCalendar } from '../domain/calendar.js';
import type { OutreachRules } from '../domain/rules.js';
import type { PhotoStore } from '../files/photo-store.js';
import type { Db } from '../store/client.js';
import type { TokenVerifier } from './auth.js';
import type { DevTokenIssuer } from './dev-tokens.js';
import type { RuleBookSource } from '../services/rules.js';
import type { ForecastProvider } from '../weather/forecast.js';

/** Everything the app needs from outside, built once per process and injected (tests pass their own). */
export type Deps = {
  stage: string;
  db: Db;
  verifyToken: TokenVerifier;
  /** Key of the blind index over ID numbers (HMAC), so exact lookup needs no number in clear. */
  idIndexKey: string;
  /** Working days (工作日含调休) for statutory deadlines. */
  calendar: WorkingDayCalendar;
  /** The rule values in force. */
  rules: OutreachRules;
  /** The current time; tests pin it. */
  now: () => Date;
  /** Photo files: S3 in the cloud, a local directory under `npm start` and in tests. */
  photos: PhotoStore;
  /**
   * The editable rules in force (`/v1/rules`), read with a short cache; when given, every request
   * runs on them (follow-up intervals, the working-day calendar, campaign thresholds). Without it
   * the defaults of rules.ts apply.
   */
  ruleBook?: RuleBookSource;
  /** Forecasts for campaign evaluation; none: campaigns follow official warnings only. */
  forecasts?: ForecastProvider;
  /** Only in the local stage: signs development tokens. */
  devTokens?: DevTokenIssuer;
};

export type AppEnv = {
  Variables: {
    deps: Deps;
    actor: Actor;
    requestId: string;
    /** The matched route's pattern, for the request log (set by the resource's app, shared/http/app.ts). */
    routePath?: string;
  };
};
