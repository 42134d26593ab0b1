import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { callerKey } from '../domain/access.js';
import { validationError } from '../domain/errors.js';
import type { AuditContext } from '../store/audit.js';
import { requestFingerprint, type IdempotentRequest } from '../store/idempotency.js';
import type { AppEnv } from './context.js';
import { fieldIssues } from './problem.js';

const targetNames: Record<string, string> = { json: 'body', query: 'query', param: 'path', header: 'header' };

/** A router for one resource: zod failures become a 400 problem listing every bad field. */
export function newRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(fieldIssues(result.error, targetNames[result.target] ?? result.target));
    },
  });
}

/** Who is acting, in which request, at what time: what every audit entry records. */
export function auditContext(c: Context<AppEnv>): AuditContext {
  return { actor: c.var.actor, requestId: c.var.requestId, now: c.var.deps.now() };
}

/**
 * The idempotency identity of a create: the caller, the key header and the request's fingerprint.
 * The caller is a fixed-length digest of subject, roles, district and facility: the item key stays
 * short whatever a token's claims hold, and a subject given another role or district is a new caller,
 * so a replay never hands back a response that the caller's present jurisdiction would not produce.
 */
export function idempotentRequest(c: Context<AppEnv>, key: string, body: unknown): IdempotentRequest {
  const { actor, deps } = c.var;
  return { actor: callerKey(actor, deps.idIndexKey, 'jurisdiction'), key, fingerprint: requestFingerprint(c.req.method, c.req.path, body, deps.idIndexKey) };
}
