import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { mayActIn, primaryRole, type Actor, type Intent } from './access.js';

/** The image types a person's photo may have (decided by content, never by name or declared type). */
export const photoContentTypes = ['image/jpeg', 'image/png'] as const;
export type PhotoContentType = (typeof photoContentTypes)[number];

/**
 * What a photo shows, said by whoever takes it: `portrait` (the face, for the tracing notice),
 * `mark` (a distinguishing mark: a scar, a tattoo), `document` (a paper the person carries),
 * `other`. Only a portrait can be chosen for the notice; a photo stored before purposes were
 * recorded reads as `other`, so it is never published by default.
 */
export const photoPurposes = ['portrait', 'mark', 'document', 'other'] as const;
export type PhotoPurpose = (typeof photoPurposes)[number];

/**
 * A photo of a person. `pending` from the moment an upload is offered until its file has been
 * checked and stripped of metadata; only `ready` photos are ever downloaded, and only from their
 * clean copy.
 */
export type Photo = {
  id: string;
  personId: string;
  status: 'pending' | 'ready';
  purpose: PhotoPurpose;
  contentType: PhotoContentType;
  /** The size announced for the upload while pending; the clean copy's size once ready. */
  bytes: number;
  width?: number;
  height?: number;
  /** The `sub` of the worker who asked for the upload. */
  uploadedBy: string;
  createdAt: string;
  completedAt?: string;
};

/**
 * The portrait that staff chose for a person's tracing notice (寻亲公告): the only photo a notice
 * ever publishes (never simply the newest), with who chose it, when, and on which rules.
 */
export type NoticePortrait = { personId: string; photoId: string; chosenBy: string; chosenAt: string; rulesVersion: string };

export const noticePortraitView = z.strictObject({ personId: z.string(), photoId: z.string(), chosenBy: z.string(), chosenAt: z.string(), rulesVersion: z.string() });

/**
 * Whether a caller has a reason to handle a person's photos (offer, complete, list, download, choose):
 * photos are biometric data (PIPL art. 28), so each role gets them only where its work needs them.
 * The office everywhere; patrol and tracers in their district (recognising a person on the street,
 * comparing with a family's report); shelter staff only for a person in care at their own facility
 * (`custom:facility`): staff of another facility, or without a facility, have no reason to.
 */
export function mayHandlePhotos(actor: Actor, person: { district: string }, openStay: { facilityId: string } | undefined, intent: Intent = 'act'): boolean {
  if (!mayActIn(actor, person.district, intent)) return false;
  if (primaryRole(actor) !== 'shelter') return true;
  return actor.facility !== undefined && openStay?.facilityId === actor.facility;
}

/** Why a photo cannot be the notice's portrait (a stable reason code), or undefined when it can. */
export function portraitRefusal(photo: Pick<Photo, 'status' | 'purpose'>): 'photo_not_ready' | 'photo_not_portrait' | undefined {
  if (photo.status !== 'ready') return 'photo_not_ready';
  if (photo.purpose !== 'portrait') return 'photo_not_portrait';
  return undefined;
}

/** What every role that may see a person's photos gets of one (no file keys, nothing else). */
export const photoView = z
  .object({
    photoId: z.string(),
    personId: z.string(),
    status: z.enum(['pending', 'ready']),
    purpose: z.enum(photoPurposes),
    /** Whether this is the portrait chosen for the tracing notice. */
    noticePortrait: z.boolean(),
    contentType: z.enum(photoContentTypes),
    bytes: z.number().int(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    uploadedBy: z.string(),
    createdAt: z.string(),
    completedAt: z.string().optional(),
  });

export const viewPhoto = ({ id, ...photo }: Photo, noticePhotoId?: string) => photoView.parse({ photoId: id, ...photo, noticePortrait: id === noticePhotoId });

/**
 * A time-ordered id (UUID version 7, RFC 9562): milliseconds since the epoch, then random bits. Its
 * text sorts by creation time, so a person's photos come newest first from their key alone.
 */
export function timeOrderedId(now: Date): string {
  const bytes = randomBytes(16);
  const ms = BigInt(now.getTime());
  for (let i = 0; i < 6; i += 1) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | ((bytes[6] as number) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
