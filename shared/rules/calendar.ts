import { createWorkingDayCalendar } from '../domain/calendar.js';
import arrangements from './working-day-arrangements.json' with { type: 'json' };

/**
 * The working-day calendar in force: the package's years plus the official yearly arrangements
 * (国务院办公厅 holiday notices) loaded in `working-day-arrangements.json`. Add a year there when its
 * notice is published; until then its deadlines are computed Monday–Friday and marked provisional.
 */
// createWorkingDayCalendar validates each year against yearArrangementSchema.
export const officialCalendar = createWorkingDayCalendar(arrangements);
