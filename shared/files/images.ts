/**
 * Person photos, judged by their bytes alone: what a file is comes from a structural walk of its
 * content (never its name or the type a client declared), and the copy anyone may download keeps
 * only what showing the image needs: every metadata block (EXIF with its GPS position above all,
 * XMP, IPTC, comments, thumbnails) is gone, and so is any byte a kept block does not need.
 *
 * Conventions: JPEG per ITU-T T.81 (markers, segment lengths, SOF/SOS/EOI), JFIF 1.02 (APP0: its
 * header fields, never its thumbnail), Adobe (APP14: its 12 bytes of fields), ICC.1 (APP2
 * "ICC_PROFILE") only for a profile of `KNOWN_ICC_PROFILES`; PNG per ISO/IEC 15948 (signature, IHDR
 * first, CRC-32 on every chunk, IEND last), colour chunks only at their specified length, iCCP
 * only for a known profile and rewritten under a neutral name. Pure: no I/O, no AWS.
 */
import { createHash } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { outreachRules } from '../domain/rules.js';

export type ImageType = 'image/jpeg' | 'image/png';

/** Why a file is not accepted as a photo (`too_large` is the caller's size limit, checked before the walk). */
export type ImageRejection = 'too_large' | 'empty' | 'not_an_image' | 'truncated' | 'malformed' | 'bad_crc' | 'too_many_pixels';

export type ImageInspection =
  | { ok: true; contentType: ImageType; width: number; height: number }
  | { ok: false; reason: ImageRejection; detail: string };

/**
 * ICC profiles a photo may keep, by the SHA-256 of the whole profile: profiles as their vendors ship
 * them, so they carry no one's text. Any other profile (a name, a description or a whole EXIF block
 * can sit in one) is dropped, and the image is then shown as sRGB, the web's default.
 */
export const KNOWN_ICC_PROFILES: Readonly<Record<string, string>> = {
  '2b3aa1645779a9e634744faf9b01e9102b0c9b88fd6deced7934df86b949af7e': 'sRGB IEC61966-2.1 (Hewlett-Packard, 3,144 bytes; perceptual intent, as cameras embed it)',
  '3f6d674174f3804eb0dabdac90ae17486e898c5063a66f861c116ea033da8301': 'sRGB IEC61966-2.1 (Hewlett-Packard, 3,144 bytes; relative colorimetric intent, as Photoshop embeds it)',
  '283e482d9b10db98fb7df2f6ef4bdf4ddf8de5a07d2c7530cc361ec4b29ed39a': 'Generic RGB Profile (Apple, 2007, 1,960 bytes)',
};

const isKnownProfile = (profile: Uint8Array) => createHash('sha256').update(profile).digest('hex') in KNOWN_ICC_PROFILES;

/** The largest ICC profile read at all (a PNG's iCCP is inflated up to this, never further). */
const MAX_ICC_BYTES = 1 << 20;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Decides what a file is by its content: a JPEG or PNG that walks cleanly from its first byte to its end marker. */
export function inspectImage(bytes: Uint8Array, options: { maxPixels?: number } = {}): ImageInspection {
  if (bytes.length === 0) return reject('empty', 'The file is empty.');
  const walked = isPng(bytes) ? walkPng(bytes) : isJpeg(bytes) ? walkJpeg(bytes) : reject('not_an_image', 'The file is neither a JPEG nor a PNG image.');
  if (!walked.ok) return walked;
  const maxPixels = options.maxPixels ?? outreachRules.photos.maxPixels;
  if (walked.width * walked.height > maxPixels) {
    return reject('too_many_pixels', `The image has ${walked.width}×${walked.height} pixels; at most ${maxPixels} pixels are accepted.`);
  }
  return { ok: true, contentType: walked.contentType, width: walked.width, height: walked.height };
}

/**
 * The image without its metadata: for JPEG the first JFIF header's fields (no thumbnail, nothing
 * after them), Adobe's fields, a known ICC profile, the tables, frames and scans, and nothing else:
 * no other APPn, comment, JPG0–JPG13 or reserved marker segment, nothing after EOI (phones append
 * further images there, with their own EXIF); for PNG only the chunks of `PNG_KEPT_CHUNKS` at
 * their specified length, the pixels untouched. Throws on a file that `inspectImage` refuses, so
 * only checked bytes are ever stripped.
 *
 * One fact of the EXIF survives, rebuilt from nothing: a JPEG's orientation. A phone stores the
 * sensor's pixels and an Orientation tag; without it a portrait photo would show on its side. The
 * new EXIF holds that one tag and nothing else.
 */
export function stripMetadata(bytes: Uint8Array, contentType: ImageType): Uint8Array {
  const walked = contentType === 'image/png' ? walkPng(bytes) : walkJpeg(bytes);
  if (!walked.ok || walked.contentType !== contentType) throw new Error(`Not a valid ${contentType} image.`);
  const parts = walked.kept.map((part) => (part instanceof Uint8Array ? part : bytes.subarray(part[0], part[1])));
  if (walked.orientation !== undefined && walked.orientation !== 1) {
    // After SOI, or after JFIF's APP0 where there is one (JFIF wants to come first).
    const afterJfif = parts[1]?.[0] === 0xff && parts[1]?.[1] === 0xe0 ? 2 : 1;
    parts.splice(afterJfif, 0, orientationExif(walked.orientation));
  }
  return concat(parts);
}

/** An EXIF APP1 segment holding only an Orientation tag (big-endian TIFF, one IFD with one entry). */
function orientationExif(orientation: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const exif = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  return Uint8Array.from([0xff, 0xe1, 0, exif.length + 2, ...exif]);
}

/** The Orientation (1 to 8) of IFD0 in an EXIF APP1 segment, or undefined; every offset bounds-checked. */
function exifOrientation(bytes: Uint8Array, segmentStart: number, segmentEnd: number): number | undefined {
  const tiff = segmentStart + 10;
  if (ascii(bytes, segmentStart + 4, segmentStart + 10) !== 'Exif\0\0' || tiff + 8 > segmentEnd) return undefined;
  const order = ascii(bytes, tiff, tiff + 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const little = order === 'II';
  const read16 = (at: number) => (little ? (bytes[at] as number) | ((bytes[at + 1] as number) << 8) : u16(bytes, at));
  const read32 = (at: number) => (little ? (read16(at) + read16(at + 2) * 0x10000) : u32(bytes, at));
  if (read16(tiff + 2) !== 42) return undefined;
  const ifd = tiff + read32(tiff + 4);
  if (ifd + 2 > segmentEnd) return undefined;
  const count = read16(ifd);
  for (let index = 0; index < count; index += 1) {
    const entry = ifd + 2 + 12 * index;
    if (entry + 12 > segmentEnd) return undefined;
    if (read16(entry) !== 0x0112) continue;
    const value = read16(entry + 8);
    return read16(entry + 2) === 3 && read32(entry + 4) === 1 && value >= 1 && value <= 8 ? value : undefined;
  }
  return undefined;
}

/** PNG chunks that carry pixels, palette or colour handling, and nothing about who or where (iCCP rewritten, see `keptIccp`). */
export const PNG_KEPT_CHUNKS = ['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'pHYs', 'sBIT', 'bKGD'] as const;

/** What stripping keeps of a file: a byte range of it, or bytes rebuilt from its fields. */
type Kept = [number, number] | Uint8Array;

type Walked =
  | { ok: true; contentType: ImageType; width: number; height: number; kept: Kept[]; orientation?: number }
  | { ok: false; reason: ImageRejection; detail: string };

const reject = (reason: ImageRejection, detail: string) => ({ ok: false as const, reason, detail });

const isJpeg = (bytes: Uint8Array) => bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
const isPng = (bytes: Uint8Array) => bytes.length >= 8 && PNG_SIGNATURE.every((value, index) => bytes[index] === value);

const u16 = (bytes: Uint8Array, at: number) => ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
const u32 = (bytes: Uint8Array, at: number) => (((bytes[at] as number) << 24) >>> 0) + (((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number));
const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));

// ---- JPEG ----------------------------------------------------------------------------------

/** Start-of-frame markers (baseline, extended, progressive, lossless, arithmetic); C4, C8 and CC are not frames. */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * Segments a decoder needs, kept as they are: tables (DQT, DHT, DAC), frames, scans, restart
 * interval (DRI), DNL, DHP and EXP. Not JPG (0xC8), JPG0–JPG13 (0xF0–0xFD), the reserved 0x02–0xBF,
 * APPn or COM: none is needed to show a photo, and each can carry anything.
 */
const isImageSegment = (marker: number) => marker >= 0xc0 && marker <= 0xdf && marker !== 0xc8;

/**
 * Whether a kept segment's payload is exactly its fields (T.81 B.2.2–B.3.2, B.2.4): quantisation and
 * Huffman tables sized by their own counts, frame and scan headers by their component counts,
 * restart interval, DNL and EXP fixed. A decoder reads no byte beyond them, so bytes there could
 * only carry something else: such a file is refused rather than passed on.
 */
function fieldsFit(bytes: Uint8Array, marker: number, start: number, end: number): boolean {
  const size = end - start;
  if (marker === 0xdb || marker === 0xc4) {
    let at = start;
    while (at < end) {
      const table = marker === 0xdb ? 1 + 64 * (((bytes[at] as number) >> 4) + 1) : at + 17 <= end ? 17 + bytes.subarray(at + 1, at + 17).reduce((sum, count) => sum + count, 0) : Infinity;
      at += table;
    }
    return at === end && size > 0;
  }
  if (isStartOfFrame(marker) || marker === 0xde) return size >= 6 && size === 6 + 3 * (bytes[start + 5] as number);
  if (marker === 0xda) return size >= 1 && size === 4 + 2 * (bytes[start] as number);
  if (marker === 0xdd || marker === 0xdc) return size === 2;
  if (marker === 0xdf) return size === 1;
  if (marker === 0xcc) return size > 0 && size % 2 === 0;
  return true;
}

/** A segment rebuilt from its first `fields` payload bytes, when it has them all (anything after them dropped). */
function fieldsOnly(bytes: Uint8Array, marker: number, start: number, end: number, fields: number): Uint8Array | undefined {
  if (end - (start + 4) < fields) return undefined;
  return Uint8Array.from([0xff, marker, 0, fields + 2, ...bytes.subarray(start + 4, start + 4 + fields)]);
}

/**
 * JFIF's APP0 as JFIF 1.02 defines its fields (identifier, version, units, densities), with the
 * thumbnail size set to 0×0 and the thumbnail and anything after it dropped.
 */
function jfifHeader(bytes: Uint8Array, start: number, end: number): Uint8Array | undefined {
  const header = fieldsOnly(bytes, 0xe0, start, end, 14);
  if (header) header.fill(0, 16);
  return header;
}

/** Adobe's APP14 fields (identifier, version, flags 0 and 1, colour transform), nothing after them. */
const adobeFields = (bytes: Uint8Array, start: number, end: number) => fieldsOnly(bytes, 0xee, start, end, 12);

/** ICC_PROFILE APP2 segments (ICC.1 annex B.4: identifier, sequence number, count, a part of the profile). */
type IccSegment = { start: number; end: number; sequence: number; count: number };

/** Whether the ICC segments hold one whole known profile, in order (else they are dropped). */
function knownIccProfile(bytes: Uint8Array, segments: IccSegment[]): boolean {
  if (segments.length === 0) return false;
  const count = segments[0]!.count;
  if (segments.length !== count || segments.some((part, index) => part.count !== count || part.sequence !== index + 1)) return false;
  const profile = concat(segments.map((part) => bytes.subarray(part.start + 18, part.end)));
  return profile.length <= MAX_ICC_BYTES && isKnownProfile(profile);
}

/**
 * Walks a JPEG from SOI to EOI: every marker segment must fit, a frame header (SOF) must come before
 * the first scan (SOS), and the file must reach EOI. Records the byte ranges that stripping keeps.
 */
function walkJpeg(bytes: Uint8Array): Walked {
  const kept: Kept[] = [[0, 2]];
  let at = 2;
  let frame: { width: number; height: number } | undefined;
  let scanned = false;
  let orientation: number | undefined;
  let jfif = false;
  let adobe = false;
  // ICC segments wait in `kept` until the whole profile is known; `iccAt` is where they go.
  const icc: IccSegment[] = [];
  let iccAt: number | undefined;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) return reject('malformed', `Expected a JPEG marker at byte ${at}.`);
    // Any number of 0xFF fill bytes may precede a marker.
    while (at < bytes.length && bytes[at] === 0xff) at += 1;
    if (at >= bytes.length) break;
    const marker = bytes[at] as number;
    const markerStart = at - 1;
    at += 1;
    if (marker === 0xd9) {
      if (!frame || !scanned) return reject('malformed', 'The JPEG ends before any image data.');
      kept.push([markerStart, at]);
      if (iccAt !== undefined && knownIccProfile(bytes, icc)) kept.splice(iccAt, 0, ...icc.map((part): Kept => [part.start, part.end]));
      return { ok: true, contentType: 'image/jpeg', ...frame, kept, ...(orientation ? { orientation } : {}) };
    }
    if (marker === 0x00 || marker === 0xd8) return reject('malformed', `Unexpected JPEG marker 0xFF${marker.toString(16).toUpperCase().padStart(2, '0')} at byte ${markerStart}.`);
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      kept.push([markerStart, at]);
      continue;
    }
    if (at + 2 > bytes.length) return reject('truncated', 'The JPEG is cut off inside a segment header.');
    const length = u16(bytes, at);
    if (length < 2) return reject('malformed', `A JPEG segment at byte ${markerStart} has an impossible length.`);
    const end = at + length;
    if (end > bytes.length) return reject('truncated', 'The JPEG is cut off inside a segment.');
    if (isStartOfFrame(marker)) {
      if (frame) return reject('malformed', 'The JPEG has two frame headers.');
      if (length < 8) return reject('malformed', 'The JPEG frame header is too short.');
      const height = u16(bytes, at + 3);
      const width = u16(bytes, at + 5);
      if (width === 0 || height === 0) return reject('malformed', 'The JPEG frame has no width or height.');
      frame = { width, height };
    }
    if (marker === 0xe1 && orientation === undefined) orientation = exifOrientation(bytes, markerStart, end);
    const identifier = ascii(bytes, markerStart + 4, Math.min(end, markerStart + 16));
    if (isImageSegment(marker)) {
      if (!fieldsFit(bytes, marker, at + 2, end)) return reject('malformed', `A JPEG segment at byte ${markerStart} does not fit its fields.`);
      kept.push([markerStart, end]);
    } else if (marker === 0xe0 && !jfif && identifier.startsWith('JFIF\0')) {
      const header = jfifHeader(bytes, markerStart, end);
      if (header) kept.push(header);
      jfif = true;
    } else if (marker === 0xee && !adobe && identifier.startsWith('Adobe')) {
      const fields = adobeFields(bytes, markerStart, end);
      if (fields) kept.push(fields);
      adobe = true;
    } else if (marker === 0xe2 && identifier.startsWith('ICC_PROFILE\0') && length >= 16) {
      iccAt ??= kept.length;
      icc.push({ start: markerStart, end, sequence: bytes[markerStart + 16] as number, count: bytes[markerStart + 17] as number });
    }
    at = end;
    if (marker === 0xda) {
      if (!frame) return reject('malformed', 'The JPEG has image data before its frame header.');
      scanned = true;
      // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart marker.
      const dataStart = at;
      while (at < bytes.length) {
        if (bytes[at] === 0xff && at + 1 < bytes.length) {
          const next = bytes[at + 1] as number;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        at += 1;
      }
      if (at >= bytes.length - 1) return reject('truncated', 'The JPEG is cut off inside its image data.');
      kept.push([dataStart, at]);
    }
  }
  return reject('truncated', 'The JPEG ends without its end-of-image marker.');
}

// ---- PNG -----------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, as PNG uses it) of a byte range. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i += 1) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Whether an ancillary colour chunk has the length ISO/IEC 15948 gives it for this image (section
 * 11.3): a longer one carries bytes no decoder reads, a shorter one is broken; either is dropped.
 */
function fitsItsLength(type: string, length: number, colourType: number): boolean {
  switch (type) {
    case 'gAMA':
      return length === 4;
    case 'cHRM':
      return length === 32;
    case 'sRGB':
      return length === 1;
    case 'pHYs':
      return length === 9;
    case 'sBIT':
      return length === ({ 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 } as Record<number, number>)[colourType];
    case 'bKGD':
      return length === ({ 0: 2, 2: 6, 3: 1, 4: 2, 6: 6 } as Record<number, number>)[colourType];
    case 'tRNS':
      return colourType === 0 ? length === 2 : colourType === 2 ? length === 6 : colourType === 3 ? length >= 1 && length <= 256 : false;
    default:
      return true;
  }
}

/**
 * A PNG's iCCP chunk rebuilt when it holds a known profile: the profile name (free Latin-1 text)
 * becomes "ICC profile" and the profile is compressed afresh, so neither the name nor bytes after
 * the compressed stream survive. Undefined (the chunk dropped) for any other profile.
 */
function keptIccp(bytes: Uint8Array, dataStart: number, dataEnd: number): Uint8Array | undefined {
  const data = bytes.subarray(dataStart, dataEnd);
  const nameEnd = data.indexOf(0);
  if (nameEnd < 1 || nameEnd > 79 || data[nameEnd + 1] !== 0) return undefined;
  let profile: Uint8Array;
  try {
    profile = inflateSync(data.subarray(nameEnd + 2), { maxOutputLength: MAX_ICC_BYTES });
  } catch {
    return undefined;
  }
  if (!isKnownProfile(profile)) return undefined;
  const body = concat([Uint8Array.from([0x69, 0x43, 0x43, 0x50]), new TextEncoder().encode('ICC profile\0\0'), deflateSync(profile)]);
  const chunk = new Uint8Array(body.length + 8);
  new DataView(chunk.buffer).setUint32(0, body.length - 4);
  chunk.set(body, 4);
  new DataView(chunk.buffer).setUint32(body.length + 4, crc32(body));
  return chunk;
}

/** Allowed bit depths per PNG colour type (ISO/IEC 15948, table 11.1). */
const PNG_BIT_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/**
 * Walks a PNG chunk by chunk: the signature, IHDR first with valid dimensions and format, every
 * chunk's CRC, image data present, IEND last with nothing after it. An unknown critical chunk
 * (upper-case first letter) is refused, as a decoder must; unknown ancillary chunks are dropped.
 */
function walkPng(bytes: Uint8Array): Walked {
  const kept: Kept[] = [[0, 8]];
  let at = 8;
  let header: { width: number; height: number; colourType: number } | undefined;
  let sawPalette = false;
  let sawData = false;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) return reject('truncated', 'The PNG is cut off inside a chunk header.');
    const length = u32(bytes, at);
    const type = ascii(bytes, at + 4, at + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) return reject('malformed', `A PNG chunk at byte ${at} has no valid type.`);
    if (length > 0x7fffffff) return reject('malformed', `The PNG chunk ${type} has an impossible length.`);
    const end = at + 12 + length;
    if (end > bytes.length) return reject('truncated', `The PNG is cut off inside its ${type} chunk.`);
    if (crc32(bytes, at + 4, at + 8 + length) !== u32(bytes, at + 8 + length)) return reject('bad_crc', `The PNG chunk ${type} fails its CRC check.`);
    if (!header && type !== 'IHDR') return reject('malformed', 'The PNG does not start with its IHDR chunk.');
    if (type === 'IHDR') {
      if (header) return reject('malformed', 'The PNG has two IHDR chunks.');
      if (length !== 13) return reject('malformed', 'The PNG IHDR chunk has the wrong length.');
      const width = u32(bytes, at + 8);
      const height = u32(bytes, at + 12);
      const bitDepth = bytes[at + 16] as number;
      const colourType = bytes[at + 17] as number;
      if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return reject('malformed', 'The PNG has no valid width or height.');
      if (!PNG_BIT_DEPTHS[colourType]?.includes(bitDepth)) return reject('malformed', 'The PNG has an invalid colour type or bit depth.');
      if (bytes[at + 18] !== 0 || bytes[at + 19] !== 0 || (bytes[at + 20] as number) > 1) return reject('malformed', 'The PNG names an unknown compression, filter or interlace method.');
      header = { width, height, colourType };
    } else if (type === 'PLTE') {
      if (length === 0 || length > 768 || length % 3 !== 0) return reject('malformed', 'The PNG palette has an impossible length.');
      sawPalette = true;
    } else if (type === 'IDAT') {
      if (header?.colourType === 3 && !sawPalette) return reject('malformed', 'The PNG has palette image data without a palette.');
      sawData = true;
    } else if (type === 'IEND') {
      if (!sawData) return reject('malformed', 'The PNG has no image data.');
      if (end !== bytes.length) return reject('malformed', 'The PNG has data after its IEND chunk.');
      kept.push([at, end]);
      return { ok: true, contentType: 'image/png', width: header!.width, height: header!.height, kept };
    } else if (!(PNG_KEPT_CHUNKS as readonly string[]).includes(type) && (type.charCodeAt(0) & 0x20) === 0) {
      return reject('malformed', `The PNG has an unknown critical chunk ${type}.`);
    }
    if (type === 'iCCP') {
      const rebuilt = keptIccp(bytes, at + 8, at + 8 + length);
      if (rebuilt) kept.push(rebuilt);
    } else if ((PNG_KEPT_CHUNKS as readonly string[]).includes(type) && fitsItsLength(type, length, header!.colourType)) {
      kept.push([at, end]);
    }
    at = end;
  }
  return reject('truncated', 'The PNG ends without its IEND chunk.');
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
