import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { s3PhotoStore } from '../../shared/files/photo-store.js';

// Presigning is offline: it needs credentials, never the network.
const credentials = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example-secret' };
const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  for (const [name, value] of Object.entries(credentials)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});
afterEach(() => {
  for (const name of Object.keys(credentials)) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('the S3 photo store', () => {
  it('presigns a PUT bound to the content type and the exact length, in the bucket’s region (China included)', async () => {
    const store = s3PhotoStore({ bucket: 'outreach-photos', region: 'cn-northwest-1', now: () => Date.parse('2026-11-28T00:00:00Z') });
    const target = await store.uploadTarget('uploads/0193f0d2-0000-7000-8000-000000000000', 'image/jpeg', 123_456, 900);
    const url = new URL(target.url);
    expect(url.hostname).toBe('outreach-photos.s3.cn-northwest-1.amazonaws.com.cn');
    expect(url.pathname).toBe('/uploads/0193f0d2-0000-7000-8000-000000000000');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(['content-length', 'content-type', 'host']);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(target).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/jpeg' }, expiresAt: '2026-11-28T00:15:00.000Z' });
  });

  it('presigns a short GET that tells caches to keep nothing', async () => {
    const store = s3PhotoStore({ bucket: 'outreach-photos', region: 'eu-west-1' });
    const { url } = await store.downloadUrl('photos/p/q', 300);
    const parsed = new URL(url);
    expect(parsed.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(parsed.searchParams.get('response-cache-control')).toBe('private, no-store');
  });

  it('refuses a key that could name another place', async () => {
    const store = s3PhotoStore({ bucket: 'outreach-photos', region: 'eu-west-1' });
    await expect(store.uploadTarget('uploads/../photos/x', 'image/jpeg', 1, 60)).rejects.toThrow(/Not a file key/);
    await expect(store.downloadUrl('/etc/passwd', 60)).rejects.toThrow(/Not a file key/);
  });

  it('reads a missing upload as none (NoSuchKey), and lets other errors through', async () => {
    const s3 = mockClient(S3Client);
    try {
      const store = s3PhotoStore({ bucket: 'outreach-photos', region: 'eu-west-1' });
      s3.on(GetObjectCommand)
        .rejectsOnce(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }))
        .rejectsOnce(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
      expect(await store.read('uploads/x')).toBeUndefined();
      await expect(store.read('uploads/x')).rejects.toThrow('Access Denied');
    } finally {
      s3.restore();
    }
  });
});
