import type { Intent } from '../domain/access.js';
import { conflict, DomainError, notFound, unprocessable } from '../domain/errors.js';
import { mayHandlePhotos, portraitRefusal, timeOrderedId, type NoticePortrait, type Photo, type PhotoContentType, type PhotoPurpose } from '../domain/photo.js';
import type { OutreachRules } from '../domain/rules.js';
import { inspectImage, stripMetadata, type ImageInspection } from '../files/images.js';
import type { DownloadUrl, PhotoStore, UploadTarget } from '../files/photo-store.js';
import { appendAudit, auditPut } from '../store/audit.js';
import type { Db } from '../store/client.js';
import { idempotentWrite, type IdempotentRequest, type StoredResponse } from '../store/idempotency.js';
import type { Page, PageRequest } from '../store/pagination.js';
import { keys } from '../store/keys.js';
import { fromPersonItem, type StoredPerson } from '../store/persons.js';
import { getNoticePortrait, getPersonAndPhoto, getPhoto, listPhotos, noticePortraitItems, pendingPhotoDelete, pendingPhotoPut, photoReadyPut } from '../store/photos.js';
import { transactWrite, TransactionCancelled } from '../store/transact.js';
import { getPerson } from '../store/persons.js';
import type { PersonContext } from './persons.js';

/** What a photo operation needs: a person operation's context and the file store. */
export type PhotoContext = PersonContext & { photos: PhotoStore };

/** 404 unless the caller has a reason to handle the person's photos (`mayHandlePhotos`): for them the person does not exist. */
function assertVisible(context: PhotoContext, stored: StoredPerson | undefined, intent: Intent = 'act'): asserts stored is StoredPerson {
  if (!stored || !mayHandlePhotos(context.audit.actor, stored.person, stored.openStay, intent)) throw notFound('The person');
}

/** The person whose photos the caller may handle, or 404. */
async function photoPerson(context: PhotoContext, personId: string, intent: Intent = 'act'): Promise<StoredPerson> {
  const stored = await getPerson(context.db, personId);
  assertVisible(context, stored, intent);
  return stored;
}

/** A person's photo for a caller who may see the person (one read for both), or 404. */
async function visiblePhoto(context: PhotoContext, personId: string, photoId: string, consistent = false, intent: Intent = 'act'): Promise<Photo> {
  const { person, photo } = await getPersonAndPhoto(context.db, personId, photoId, context.audit.now, consistent);
  assertVisible(context, person, intent);
  if (!photo) throw notFound('The photo');
  return photo;
}

/**
 * Where a photo's files live. The upload lands under `uploads/` (expired by the bucket's lifecycle
 * after a day); only the checked, stripped copy under `photos/` is ever downloaded.
 */
export const photoFiles = (personId: string, photoId: string) => ({ upload: `uploads/${photoId}`, clean: `photos/${personId}/${photoId}` });

/**
 * Offers an upload of a person's photo (POST /v1/persons/{id}/photos): a pending photo, audited, at
 * most once per Idempotency-Key. The upload URL is signed afresh for every answer, a replay's too,
 * so no signed URL is kept with the key and a late retry still gets one that works.
 */
export async function requestPhotoUpload(
  context: PhotoContext,
  request: IdempotentRequest,
  personId: string,
  input: { contentType: PhotoContentType; sizeBytes: number; purpose: PhotoPurpose },
): Promise<StoredResponse & { replayed: boolean; body: { photoId: string; upload: UploadTarget } }> {
  const { db, audit, rules } = context;
  let checked = false;
  // The person is read with the Idempotency-Key's record (one BatchGetItem); a replay stops before
  // the plan, so it checks the person on its own before it gets a new URL.
  const written = await idempotentWrite(db, request, (prefetched) => {
    assertVisible(context, fromPersonItem(prefetched.get(keys.person(personId).pk)));
    checked = true;
    const photo: Photo = {
      id: timeOrderedId(audit.now),
      personId,
      status: 'pending',
      purpose: input.purpose,
      contentType: input.contentType,
      bytes: input.sizeBytes,
      uploadedBy: audit.actor.sub,
      createdAt: audit.now.toISOString(),
    };
    const forgetAt = Math.floor(audit.now.getTime() / 1000) + rules.photos.pendingHours * 3600;
    return {
      items: [pendingPhotoPut(db, photo, forgetAt), auditPut(db, audit, { action: 'person.photo.upload', subjectType: 'person', subjectId: personId, reason: `photo ${photo.id}` })],
      response: { status: 201, body: { photoId: photo.id }, headers: { location: `/v1/persons/${personId}/photos/${photo.id}` } },
      subject: personId,
    };
  }, [keys.person(personId)]);
  if (!checked) await photoPerson(context, personId);
  const { photoId } = written.body as { photoId: string };
  const upload = await context.photos.uploadTarget(photoFiles(personId, photoId).upload, input.contentType, input.sizeBytes, rules.photos.uploadSeconds);
  return { ...written, body: { photoId, upload } };
}

/** Checks a file by its content and size alone. */
export function checkPhoto(bytes: Uint8Array, rules: OutreachRules['photos']): ImageInspection {
  if (bytes.length > rules.maxBytes) {
    return { ok: false, reason: 'too_large', detail: `The file has ${bytes.length} bytes; a photo may have at most ${rules.maxBytes} bytes.` };
  }
  return inspectImage(bytes, { maxPixels: rules.maxPixels });
}

/**
 * Completes an upload (POST …/photos/{photoId}/complete): reads the file, checks it by content and
 * size, writes a copy stripped of metadata, marks the photo ready (audited) and deletes the upload.
 * A refused file leaves nothing: the upload is deleted and the pending photo forgotten, and the 400
 * names the reason. Completing a ready photo again returns it.
 */
export async function completePhoto(context: PhotoContext, personId: string, photoId: string): Promise<Photo> {
  const { db, audit, photos, rules } = context;
  const photo = await visiblePhoto(context, personId, photoId, true);
  if (photo.status === 'ready') return photo;
  const files = photoFiles(personId, photoId);
  const upload = await photos.read(files.upload);
  if (!upload) throw conflict('The file has not arrived: PUT it to the upload URL first, then complete the photo.');

  const checked = checkPhoto(upload, rules.photos);
  if (!checked.ok) {
    await forgetRefusedPhoto(context, personId, photoId, checked.reason);
    throw new DomainError('validation', `The file was refused (${checked.reason}); nothing of it was kept.`, { errors: [{ path: 'file', message: checked.detail }], reason: checked.reason });
  }

  const clean = stripMetadata(upload, checked.contentType);
  await photos.write(files.clean, clean, checked.contentType);
  const ready: Photo = {
    ...photo,
    status: 'ready',
    contentType: checked.contentType,
    bytes: clean.length,
    width: checked.width,
    height: checked.height,
    completedAt: audit.now.toISOString(),
  };
  try {
    await transactWrite(db, [
      photoReadyPut(db, ready),
      auditPut(db, audit, { action: 'person.photo.add', subjectType: 'person', subjectId: personId, reason: `photo ${photoId}` }),
    ]);
  } catch (error) {
    if (!(error instanceof TransactionCancelled)) throw error;
    // Another completion got there first: its answer is this one's.
    const now = await getPhoto(db, personId, photoId, audit.now, true);
    if (now?.status === 'ready') return now;
    throw conflict('The photo changed meanwhile; read it again.');
  }
  await photos.remove(files.upload);
  return ready;
}

/** Forgets a photo whose file was refused: the pending record (audited, with the reason) and the upload. */
async function forgetRefusedPhoto(context: PhotoContext, personId: string, photoId: string, reason: string) {
  const { db, audit, photos } = context;
  try {
    await transactWrite(db, [
      pendingPhotoDelete(db, personId, photoId),
      auditPut(db, audit, { action: 'person.photo.refused', subjectType: 'person', subjectId: personId, reason: `photo ${photoId}: ${reason}` }),
    ]);
  } catch (error) {
    if (!(error instanceof TransactionCancelled)) throw error;
    // Completed or refused meanwhile by another request: this one's file is no longer the photo's.
  }
  await photos.remove(photoFiles(personId, photoId).upload);
}

/** A person's photos, newest first, and which is the notice's portrait, for a caller who may handle them; audited as a read of the person. */
export async function personPhotos(context: PhotoContext, personId: string, page: PageRequest): Promise<Page<Photo> & { noticePhotoId: string | undefined }> {
  const { db, audit } = context;
  await photoPerson(context, personId, 'read');
  const [found, portrait] = await Promise.all([listPhotos(db, personId, audit.now, page), getNoticePortrait(db, personId)]);
  await appendAudit(db, audit, [{ action: 'person.photo.list', subjectType: 'person', subjectId: personId }]);
  return { ...found, noticePhotoId: portrait?.photoId };
}

/**
 * Chooses a ready portrait of a person as the photo of their tracing notice (POST
 * …/photos/{photoId}/notice-portrait), audited; it replaces an earlier choice, and choosing the
 * same photo again changes nothing. A photo that is not a ready portrait is a 422 with its reason.
 */
export async function choosePortrait(context: PhotoContext, personId: string, photoId: string): Promise<NoticePortrait> {
  const { db, audit, rules } = context;
  const photo = await visiblePhoto(context, personId, photoId, true);
  const refusal = portraitRefusal(photo);
  if (refusal) throw notAPortrait(refusal);
  const choice: NoticePortrait = { personId, photoId, chosenBy: audit.actor.sub, chosenAt: audit.now.toISOString(), rulesVersion: rules.photos.version };
  try {
    await transactWrite(db, [
      ...noticePortraitItems(db, choice),
      auditPut(db, audit, { action: 'person.photo.portrait', subjectType: 'person', subjectId: personId, reason: `photo ${photoId} chosen for the notice` }),
    ]);
  } catch (error) {
    if (error instanceof TransactionCancelled && error.failed('photoPortrait')) throw notAPortrait('photo_not_portrait');
    if (error instanceof TransactionCancelled) throw conflict('The photo changed meanwhile; read it again.');
    throw error;
  }
  return choice;
}

const notAPortrait = (reason: 'photo_not_ready' | 'photo_not_portrait') =>
  unprocessable(
    reason === 'photo_not_ready'
      ? 'Only a completed photo can be the notice’s portrait.'
      : 'Only a photo taken as a portrait (purpose portrait) can be published in the tracing notice.',
    { reason, errors: [{ path: 'photoId', message: reason === 'photo_not_ready' ? 'The photo is not completed yet.' : 'The photo is not a portrait.' }] },
  );

/** A short-lived URL of a ready photo's clean copy, for a caller who may see the person; audited as a read of personal data. */
export async function photoDownload(context: PhotoContext, personId: string, photoId: string): Promise<DownloadUrl> {
  const { db, audit, photos, rules } = context;
  const photo = await visiblePhoto(context, personId, photoId, false, 'read');
  if (photo.status !== 'ready') throw notFound('The photo');
  await appendAudit(db, audit, [{ action: 'person.photo.read', subjectType: 'person', subjectId: personId, reason: `photo ${photoId}` }]);
  return photos.downloadUrl(photoFiles(personId, photoId).clean, rules.photos.downloadSeconds);
}

/**
 * The photo of a tracing notice: a short-lived URL of the portrait staff chose for it, or undefined
 * when none has been chosen (never simply the newest photo: a mark or a document must not be
 * published). The caller has already checked that the notice may be shown and audits its own read.
 */
export async function noticePhoto(context: { db: Db; photos: PhotoStore; rules: OutreachRules }, personId: string): Promise<DownloadUrl | undefined> {
  const portrait = await getNoticePortrait(context.db, personId);
  return portrait ? context.photos.downloadUrl(photoFiles(personId, portrait.photoId).clean, context.rules.photos.downloadSeconds) : undefined;
}
