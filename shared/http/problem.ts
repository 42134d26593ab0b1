import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { DomainError, type DomainErrorKind, type FieldIssue } from '../domain/errors.js';

/** RFC 9457 problem details, the body of every error response. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldIssue[];
  [extension: string]: unknown;
};

const kinds: Record<DomainErrorKind, { status: number; title: string }> = {
  validation: { status: 400, title: 'Invalid request' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  idempotency_in_flight: { status: 409, title: 'Request in progress' },
  precondition_failed: { status: 412, title: 'Precondition failed' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  idempotency_mismatch: { status: 422, title: 'Idempotency key reused' },
  unprocessable: { status: 422, title: 'Refused by a rule' },
  precondition_required: { status: 428, title: 'Precondition required' },
  too_many_requests: { status: 429, title: 'Too many requests' },
};

const typeUri = (slug: string) => `https://outreach.example.gov.cn/problems/${slug}`;

/** Turns zod issues into `{path, message}` pairs, paths dotted from the request part (`body.location.lat`). */
export function fieldIssues(error: ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/** Sends a problem response. */
export function problemResponse(c: Context, problem: Problem, headers: Record<string, string> = {}) {
  return c.body(JSON.stringify(problem), problem.status as 400, {
    'content-type': 'application/problem+json',
    ...headers,
  });
}

/** Maps any thrown value to a problem: domain errors by kind, Hono's HTTP errors by status, the rest to a bare 500. */
/** Seconds a client waits before retrying a request the database refused for now. */
export const STORE_RETRY_AFTER_SECONDS = 1;

/** Throttling, timeouts and a busy or unreachable DynamoDB: the request changed nothing and may be retried. */
const transientNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const transientCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/** Whether an error is the database (or the way to it) saying "not now", as opposed to a fault of ours. */
export function isTransientStoreFault(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, $retryable } = error as { code?: unknown; $retryable?: { throttling?: boolean } };
  return transientNames.has(error.name) || (typeof code === 'string' && transientCodes.has(code)) || $retryable?.throttling === true;
}

export function toProblem(error: unknown, instance: string): { problem: Problem; headers: Record<string, string> } {
  if (error instanceof DomainError) {
    const { status, title } = kinds[error.kind];
    const { errors, headers, ...extensions } = error.details as { errors?: FieldIssue[]; headers?: Record<string, string> };
    return {
      problem: { type: typeUri(error.kind), title, status, detail: error.message, instance, ...(errors ? { errors } : {}), ...extensions },
      headers: headers ?? {},
    };
  }
  if (error instanceof HTTPException) {
    // Hono's validators raise these for a body that is not JSON at all.
    const status = error.status;
    if (status === 400) {
      const detail = 'The request body is not valid JSON.';
      return {
        problem: { type: typeUri('validation'), title: kinds.validation.title, status, detail, instance, errors: [{ path: 'body', message: detail }] },
        headers: {},
      };
    }
    return { problem: { type: typeUri(`http-${status}`), title: 'Request rejected', status, detail: error.message, instance }, headers: {} };
  }
  if (isTransientStoreFault(error)) {
    // Every write is one conditional put or one transaction, so a refused one left nothing behind.
    return {
      problem: { type: typeUri('unavailable'), title: 'Service unavailable', status: 503, detail: 'The service is busy; nothing was changed. Retry after the time given.', instance },
      headers: { 'retry-after': String(STORE_RETRY_AFTER_SECONDS) },
    };
  }
  return {
    problem: { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'Something went wrong on our side. The request can be retried.', instance },
    headers: {},
  };
}
