import type { EventPublisher } from '../../shared/events/events.js';

/** Stands in for SNS under `npm start`: prints each event with the attributes subscribers filter on. */
export function localNotifier(write: (line: string) => void = (line) => process.stdout.write(line)): EventPublisher {
  return {
    publish: async (event) => {
      write(`[notify] ${event.kind} district=${event.district} severity=${event.severity} subject=${event.subjectId} at=${event.occurredAt}\n`);
    },
  };
}
