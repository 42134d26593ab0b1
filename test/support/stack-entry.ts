/** A bundle entry for the stack-mapping test: its handler fails inside shared/domain/calendar.ts. */
import { createWorkingDayCalendar } from '../../shared/domain/calendar.js';

export const handler = async () => createWorkingDayCalendar().addWorkingDays('not an instant', 1);
