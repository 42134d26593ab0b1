import { outreachRules } from '../shared/domain/rules.js';
import { createDb } from '../shared/store/client.js';
import { runSweep } from '../shared/sweep/sweep.js';
import { officialCalendar } from '../shared/rules/calendar.js';
import { ruleBookSource } from '../shared/services/rules.js';
import { openMeteo } from '../shared/weather/forecast.js';

// Cold start: the table only (the sweep reads no token, no ID number and writes no list cursor).
const tableName = process.env['TABLE_NAME'];
if (!tableName) throw new Error('Invalid configuration: TABLE_NAME is required');
const db = createDb(tableName, {}, 'the-sweep-seals-no-cursor');

/** The hourly sweep (EventBridge): every job once; a failed job fails the invocation after the others ran. */
const ruleBook = ruleBookSource(db);
const forecasts = openMeteo();
export const handler = async () => runSweep({ db, rules: outreachRules, calendar: officialCalendar, now: () => new Date(), ruleBook, forecasts });
