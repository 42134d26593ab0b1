/**
 * Domain errors. The data layer and the handlers throw these; the HTTP layer maps each kind to a
 * status and an `application/problem+json` body in one place (`shared/http/problem.ts`).
 */
export type FieldIssue = { path: string; message: string };

export type DomainErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'idempotency_mismatch'
  | 'idempotency_in_flight'
  | 'unprocessable'
  | 'precondition_failed'
  | 'precondition_required'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'too_many_requests';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details: { errors?: FieldIssue[]; [extra: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A request field (or several) is not acceptable. */
export const validationError = (errors: FieldIssue[], message = 'The request is not valid.') =>
  new DomainError('validation', message, { errors });

/** The object does not exist, or the caller may not know that it exists. */
export const notFound = (what: string) => new DomainError('not_found', `${what} was not found.`);

/** The caller's role or jurisdiction does not allow this. */
export const forbidden = (message = 'Your role may not do this.') => new DomainError('forbidden', message);

/** The write conflicts with the current state (a duplicate, a taken bed). */
export const conflict = (message: string, extra: Record<string, unknown> = {}) =>
  new DomainError('conflict', message, extra);

/** The request is well formed but a domain rule forbids it (e.g. rule 9's release to a verified relative only). */
export const unprocessable = (message: string, extra: { errors?: FieldIssue[]; [extra: string]: unknown } = {}) =>
  new DomainError('unprocessable', message, extra);
