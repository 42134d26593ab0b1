import { Hono } from 'hono';
import { DomainError } from '../../domain/errors.js';
import { LOCAL_FILES_PATH, LocalFileRefused, type LocalPhotoStore } from '../../files/photo-store.js';
import type { AppEnv } from '../context.js';

const refusal = (error: unknown) => {
  if (!(error instanceof LocalFileRefused)) return error;
  return new DomainError(error.status === 400 ? 'validation' : error.status === 403 ? 'forbidden' : 'not_found', error.message);
};

/**
 * The local stage's stand-in for S3's presigned URLs: PUT and GET of one file, allowed by the
 * URL's signature alone (no bearer token, as with S3). Mounted only when STAGE=local.
 */
export function localFileRoutes(store: LocalPhotoStore, maxBytes: number) {
  const keyOf = (path: string) => decodeURIComponent(path.slice(LOCAL_FILES_PATH.length + 1));
  return new Hono<AppEnv>()
    .put('/*', async (c) => {
      // The signed length bounds the body before it is read; a body without a length is refused.
      const length = Number(c.req.header('content-length'));
      if (!Number.isInteger(length) || length > maxBytes || String(length) !== c.req.query('length')) {
        throw new DomainError('forbidden', 'Send exactly the number of bytes the upload URL was made for.');
      }
      try {
        await store.acceptUpload(keyOf(c.req.path), c.req.query(), c.req.header('content-type'), new Uint8Array(await c.req.arrayBuffer()));
      } catch (error) {
        throw refusal(error);
      }
      return c.body(null, 200);
    })
    .get('/*', async (c) => {
      try {
        const file = await store.openDownload(keyOf(c.req.path), c.req.query());
        return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
          'content-type': file.contentType,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        });
      } catch (error) {
        throw refusal(error);
      }
    });
}
