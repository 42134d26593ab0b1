import { validationError } from '../domain/errors.js';

/** One page of a list and the opaque cursor of the next one. */
export type Page<T> = { items: T[]; nextCursor: string | null };

/** Encodes DynamoDB's LastEvaluatedKey as an opaque URL-safe cursor. */
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | null {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : null;
}

/**
 * Decodes a cursor, checking that it belongs to the partition being read (a cursor from another
 * list, or a forged one, is a 400, never a read elsewhere).
 */
export function decodeCursor(cursor: string | undefined, expected: Record<string, string>): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  const invalid = () => validationError([{ path: 'query.cursor', message: 'The cursor is not valid for this list.' }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw invalid();
  const key = decoded as Record<string, unknown>;
  if (Object.values(key).some((value) => typeof value !== 'string' || value.length > 1024)) throw invalid();
  for (const [name, value] of Object.entries(expected)) if (key[name] !== value) throw invalid();
  return key;
}
