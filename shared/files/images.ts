/**
 * Person photos, judged by their bytes alone: what a file is comes from a structural walk of its
 * content (never its name or the type a client declared), and the copy anyone may download has
 * lost every metadata block (EXIF with its GPS position above all, XMP, IPTC, comments).
 *
 * Conventions: JPEG per ITU-T T.81 (markers, segment lengths, SOF/SOS/EOI) with JFIF (APP0), ICC
 * (APP2 "ICC_PROFILE") and Adobe (APP14) kept; PNG per ISO/IEC 15948 (signature, IHDR first, CRC-32
 * on every chunk, IEND last). Pure: no I/O, no AWS.
 */

export type ImageType = 'image/jpeg' | 'image/png';

/** Why a file is not accepted as a photo (`too_large` is the caller's size limit, checked before the walk). */
export type ImageRejection = 'too_large' | 'empty' | 'not_an_image' | 'truncated' | 'malformed' | 'bad_crc' | 'too_many_pixels';

export type ImageInspection =
  | { ok: true; contentType: ImageType; width: number; height: number }
  | { ok: false; reason: ImageRejection; detail: string };

/** Largest pixel count accepted unless the caller says otherwise (see `photos.maxPixels` in rules.ts). */
const DEFAULT_MAX_PIXELS = 89_478_485;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Decides what a file is by its content: a JPEG or PNG that walks cleanly from its first byte to its end marker. */
export function inspectImage(bytes: Uint8Array, options: { maxPixels?: number } = {}): ImageInspection {
  if (bytes.length === 0) return reject('empty', 'The file is empty.');
  const walked = isPng(bytes) ? walkPng(bytes) : isJpeg(bytes) ? walkJpeg(bytes) : reject('not_an_image', 'The file is neither a JPEG nor a PNG image.');
  if (!walked.ok) return walked;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (walked.width * walked.height > maxPixels) {
    return reject('too_many_pixels', `The image has ${walked.width}×${walked.height} pixels; at most ${maxPixels} pixels are accepted.`);
  }
  return { ok: true, contentType: walked.contentType, width: walked.width, height: walked.height };
}

/**
 * The image without its metadata: for JPEG every APPn segment but JFIF (APP0), ICC (APP2) and Adobe
 * (APP14), every comment, and anything after EOI (phones append further images there, with their
 * own EXIF); for PNG only the chunks of `PNG_KEPT_CHUNKS`, the pixels untouched. Throws on a file
 * that `inspectImage` refuses, so only checked bytes are ever stripped.
 *
 * One fact of the EXIF survives, rebuilt from nothing: a JPEG's orientation. A phone stores the
 * sensor's pixels and an Orientation tag; without it a portrait photo would show on its side. The
 * new EXIF holds that one tag and nothing else.
 */
export function stripMetadata(bytes: Uint8Array, contentType: ImageType): Uint8Array {
  const walked = contentType === 'image/png' ? walkPng(bytes) : walkJpeg(bytes);
  if (!walked.ok || walked.contentType !== contentType) throw new Error(`Not a valid ${contentType} image.`);
  const parts = walked.kept.map(([start, end]) => bytes.subarray(start, end));
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

/** PNG chunks that carry pixels, palette or colour handling, and nothing about who or where. */
export const PNG_KEPT_CHUNKS = ['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'pHYs', 'sBIT', 'bKGD'] as const;

type Walked =
  | { ok: true; contentType: ImageType; width: number; height: number; kept: [number, number][]; orientation?: number }
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

/** Whether a segment survives stripping: JFIF, an ICC profile, Adobe's colour transform; never EXIF, XMP, IPTC, MPF or a comment. */
function keepJpegSegment(bytes: Uint8Array, marker: number, start: number, end: number): boolean {
  if (marker === 0xfe) return false;
  if (marker < 0xe0 || marker > 0xef) return true;
  const identifier = ascii(bytes, start + 4, Math.min(end, start + 4 + 16));
  if (marker === 0xe0) return identifier.startsWith('JFIF\0');
  if (marker === 0xe2) return identifier.startsWith('ICC_PROFILE\0');
  if (marker === 0xee) return identifier.startsWith('Adobe');
  return false;
}

/**
 * Walks a JPEG from SOI to EOI: every marker segment must fit, a frame header (SOF) must come before
 * the first scan (SOS), and the file must reach EOI. Records the byte ranges that stripping keeps.
 */
function walkJpeg(bytes: Uint8Array): Walked {
  const kept: [number, number][] = [[0, 2]];
  let at = 2;
  let frame: { width: number; height: number } | undefined;
  let scanned = false;
  let orientation: number | undefined;
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
    if (keepJpegSegment(bytes, marker, markerStart, end)) kept.push([markerStart, end]);
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

/** Allowed bit depths per PNG colour type (ISO/IEC 15948, table 11.1). */
const PNG_BIT_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/**
 * Walks a PNG chunk by chunk: the signature, IHDR first with valid dimensions and format, every
 * chunk's CRC, image data present, IEND last with nothing after it. An unknown critical chunk
 * (upper-case first letter) is refused, as a decoder must; unknown ancillary chunks are dropped.
 */
function walkPng(bytes: Uint8Array): Walked {
  const kept: [number, number][] = [[0, 8]];
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
    if ((PNG_KEPT_CHUNKS as readonly string[]).includes(type)) kept.push([at, end]);
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
