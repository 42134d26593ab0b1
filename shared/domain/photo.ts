import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** The image types a person's photo may have (decided by content, never by name or declared type). */
export const photoContentTypes = ['image/jpeg', 'image/png'] as const;
export type PhotoContentType = (typeof photoContentTypes)[number];

/**
 * A photo of a person, for the tracing notice (寻亲公告). `pending` from the moment an upload is
 * offered until its file has been checked and stripped of metadata; only `ready` photos are ever
 * downloaded, and only from their clean copy.
 */
export type Photo = {
  id: string;
  personId: string;
  status: 'pending' | 'ready';
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

/** What every role that may see a person's photos gets of one (no file keys, nothing else). */
export const photoView = z
  .object({
    photoId: z.string(),
    personId: z.string(),
    status: z.enum(['pending', 'ready']),
    contentType: z.enum(photoContentTypes),
    bytes: z.number().int(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    uploadedBy: z.string(),
    createdAt: z.string(),
    completedAt: z.string().optional(),
  });

export const viewPhoto = ({ id, ...photo }: Photo) => photoView.parse({ photoId: id, ...photo });

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
