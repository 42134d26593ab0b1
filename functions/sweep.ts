import { outreachRules } from '../shared/domain/rules.js';
import { createDb } from '../shared/store/client.js';
import { runSweep } from '../shared/sweep/sweep.js';
import { officialCalendar } from '../shared/rules/calendar.js';
import { ruleBookSource } from '../shared/services/rules.js';
import { openMeteo } from '../shared/weather/forecast.js';
import { s3PhotoStore } from '../shared/files/photo-store.js';

// Cold start: the table only (the sweep reads no token, no ID number and writes no list cursor).
const tableName = process.env['TABLE_NAME'];
const photosBucket = process.env['PHOTOS_BUCKET'];
if (!tableName || !photosBucket) throw new Error('Invalid configuration: TABLE_NAME and PHOTOS_BUCKET are required');
const db = createDb(tableName, {}, 'the-sweep-seals-no-cursor');

/** The hourly sweep (EventBridge): every job once; a failed job fails the invocation after the others ran. */
const ruleBook = ruleBookSource(db);
const forecasts = openMeteo();
// The S3 client loads on the first file the retention job removes.
const photos = s3PhotoStore({ bucket: photosBucket, ...(process.env['AWS_REGION'] ? { region: process.env['AWS_REGION'] } : {}) });
export const handler = async () => runSweep({ db, rules: outreachRules, calendar: officialCalendar, now: () => new Date(), ruleBook, forecasts, photos });
