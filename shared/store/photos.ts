import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { NoticePortrait, Photo } from '../domain/photo.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { batchGetAll } from './batch.js';
import { queryPage, type Page, type PageRequest } from './pagination.js';
import { fromPersonItem, type StoredPerson } from './persons.js';
import { putNew, type TransactItem } from './transact.js';

/**
 * A photo is one item beside its person (`PERSON#id`, `PHOTO#photoId`). A pending one carries a TTL,
 * so an upload never completed is forgotten (its file expires by the bucket's lifecycle as well).
 */
const photoItem = (photo: Photo) => ({ ...keys.photo(photo.personId, photo.id), type: 'photo', photo });

/** A stored photo; one stored before purposes were recorded is `other` (never published by default). */
const photoOf = (item: Record<string, unknown>): Photo => ({ purpose: 'other', ...(item['photo'] as Omit<Photo, 'purpose'> & { purpose?: Photo['purpose'] }) }) as Photo;

const pendingCondition = {
  ConditionExpression: '#photo.#status = :pending',
  ExpressionAttributeNames: { '#photo': 'photo', '#status': 'status' },
  ExpressionAttributeValues: { ':pending': 'pending' },
};

/** The transaction item of a new pending photo, forgotten at `expiresAt` (epoch seconds) unless completed. */
export const pendingPhotoPut = (db: Db, photo: Photo, expiresAt: number): TransactItem => putNew(db, { ...photoItem(photo), expiresAt });

/** The transaction item that makes a pending photo ready (guard `photoPending`), its TTL dropped. */
export const photoReadyPut = (db: Db, photo: Photo): TransactItem => ({
  guard: 'photoPending',
  Put: { TableName: db.tableName, Item: photoItem(photo), ...pendingCondition },
});

/** The transaction item that forgets a pending photo whose file was refused (guard `photoPending`). */
export const pendingPhotoDelete = (db: Db, personId: string, photoId: string): TransactItem => ({
  guard: 'photoPending',
  Delete: { TableName: db.tableName, Key: keys.photo(personId, photoId), ...pendingCondition },
});

/** A photo of a person, or undefined; a pending one past its TTL counts as gone. */
export async function getPhoto(db: Db, personId: string, photoId: string, now: Date, consistent = false): Promise<Photo | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.photo(personId, photoId), ConsistentRead: consistent }));
  return result.Item && live(result.Item, now) ? photoOf(result.Item) : undefined;
}

/**
 * A person and one of their photos in one BatchGetItem (unprocessed keys retried): what a photo
 * route needs to check the caller's jurisdiction and find the photo, in one round trip.
 */
export async function getPersonAndPhoto(
  db: Db,
  personId: string,
  photoId: string,
  now: Date,
  consistent = false,
): Promise<{ person: StoredPerson | undefined; photo: Photo | undefined }> {
  const found = new Map<string, Record<string, unknown>>();
  const items = await batchGetAll(db, [keys.person(personId), keys.photo(personId, photoId)], { ConsistentRead: consistent });
  // Both items share the person's partition: told apart by sort key.
  for (const item of items) found.set(String(item['sk']), item);
  const photoItem = found.get(keys.photo(personId, photoId).sk);
  return { person: fromPersonItem(found.get(keys.person(personId).sk)), photo: photoItem && live(photoItem, now) ? photoOf(photoItem) : undefined };
}

/** DynamoDB deletes expired items within days, not at once: an expired pending photo is already gone for readers. */
const live = (item: Record<string, unknown>, now: Date) => typeof item['expiresAt'] !== 'number' || item['expiresAt'] * 1000 > now.getTime();

/** A person's photos, newest first (one query of the person's partition), pending ones past their TTL left out. */
export async function listPhotos(db: Db, personId: string, now: Date, page: PageRequest, onlyReady = false): Promise<Page<Photo>> {
  const pk = keys.person(personId).pk;
  const prefix = keys.photoPrefix();
  const { items, nextCursor } = await queryPage(
    db,
    {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: onlyReady ? '#photo.#status = :ready' : 'attribute_not_exists(expiresAt) OR expiresAt > :now',
      ExpressionAttributeNames: onlyReady ? { '#photo': 'photo', '#status': 'status' } : undefined,
      ExpressionAttributeValues: onlyReady ? { ':pk': pk, ':prefix': prefix, ':ready': 'ready' } : { ':pk': pk, ':prefix': prefix, ':now': Math.floor(now.getTime() / 1000) },
      ScanIndexForward: false,
    },
    page,
    { partition: { pk }, sortKeyWithin: (sortKey) => sortKey.startsWith(prefix) },
  );
  return { items: items.map(photoOf), nextCursor };
}

/**
 * The transaction items that choose a portrait for a person's notice: the photo still a ready
 * portrait (guard `photoPortrait`), and the one choice item beside the person replaced (a repeat
 * writes the same choice again, never a second one).
 */
export const noticePortraitItems = (db: Db, choice: NoticePortrait): TransactItem[] => [
  {
    guard: 'photoPortrait',
    ConditionCheck: {
      TableName: db.tableName,
      Key: keys.photo(choice.personId, choice.photoId),
      ConditionExpression: '#photo.#status = :ready AND #photo.#purpose = :portrait',
      ExpressionAttributeNames: { '#photo': 'photo', '#status': 'status', '#purpose': 'purpose' },
      ExpressionAttributeValues: { ':ready': 'ready', ':portrait': 'portrait' },
    },
  },
  { Put: { TableName: db.tableName, Item: { ...keys.noticePortrait(choice.personId), type: 'noticePortrait', choice } } },
];

/** The portrait chosen for a person's notice, or undefined when staff have chosen none. */
export async function getNoticePortrait(db: Db, personId: string, consistent = false): Promise<NoticePortrait | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.noticePortrait(personId), ConsistentRead: consistent }));
  return result.Item ? (result.Item['choice'] as NoticePortrait) : undefined;
}
