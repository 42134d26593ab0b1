/**
 * Where photo files live: S3 in the cloud (private bucket, presigned URLs), a directory on this
 * machine under `npm start` and in tests (URLs signed with an HMAC and served by the app itself in
 * the local stage). Both behind one interface, so the photo service runs the same flow on either.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';

/** Where and how a client sends a file: a PUT of exactly the announced length and content type. */
export type UploadTarget = { method: 'PUT'; url: string; headers: Record<string, string>; expiresAt: string };

/** A short-lived URL from which a file can be fetched. */
export type DownloadUrl = { url: string; expiresAt: string };

export interface PhotoStore {
  /** A URL to PUT one file of `sizeBytes` bytes and `contentType` to `key`; any other length or type is refused. */
  uploadTarget(key: string, contentType: string, sizeBytes: number, ttlSeconds: number): Promise<UploadTarget>;
  /** The file's bytes, or undefined when there is none. */
  read(key: string): Promise<Uint8Array | undefined>;
  write(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Deletes the file; a missing one is no error. */
  remove(key: string): Promise<void>;
  downloadUrl(key: string, ttlSeconds: number): Promise<DownloadUrl>;
}

/** File keys: lower-case folders and ids, no dots, so no key can climb out of the store's directory. */
const KEY_PATTERN = /^[a-z]+(?:\/[A-Za-z0-9_-]{1,100}){1,4}$/;

function checkedKey(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new Error(`Not a file key: ${JSON.stringify(key).slice(0, 120)}`);
  return key;
}

const expiryOf = (now: number, ttlSeconds: number) => new Date(now + ttlSeconds * 1000).toISOString();

// ---- S3 ------------------------------------------------------------------------------------

/**
 * The S3 store. The SDK's S3 client and presigner load on first use: only the photo routes need
 * them, so every other route's cold start stays as it was.
 */
export function s3PhotoStore(options: { bucket: string; region?: string; now?: () => number }): PhotoStore {
  const { bucket } = options;
  const now = options.now ?? Date.now;
  let sdk: Promise<{ client: S3Client; s3: typeof import('@aws-sdk/client-s3'); presign: typeof import('@aws-sdk/s3-request-presigner').getSignedUrl }> | undefined;
  const load = () =>
    (sdk ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]).then(([s3, presigner]) => ({
      s3,
      presign: presigner.getSignedUrl,
      client: new s3.S3Client(options.region ? { region: options.region } : {}),
    })));

  return {
    async uploadTarget(key, contentType, sizeBytes, ttlSeconds) {
      const { client, s3, presign } = await load();
      const command = new s3.PutObjectCommand({ Bucket: bucket, Key: checkedKey(key), ContentType: contentType, ContentLength: sizeBytes });
      // Content-Type and Content-Length are signed: S3 refuses a PUT of another type or length.
      const url = await presign(client, command, { expiresIn: ttlSeconds, signableHeaders: new Set(['content-type', 'content-length']) });
      return { method: 'PUT', url, headers: { 'content-type': contentType }, expiresAt: expiryOf(now(), ttlSeconds) };
    },
    async read(key) {
      const { client, s3 } = await load();
      try {
        const result = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: checkedKey(key) }));
        return result.Body ? await result.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (error instanceof s3.NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async write(key, bytes, contentType) {
      const { client, s3 } = await load();
      await client.send(new s3.PutObjectCommand({ Bucket: bucket, Key: checkedKey(key), Body: bytes, ContentType: contentType }));
    },
    async remove(key) {
      const { client, s3 } = await load();
      await client.send(new s3.DeleteObjectCommand({ Bucket: bucket, Key: checkedKey(key) }));
    },
    async downloadUrl(key, ttlSeconds) {
      const { client, s3, presign } = await load();
      const command = new s3.GetObjectCommand({ Bucket: bucket, Key: checkedKey(key), ResponseCacheControl: 'private, no-store' });
      return { url: await presign(client, command, { expiresIn: ttlSeconds }), expiresAt: expiryOf(now(), ttlSeconds) };
    },
  };
}

// ---- Local ---------------------------------------------------------------------------------

/** The path under which the local stage serves its files. */
export const LOCAL_FILES_PATH = '/local-files';

/** Why the local store refuses a request to its URLs (the app answers 403, or 400 for a body that does not match). */
export class LocalFileRefused extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

type Signed = { method: 'PUT' | 'GET'; key: string; expires: number; type?: string; length?: number };

/**
 * The embedded store of the local stage: files under a directory (`.data/files/`, a temp dir in
 * tests), each with its content type beside it. Its URLs point at the app's own `/local-files`
 * routes and carry an HMAC over method, key, expiry (and, for uploads, type and length), so the
 * local flow refuses what S3 would: an expired URL, another key, type or length.
 */
export class LocalPhotoStore implements PhotoStore {
  private readonly now: () => number;

  constructor(
    private readonly options: {
      directory: string;
      secret: string;
      /** The origin clients reach the app at, e.g. http://localhost:3000 (read when a URL is made). */
      origin: () => string;
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  async uploadTarget(key: string, contentType: string, sizeBytes: number, ttlSeconds: number): Promise<UploadTarget> {
    const expires = Math.floor(this.now() / 1000) + ttlSeconds;
    const query = new URLSearchParams({ expires: String(expires), type: contentType, length: String(sizeBytes) });
    query.set('signature', this.sign({ method: 'PUT', key: checkedKey(key), expires, type: contentType, length: sizeBytes }));
    return { method: 'PUT', url: this.urlOf(key, query), headers: { 'content-type': contentType }, expiresAt: new Date(expires * 1000).toISOString() };
  }

  async downloadUrl(key: string, ttlSeconds: number): Promise<DownloadUrl> {
    const expires = Math.floor(this.now() / 1000) + ttlSeconds;
    const query = new URLSearchParams({ expires: String(expires) });
    query.set('signature', this.sign({ method: 'GET', key: checkedKey(key), expires }));
    return { url: this.urlOf(key, query), expiresAt: new Date(expires * 1000).toISOString() };
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.pathOf(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async write(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.type`, contentType, { mode: 0o600 });
    await writeFile(path, bytes, { mode: 0o600 });
  }

  async remove(key: string): Promise<void> {
    const path = this.pathOf(key);
    await Promise.all([rm(path, { force: true }), rm(`${path}.type`, { force: true })]);
  }

  /** Takes an upload sent to one of this store's URLs: checked against its signature, expiry, type and length. */
  async acceptUpload(key: string, query: Record<string, string>, contentType: string | undefined, bytes: Uint8Array): Promise<void> {
    const expires = this.verify(key, query);
    const type = query['type'] ?? '';
    const length = Number(query['length']);
    if (!this.valid({ method: 'PUT', key, expires, type, length }, query['signature'])) throw new LocalFileRefused(403, 'The upload URL is not valid.');
    if ((contentType ?? '').split(';')[0]?.trim().toLowerCase() !== type) throw new LocalFileRefused(403, `Send the file with Content-Type: ${type}.`);
    if (bytes.length !== length) throw new LocalFileRefused(400, `The upload URL takes exactly ${length} bytes; ${bytes.length} were sent.`);
    await this.write(key, bytes, type);
  }

  /** A file asked for through one of this store's download URLs, with its content type. */
  async openDownload(key: string, query: Record<string, string>): Promise<{ bytes: Uint8Array; contentType: string }> {
    const expires = this.verify(key, query);
    if (!this.valid({ method: 'GET', key, expires }, query['signature'])) throw new LocalFileRefused(403, 'The download URL is not valid.');
    const bytes = await this.read(key);
    if (!bytes) throw new LocalFileRefused(404, 'No such file.');
    const contentType = await readFile(`${this.pathOf(key)}.type`, 'utf8').catch(() => 'application/octet-stream');
    return { bytes, contentType };
  }

  /** The expiry of a URL's query, refusing a malformed key, a missing or past expiry. */
  private verify(key: string, query: Record<string, string>): number {
    if (!KEY_PATTERN.test(key)) throw new LocalFileRefused(404, 'No such file.');
    const expires = Number(query['expires']);
    if (!Number.isInteger(expires)) throw new LocalFileRefused(403, 'The URL is not valid.');
    if (expires * 1000 < this.now()) throw new LocalFileRefused(403, 'The URL has expired.');
    return expires;
  }

  private sign(signed: Signed): string {
    return createHmac('sha256', this.options.secret)
      .update(JSON.stringify([signed.method, signed.key, signed.expires, signed.type ?? null, signed.length ?? null]))
      .digest('base64url');
  }

  private valid(signed: Signed, signature: string | undefined): boolean {
    const expected = Buffer.from(this.sign(signed));
    const given = Buffer.from(signature ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private urlOf(key: string, query: URLSearchParams): string {
    return `${this.options.origin()}${LOCAL_FILES_PATH}/${key}?${query.toString()}`;
  }

  private pathOf(key: string): string {
    return join(this.options.directory, checkedKey(key));
  }
}
