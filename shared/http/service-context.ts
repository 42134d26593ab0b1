import type { Context } from 'hono';
import type { AidContext } from '../services/aid-cases.js';
import type { CareContext } from '../services/care.js';
import type { EncounterContext } from '../services/encounters.js';
import type { FacilityContext } from '../services/facilities.js';
import type { PersonContext } from '../services/persons.js';
import type { PhotoContext } from '../services/photos.js';
import type { PrivacyContext } from '../services/privacy.js';
import type { TracingContext } from '../services/tracing.js';
import type { ReportContext } from '../services/missing-reports.js';
import type { AppEnv } from './context.js';
import type { AreaContext } from '../services/areas.js';
import type { CampaignContext } from '../services/campaigns.js';
import type { RuleContext } from '../services/rules.js';
import type { WarningContext } from '../services/warnings.js';
import { auditContext } from './router.js';

/** What the services need of a request: its dependencies and who is acting. Routes build these and call services. */
export const facilityContext = (c: Context<AppEnv>): FacilityContext => ({ db: c.var.deps.db, audit: auditContext(c), rules: c.var.deps.rules });

export const personContext = (c: Context<AppEnv>): PersonContext => ({
  db: c.var.deps.db,
  idIndexKey: c.var.deps.idIndexKey,
  audit: auditContext(c),
  rules: c.var.deps.rules,
});

export const encounterContext = (c: Context<AppEnv>): EncounterContext => ({ ...personContext(c), calendar: c.var.deps.calendar });

export const aidContext = (c: Context<AppEnv>): AidContext => ({ db: c.var.deps.db, audit: auditContext(c), rules: c.var.deps.rules });

export const careContext = (c: Context<AppEnv>): CareContext => encounterContext(c);

export const tracingContext = (c: Context<AppEnv>): TracingContext => encounterContext(c);

export const reportContext = (c: Context<AppEnv>): ReportContext => ({ db: c.var.deps.db, audit: auditContext(c), rules: c.var.deps.rules });

export const photoContext = (c: Context<AppEnv>): PhotoContext => ({ ...personContext(c), photos: c.var.deps.photos });

/** A person's rights over their information: the records, the photo files and the audit. */
export const privacyContext = (c: Context<AppEnv>): PrivacyContext => photoContext(c);

export const areaContext = (c: Context<AppEnv>): AreaContext => ({ db: c.var.deps.db, audit: auditContext(c) });
export const warningContext = (c: Context<AppEnv>): WarningContext => ({ db: c.var.deps.db, audit: auditContext(c) });
export const campaignContext = (c: Context<AppEnv>): CampaignContext => ({ db: c.var.deps.db, audit: auditContext(c) });
export const ruleContext = (c: Context<AppEnv>): RuleContext => ({ db: c.var.deps.db, audit: auditContext(c), ...(c.var.deps.ruleBook ? { ruleBook: c.var.deps.ruleBook } : {}) });
