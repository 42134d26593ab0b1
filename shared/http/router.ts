import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
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

/** The idempotency identity of a create: the caller, the key header and the request's fingerprint. */
export function idempotentRequest(c: Context<AppEnv>, key: string, body: unknown): IdempotentRequest {
  return { actor: c.var.actor.sub, key, fingerprint: requestFingerprint(c.req.method, c.req.path, body, c.var.deps.idIndexKey) };
}
