import { DomainError } from '../domain/errors.js';

/**
 * Contended care writes (admissions, discharges, placements, transfers, waitlists): each plans on
 * strong reads and writes one transaction whose conditions hold only if nothing changed meanwhile.
 * One copy of how such a step is told apart from a refusal and tried again.
 */

/** The records a step read changed between the reads and the write: plan the step again. */
export class ChangedMeanwhile extends DomainError {
  constructor(message = 'The records changed meanwhile.') {
    super('conflict', message);
  }
}

/** The 409 "busy, retry in a moment" (with Retry-After) once a step kept meeting changes. */
export const busy = (message = 'The records are being changed by someone else; retry in a moment.') =>
  new DomainError('conflict', message, { headers: { 'retry-after': '1' } });

/** Whether an error is the "busy, retry in a moment" conflict of contended writes (it carries Retry-After), not a refusal. */
export const isBusy = (error: unknown) =>
  error instanceof DomainError && error.kind === 'conflict' && Boolean((error.details['headers'] as Record<string, string> | undefined)?.['retry-after']);

/** A short pause with jitter before trying a contended write again, longer each round. */
export const pause = (round: number) => new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80 * round));

/** Runs a read-plan-write step again while it meets a change or a busy write; past `attempts`, a 409 to retry. */
export async function withRetries<T>(step: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      const again = error instanceof ChangedMeanwhile || isBusy(error);
      if (!again || attempt >= attempts) throw error instanceof ChangedMeanwhile ? busy() : error;
      await pause(attempt);
    }
  }
}
