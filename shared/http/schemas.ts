import { calendarDate } from '../domain/common.js';
import { z } from '@hono/zod-openapi';

type OpenApiArgs = Parameters<z.ZodType['openapi']>;

/**
 * `schema.openapi(...)` for a schema the domain made. zod copies prototype methods onto a schema
 * when it is made, so a domain schema made before `@hono/zod-openapi` extended zod has no
 * `.openapi()`; and the production bundle splits into chunks whose order of evaluation esbuild does
 * not promise to keep. This calls the extension's method on the schema, whatever loaded first.
 */
export function documented<T extends z.ZodType>(schema: T, ...args: OpenApiArgs): T {
  const openapi = z.ZodType.prototype.openapi as (this: T, ...args: OpenApiArgs) => T;
  return openapi.apply(schema, args);
}

/** The header every create requires; phones resend, and a key makes the resend harmless. */
export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string({ error: 'The Idempotency-Key header is required for every create.' })
    .min(8, 'An Idempotency-Key has 8 to 128 characters.')
    .max(128, 'An Idempotency-Key has 8 to 128 characters.')
    .regex(/^[\x21-\x7e]+$/, 'An Idempotency-Key is printable ASCII without spaces.')
    .openapi({ description: 'Client-made key (e.g. a UUID); a replay returns the first response.' }),
});

/** Paging parameters shared by every list. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional().openapi({ description: 'Opaque cursor from the previous page.' }),
};

/** RFC 9457 body, as documented for every error response. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/** A problem+json response of a route, for its OpenAPI entry. */
export const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

/** The error responses a protected route can give, for its OpenAPI entry. */
export const errorResponses = {
  400: problem('A field is not valid; `errors` names each one.'),
  401: problem('No valid bearer token.'),
  403: problem('The role or jurisdiction does not allow this.'),
} as const;
export const notFoundResponse = { 404: problem('No such object, or not visible to the caller.') } as const;
/** A caller over a budget: 429 with Retry-After. */
export const tooManyResponse = { 429: problem('Over the caller’s budget for this route; retry after the Retry-After header’s seconds.') } as const;
export const createResponses = {
  409: problem('A conflicting record exists, or the same key is still in flight.'),
  422: problem('The Idempotency-Key was used for a different request.'),
} as const;
export const preconditionResponses = {
  412: problem('The If-Match version is stale.'),
  428: problem('If-Match is required.'),
} as const;

/** A JSON response entry for a route definition. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A JSON request body entry for a route definition. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** The OpenAPI security requirement of the `/v1` routes. */
export const bearer = [{ bearerAuth: [] }];

/** `due=before:YYYY-MM-DD`: a work list's CST date bound (follow-ups, tracing cases). */
export const dueBeforeQuery = z
  .string()
  .regex(/^before:\d{4}-\d{2}-\d{2}$/, 'Say due=before:YYYY-MM-DD.')
  .transform((value) => value.slice('before:'.length))
  .pipe(calendarDate);
