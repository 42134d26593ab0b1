/** A bundle entry for the stack-mapping test: its handler fails inside shared/domain/calendar.ts. */
import { createWorkingDayCalendar } from '../../shared/domain/calendar.js';

export const handler = async () => createWorkingDayCalendar().addWorkingDays('not an instant', 1);

/** Fails inside a module loaded on first use (a chunk under chunks/, as route modules are). */
export const chunkHandler = async () => (await import('./stack-chunk.js')).refuse();
