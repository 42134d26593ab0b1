import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { outreachRules } from '../../shared/domain/rules.js';
import { stripMetadata } from '../../shared/files/images.js';
import { deflateSync } from 'node:zlib';
import { noticePhoto, photoFiles } from '../../shared/services/photos.js';
import { testApp, uniqueDistrict } from '../support/app.js';
import { station } from '../support/facilities.js';
import { GPS_RATIONALS, PNG_SIGNATURE, be32, contains, joinBytes, metadataPng, phoneJpeg, pngChunk } from '../support/images.js';
import { registeredPerson } from '../support/persons.js';

type Upload = { photoId: string; upload: { method: 'PUT'; url: string; headers: Record<string, string>; expiresAt: string } };
type Photo = { photoId: string; personId: string; status: string; purpose: string; noticePortrait: boolean; contentType: string; bytes: number; width?: number; height?: number; uploadedBy: string };
type Problem = { status: number; detail?: string; reason?: string; errors?: { path: string; message: string }[] };

const { maxBytes } = outreachRules.photos;

/** Every file under a directory, as paths relative to it. */
function filesUnder(directory: string, prefix = ''): string[] {
  if (!existsSync(join(directory, prefix))) return [];
  return readdirSync(join(directory, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(directory, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/**
 * An app, a district with an aid station, an unidentified person in care there (a tracing case
 * open), and a worker of each role there (shelter staff of that station).
 */
async function setting(options: Parameters<typeof testApp>[0] = {}) {
  const harness = await testApp(options);
  directories.push(harness.filesDirectory);
  const district = uniqueDistrict();
  const admin = await harness.as('admin', { district });
  const created = await harness.send('POST', '/v1/persons', admin, registeredPerson(district, { name: undefined, aliases: [], identityStatus: 'unidentified' }));
  expect(created.status).toBe(201);
  const personId = ((await created.json()) as { person: { id: string } }).person.id;
  const facility = await harness.send('POST', '/v1/facilities', admin, station(district));
  expect(facility.status).toBe(201);
  const facilityId = ((await facility.json()) as { id: string }).id;
  const admitted = await harness.send('POST', '/v1/admissions', admin, { personId, facilityId, at: new Date(Date.now() - 60_000).toISOString(), via: 'self_referred' });
  expect(admitted.status).toBe(201);
  const roles = {
    admin,
    patrol: await harness.as('patrol', { district }),
    shelter: await harness.as('shelter', { district, facility: facilityId }),
    tracer: await harness.as('tracer', { district }),
  };
  /** Asks for an upload, PUTs the file to the URL given, and completes the photo. */
  const upload = async (file: Uint8Array, contentType = 'image/jpeg', who = roles.patrol, purpose = 'other') => {
    const offered = await harness.send('POST', `/v1/persons/${personId}/photos`, who, { contentType, sizeBytes: file.length, purpose });
    expect(offered.status).toBe(201);
    const { photoId, upload: target } = (await offered.json()) as Upload;
    const put = await harness.app.request(target.url, { method: target.method, headers: { ...target.headers, 'content-length': String(file.length) }, body: file });
    expect(put.status).toBe(200);
    const completed = await harness.app.request(`/v1/persons/${personId}/photos/${photoId}/complete`, { method: 'POST', headers: { ...who, 'content-type': 'application/json' } });
    return { photoId, completed };
  };
  return { ...harness, district, personId, facilityId, roles, upload };
}

describe('person photos: upload, check, strip, download', () => {
  it('takes a phone photo through the whole flow: the download is the stripped copy, the upload is gone, every step audited', async () => {
    const { app, personId, roles, upload, filesDirectory, photos, db, requests } = await setting();
    const original = phoneJpeg();
    const { photoId, completed } = await upload(original);
    expect(completed.status).toBe(200);
    const clean = stripMetadata(original, 'image/jpeg');
    expect((await completed.json()) as Photo).toMatchObject({ photoId, personId, status: 'ready', contentType: 'image/jpeg', bytes: clean.length, width: 8, height: 8 });

    // Only the clean copy is left on disk: the upload was deleted, the raw key and the clean key differ.
    const files = photoFiles(personId, photoId);
    expect(files.upload).not.toBe(files.clean);
    expect(filesUnder(filesDirectory).filter((file) => !file.endsWith('.type'))).toEqual([files.clean]);

    const listed = (await (await app.request(`/v1/persons/${personId}/photos`, { headers: roles.shelter })).json()) as { items: Photo[] };
    expect(listed.items.map((photo) => [photo.photoId, photo.status])).toEqual([[photoId, 'ready']]);

    // A tracer of the district downloads it: a short-lived URL to bytes without the GPS position.
    // One read for the person and the photo, one write for the audit.
    requests.reset();
    const asked = await app.request(`/v1/persons/${personId}/photos/${photoId}`, { headers: roles.tracer });
    expect(requests.byCommand()).toEqual({ BatchGetItem: 1, BatchWriteItem: 1 });
    expect(asked.status).toBe(200);
    const { url, expiresAt } = (await asked.json()) as { url: string; expiresAt: string };
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(outreachRules.photos.downloadSeconds * 1000);
    const fetched = await app.request(url);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('image/jpeg');
    const body = new Uint8Array(await fetched.arrayBuffer());
    expect(Buffer.from(body).equals(Buffer.from(clean))).toBe(true);
    expect(contains(body, GPS_RATIONALS)).toBe(false);

    const audit = (await (await app.request(`/v1/audit?subjectId=${personId}`, { headers: roles.admin })).json()) as { items: { action: string; role: string }[] };
    expect(audit.items.map((entry) => entry.action)).toEqual(expect.arrayContaining(['person.photo.upload', 'person.photo.add', 'person.photo.list', 'person.photo.read']));
    expect(audit.items.find((entry) => entry.action === 'person.photo.read')?.role).toBe('tracer');

    // A photo staff have not chosen as the notice's portrait is not the notice's, however new.
    const second = await upload(metadataPng(), 'image/png', roles.shelter);
    expect(second.completed.status).toBe(200);
    expect(await noticePhoto({ db, photos, rules: outreachRules }, personId)).toBeUndefined();
  });

  it('publishes in the notice only the portrait staff chose: never the newest photo, never a mark or a document', async () => {
    const { app, send, personId, roles, upload, db, photos } = await setting();
    const notice = async () => (await (await app.request(`/v1/persons/${personId}/notice`, { headers: roles.tracer })).json()) as { photo?: { url: string } };
    const choose = (photoId: string, who: Record<string, string>) => app.request(`/v1/persons/${personId}/photos/${photoId}/notice-portrait`, { method: 'POST', headers: { ...who, 'content-type': 'application/json' } });

    const portrait = await upload(phoneJpeg(), 'image/jpeg', roles.patrol, 'portrait');
    const mark = await upload(metadataPng(), 'image/png', roles.patrol, 'mark');
    expect([portrait.completed.status, mark.completed.status]).toEqual([200, 200]);
    // Ready photos, none chosen: the notice has no photo.
    expect((await notice()).photo).toBeUndefined();

    // A mark is not a portrait, a pending photo is not ready, and patrol does not choose.
    const refused = await choose(mark.photoId, roles.tracer);
    expect(refused.status).toBe(422);
    expect((await refused.json()) as Problem).toMatchObject({ reason: 'photo_not_portrait', errors: [{ path: 'photoId' }] });
    const pending = (await (await send('POST', `/v1/persons/${personId}/photos`, roles.patrol, { contentType: 'image/jpeg', sizeBytes: 100, purpose: 'portrait' })).json()) as Upload;
    expect(((await (await choose(pending.photoId, roles.tracer)).json()) as Problem).reason).toBe('photo_not_ready');
    expect((await choose(portrait.photoId, roles.patrol)).status).toBe(403);
    expect((await notice()).photo).toBeUndefined();

    const chosen = await choose(portrait.photoId, roles.shelter);
    expect(chosen.status).toBe(200);
    expect(await chosen.json()).toMatchObject({ personId, photoId: portrait.photoId, rulesVersion: outreachRules.photos.version });
    expect((await notice()).photo?.url).toContain(photoFiles(personId, portrait.photoId).clean);

    // A newer portrait changes nothing until it is chosen; choosing it replaces the first.
    const newer = await upload(phoneJpeg(6), 'image/jpeg', roles.tracer, 'portrait');
    expect((await notice()).photo?.url).toContain(photoFiles(personId, portrait.photoId).clean);
    expect((await choose(newer.photoId, roles.tracer)).status).toBe(200);
    expect((await choose(newer.photoId, roles.tracer)).status).toBe(200);
    expect((await noticePhoto({ db, photos, rules: outreachRules }, personId))?.url).toContain(photoFiles(personId, newer.photoId).clean);

    const listed = (await (await app.request(`/v1/persons/${personId}/photos`, { headers: roles.tracer })).json()) as { items: Photo[] };
    expect(listed.items.filter((photo) => photo.status === 'ready').map((photo) => [photo.photoId, photo.purpose, photo.noticePortrait])).toEqual([
      [newer.photoId, 'portrait', true],
      [mark.photoId, 'mark', false],
      [portrait.photoId, 'portrait', false],
    ]);
    const audit = (await (await app.request(`/v1/audit?subjectId=${personId}`, { headers: roles.admin })).json()) as { items: { action: string; role: string }[] };
    expect(audit.items.filter((entry) => entry.action === 'person.photo.portrait').map((entry) => entry.role).sort()).toEqual(['shelter', 'tracer', 'tracer']);
  });

  it('asks what a photo shows: an upload without a purpose, or with another one, is a 400 naming body.purpose', async () => {
    const { send, personId, roles } = await setting();
    for (const body of [{ contentType: 'image/jpeg', sizeBytes: 100 }, { contentType: 'image/jpeg', sizeBytes: 100, purpose: 'selfie' }]) {
      const response = await send('POST', `/v1/persons/${personId}/photos`, roles.patrol, body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as Problem).errors?.map((issue) => issue.path)).toEqual(['body.purpose']);
    }
  });

  it('gives shelter staff the photos of a person in care at their own facility only: another facility’s staff, or staff without a facility, get 404 everywhere', async () => {
    const { app, send, as, district, personId, roles, upload } = await setting();
    const { photoId } = await upload(phoneJpeg(), 'image/jpeg', roles.patrol, 'portrait');
    const other = await send('POST', '/v1/facilities', roles.admin, station(district, { name: '合川区第二救助站' }));
    const otherFacility = ((await other.json()) as { id: string }).id;
    const strangers = [await as('shelter', { district, facility: otherFacility }), await as('shelter', { district })];
    for (const stranger of strangers) {
      expect((await send('POST', `/v1/persons/${personId}/photos`, stranger, { contentType: 'image/jpeg', sizeBytes: 10, purpose: 'other' })).status).toBe(404);
      expect((await app.request(`/v1/persons/${personId}/photos`, { headers: stranger })).status).toBe(404);
      expect((await app.request(`/v1/persons/${personId}/photos/${photoId}`, { headers: stranger })).status).toBe(404);
      expect((await app.request(`/v1/persons/${personId}/photos/${photoId}/complete`, { method: 'POST', headers: { ...stranger, 'content-type': 'application/json' } })).status).toBe(404);
      expect((await app.request(`/v1/persons/${personId}/photos/${photoId}/notice-portrait`, { method: 'POST', headers: { ...stranger, 'content-type': 'application/json' } })).status).toBe(404);
    }
    // The staff of the person's own facility see and download them, audited as before.
    expect((await app.request(`/v1/persons/${personId}/photos`, { headers: roles.shelter })).status).toBe(200);
    expect((await app.request(`/v1/persons/${personId}/photos/${photoId}`, { headers: roles.shelter })).status).toBe(200);
    const audit = (await (await app.request(`/v1/audit?subjectId=${personId}`, { headers: roles.admin })).json()) as { items: { action: string; role: string }[] };
    expect(audit.items.filter((entry) => entry.action === 'person.photo.read').map((entry) => entry.role)).toEqual(['shelter']);
  });

  it('refuses a decompression bomb (a 9000×9000 PNG of 78 KB) with a 400 naming the reason, and keeps nothing', async () => {
    const { app, personId, roles, upload, filesDirectory } = await setting();
    const header = pngChunk('IHDR', joinBytes(be32(9000), be32(9000), [8, 0, 0, 0, 0]));
    const bomb = joinBytes(PNG_SIGNATURE, header, pngChunk('IDAT', deflateSync(Buffer.alloc(9000 * 9001), { level: 9 })), pngChunk('IEND', []));
    const { completed } = await upload(bomb, 'image/png');
    expect(completed.status).toBe(400);
    expect((await completed.json()) as Problem).toMatchObject({ reason: 'too_many_pixels', errors: [{ path: 'file' }] });
    expect(filesUnder(filesDirectory)).toEqual([]);
    const listed = (await (await app.request(`/v1/persons/${personId}/photos`, { headers: roles.admin })).json()) as { items: Photo[] };
    expect(listed.items).toEqual([]);
  });

  it('judges the file by its content: a JPEG declared as PNG is kept as the JPEG it is', async () => {
    const { upload } = await setting();
    const { completed } = await upload(phoneJpeg(), 'image/png');
    expect(completed.status).toBe(200);
    expect((await completed.json()) as Photo).toMatchObject({ status: 'ready', contentType: 'image/jpeg' });
  });

  it('refuses a bad file with a 400 naming the reason, and keeps nothing: no record, no file', async () => {
    const { app, personId, roles, upload, filesDirectory } = await setting();
    const polyglot = joinBytes([0xff, 0xd8, 0xff, 0xe0], '<html><script>alert(1)</script></html>');
    const { photoId, completed } = await upload(polyglot);
    expect(completed.status).toBe(400);
    expect(completed.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await completed.json()) as Problem;
    expect(problem.detail).toMatch(/refused \((malformed|truncated)\)/);
    expect(problem.errors?.[0]?.path).toBe('file');

    expect(filesUnder(filesDirectory)).toEqual([]);
    const listed = (await (await app.request(`/v1/persons/${personId}/photos`, { headers: roles.admin })).json()) as { items: Photo[] };
    expect(listed.items).toEqual([]);
    const again = await app.request(`/v1/persons/${personId}/photos/${photoId}/complete`, { method: 'POST', headers: { ...roles.patrol, 'content-type': 'application/json' } });
    expect(again.status).toBe(404);
  });

  it('holds photos to 5 MB: announced larger is a 400 naming the field; a larger file reaching the store is refused and removed', async () => {
    const { send, app, personId, roles, photos, filesDirectory } = await setting();
    const tooBig = await send('POST', `/v1/persons/${personId}/photos`, roles.patrol, { contentType: 'image/jpeg', sizeBytes: maxBytes + 1, purpose: 'other' });
    expect(tooBig.status).toBe(400);
    expect(((await tooBig.json()) as Problem).errors?.map((issue) => issue.path)).toEqual(['body.sizeBytes']);

    const atLimit = await send('POST', `/v1/persons/${personId}/photos`, roles.patrol, { contentType: 'image/jpeg', sizeBytes: maxBytes, purpose: 'other' });
    expect(atLimit.status).toBe(201);
    const { photoId, upload } = (await atLimit.json()) as Upload;
    // The signed URL takes exactly the announced length, and no other.
    const oneMore = new Uint8Array(maxBytes + 1);
    const refused = await app.request(upload.url, { method: 'PUT', headers: { ...upload.headers, 'content-length': String(oneMore.length) }, body: oneMore });
    expect(refused.status).toBe(403);

    // Were a larger file in the store all the same, completing refuses it and keeps nothing.
    const oversized = joinBytes(phoneJpeg(), new Uint8Array(maxBytes));
    await photos.write(photoFiles(personId, photoId).upload, oversized, 'image/jpeg');
    const completed = await app.request(`/v1/persons/${personId}/photos/${photoId}/complete`, { method: 'POST', headers: { ...roles.patrol, 'content-type': 'application/json' } });
    expect(completed.status).toBe(400);
    expect(((await completed.json()) as Problem).detail).toMatch(/too_large/);
    expect(filesUnder(filesDirectory)).toEqual([]);
  });

  it('signs uploads to one type and length, and downloads for a short while (the local store refuses as S3 would)', async () => {
    let clock = Date.now();
    const { send, app, personId, roles } = await setting({ filesNow: () => clock });
    const file = phoneJpeg();
    const offered = (await (await send('POST', `/v1/persons/${personId}/photos`, roles.shelter, { contentType: 'image/jpeg', sizeBytes: file.length, purpose: 'portrait' })).json()) as Upload;
    const put = (headers: Record<string, string>, body: Uint8Array, url = offered.upload.url) =>
      app.request(url, { method: 'PUT', headers: { 'content-length': String(body.length), ...headers }, body });
    expect((await put({ 'content-type': 'image/png' }, file)).status).toBe(403);
    expect((await put(offered.upload.headers, file.subarray(1))).status).toBe(403);
    expect((await put(offered.upload.headers, file, offered.upload.url.replace('uploads/', 'photos/'))).status).toBe(403);
    expect((await put(offered.upload.headers, file)).status).toBe(200);
    const completed = await app.request(`/v1/persons/${personId}/photos/${offered.photoId}/complete`, { method: 'POST', headers: { ...roles.shelter, 'content-type': 'application/json' } });
    expect(completed.status).toBe(200);

    const { url } = (await (await app.request(`/v1/persons/${personId}/photos/${offered.photoId}`, { headers: roles.patrol })).json()) as { url: string };
    expect((await app.request(url)).status).toBe(200);
    expect((await app.request(url.replace(/signature=[^&]+/, 'signature=forged'))).status).toBe(403);
    clock += (outreachRules.photos.downloadSeconds + 1) * 1000;
    expect((await app.request(url)).status).toBe(403);
  });

  it('completes only an uploaded file: before the PUT a 409, and the photo waits; completing twice returns the photo', async () => {
    const { send, app, personId, roles } = await setting();
    const file = metadataPng();
    const offered = (await (await send('POST', `/v1/persons/${personId}/photos`, roles.tracer, { contentType: 'image/png', sizeBytes: file.length, purpose: 'mark' })).json()) as Upload;
    const complete = () => app.request(`/v1/persons/${personId}/photos/${offered.photoId}/complete`, { method: 'POST', headers: { ...roles.tracer, 'content-type': 'application/json' } });
    expect((await complete()).status).toBe(409);
    // A pending photo has no download.
    expect((await app.request(`/v1/persons/${personId}/photos/${offered.photoId}`, { headers: roles.tracer })).status).toBe(404);
    await app.request(offered.upload.url, { method: 'PUT', headers: { ...offered.upload.headers, 'content-length': String(file.length) }, body: file });
    const first = await complete();
    expect(first.status).toBe(200);
    const second = await complete();
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual(await first.json());
  });

  it('creates one photo for a retried request with the same Idempotency-Key, with a fresh upload URL', async () => {
    const { send, app, personId, roles, requests } = await setting();
    const key = randomUUID();
    const body = { contentType: 'image/jpeg', sizeBytes: 1234, purpose: 'portrait' };
    requests.reset();
    const first = await send('POST', `/v1/persons/${personId}/photos`, roles.patrol, body, key);
    // The person is read with the key's record: one read, one transaction.
    expect(requests.byCommand()).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
    const retry = await send('POST', `/v1/persons/${personId}/photos`, roles.patrol, body, key);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const [a, b] = [(await first.json()) as Upload, (await retry.json()) as Upload];
    expect(b.photoId).toBe(a.photoId);
    expect(b.upload.url).toContain(`uploads/${a.photoId}`);
    const listed = (await (await app.request(`/v1/persons/${personId}/photos`, { headers: roles.patrol })).json()) as { items: Photo[] };
    expect(listed.items.map((photo) => [photo.photoId, photo.status])).toEqual([[a.photoId, 'pending']]);
    // The same key for another body is a client error, not a second photo.
    expect((await send('POST', `/v1/persons/${personId}/photos`, roles.patrol, { ...body, sizeBytes: 99 }, key)).status).toBe(422);
  });

  it('hides another district’s person and photos: every route is a 404, nothing written', async () => {
    const { send, app, personId, roles, upload, filesDirectory } = await setting();
    const { photoId } = await upload(phoneJpeg());
    const other = uniqueDistrict();
    for (const role of ['patrol', 'shelter', 'tracer'] as const) {
      const outsider = await (await testApp()).as(role, { district: other });
      expect((await send('POST', `/v1/persons/${personId}/photos`, outsider, { contentType: 'image/jpeg', sizeBytes: 10, purpose: 'other' })).status).toBe(404);
      expect((await app.request(`/v1/persons/${personId}/photos`, { headers: outsider })).status).toBe(404);
      expect((await app.request(`/v1/persons/${personId}/photos/${photoId}`, { headers: outsider })).status).toBe(404);
      expect((await app.request(`/v1/persons/${personId}/photos/${photoId}/complete`, { method: 'POST', headers: { ...outsider, 'content-type': 'application/json' } })).status).toBe(404);
    }
    expect(filesUnder(filesDirectory).filter((file) => !file.endsWith('.type'))).toEqual([photoFiles(personId, photoId).clean]);
    const listed = (await (await app.request(`/v1/persons/${personId}/photos`, { headers: roles.admin })).json()) as { items: Photo[] };
    expect(listed.items).toHaveLength(1);
  });

  it('serves no local file routes outside the local stage', async () => {
    const { app } = await testApp({ stage: 'prod' });
    const response = await app.request('/local-files/photos/abc/def?expires=9999999999&signature=x');
    expect(response.status).toBe(404);
  });
});
