import type { Context } from 'hono';
import type { StoredResponse } from '../store/idempotency.js';
import type { AppEnv } from './context.js';

/** Sends the result of an idempotent write; a replay says so in `Idempotent-Replayed`. */
export function sendStored(c: Context<AppEnv>, result: StoredResponse & { replayed: boolean }) {
  const headers = { ...result.headers, ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}) };
  return c.json(result.body as object, result.status as 201, headers);
}

/** The strong ETag of a versioned record. */
export const etagOf = (version: number) => `"v${version}"`;

/**
 * The version named by an If-Match header, or null when absent or not one of ours. If-Match compares
 * strongly (RFC 9110 13.1.1): a weak tag (W/"v1") never matches, so it is null too (a 412).
 */
export function versionFromIfMatch(header: string | undefined): number | null {
  const match = /^"v(\d{1,9})"$/.exec(header?.trim() ?? '');
  return match?.[1] ? Number(match[1]) : null;
}
