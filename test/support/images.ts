/**
 * Small real images built byte by byte, with the metadata a phone writes: EXIF carrying a GPS
 * position, XMP, IPTC, comments. The GPS position is 29°59′6.72″N 106°20′58.56″E (草街, 合川区).
 */
import { deflateSync } from 'node:zlib';
import { crc32 } from '../../shared/files/images.js';

const bytes = (...parts: (number[] | Uint8Array | string)[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'utf8')] : [...part])));
const be16 = (value: number) => [(value >> 8) & 0xff, value & 0xff];
const be32 = (value: number) => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
const le16 = (value: number) => [value & 0xff, (value >> 8) & 0xff];
const le32 = (value: number) => [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >>> 24) & 0xff];

/** The GPS rationals as they sit in the file (little-endian): degrees, minutes, seconds of latitude, then longitude. */
export const GPS_RATIONALS = Uint8Array.from([
  ...le32(29), ...le32(1), ...le32(59), ...le32(1), ...le32(672), ...le32(100),
  ...le32(106), ...le32(1), ...le32(20), ...le32(1), ...le32(5856), ...le32(100),
]);

/**
 * A TIFF structure (little-endian) as EXIF carries it: IFD0 with Make, a GPSInfo pointer and, if
 * given, an Orientation, and a GPS IFD with latitude and longitude and their references.
 */
export function exifTiff(orientation?: number): Uint8Array {
  const entry = (tag: number, type: number, count: number, value: number[]) => [...le16(tag), ...le16(type), ...le32(count), ...value];
  // Layout: header (8) | IFD0 at 8 | "PhoneCam\0" (9, padded to 10) | GPS IFD: 4 entries (2 + 48 + 4 = 54) | rationals.
  const ifd0Entries = orientation === undefined ? 2 : 3;
  const make = 8 + 2 + 12 * ifd0Entries + 4;
  const gps = make + 10;
  const rationals = gps + 54;
  return bytes(
    'II', le16(42), le32(8),
    le16(ifd0Entries),
    orientation === undefined ? [] : entry(0x0112, 3, 1, [...le16(orientation), 0, 0]),
    entry(0x010f, 2, 9, le32(make)), entry(0x8825, 4, 1, le32(gps)), le32(0),
    'PhoneCam\0', [0],
    le16(4),
    entry(1, 2, 2, [0x4e, 0, 0, 0]), entry(2, 5, 3, le32(rationals)),
    entry(3, 2, 2, [0x45, 0, 0, 0]), entry(4, 5, 3, le32(rationals + 24)),
    le32(0),
    GPS_RATIONALS,
  );
}

/** A JPEG marker segment: the marker, its length, its payload. */
export const segment = (marker: number, payload: Uint8Array | number[] | string) => {
  const body = bytes(payload);
  return bytes([0xff, marker], be16(body.length + 2), body);
};

/**
 * A baseline 8×8 grey JPEG: one quantisation table, one-code Huffman tables, one block whose DC
 * difference is 0 and whose AC coefficients end at once (bits 0 then 0, padded with ones: 0x3F).
 */
export function plainJpegParts() {
  return {
    soi: bytes([0xff, 0xd8]),
    jfif: segment(0xe0, bytes('JFIF\0', [1, 1, 0], be16(1), be16(1), [0, 0])),
    dqt: segment(0xdb, bytes([0], new Array<number>(64).fill(1))),
    sof: segment(0xc0, bytes([8], be16(8), be16(8), [1, 1, 0x11, 0])),
    dht: bytes(segment(0xc4, bytes([0x00, 1], new Array<number>(15).fill(0), [0])), segment(0xc4, bytes([0x10, 1], new Array<number>(15).fill(0), [0]))),
    sos: segment(0xda, [1, 1, 0x00, 0, 0x3f, 0]),
    scan: bytes([0x3f]),
    eoi: bytes([0xff, 0xd9]),
  };
}

export function plainJpeg(): Uint8Array {
  const p = plainJpegParts();
  return bytes(p.soi, p.jfif, p.dqt, p.sof, p.dht, p.sos, p.scan, p.eoi);
}

/** An ICC segment whose profile no known vendor wrote (stripping drops it). */
export const ICC_SEGMENT = segment(0xe2, bytes('ICC_PROFILE\0', [1, 1], 'fake-profile-bytes'));
/** The segment stripping keeps, besides the image itself and the JFIF header. */
export const ADOBE_SEGMENT = segment(0xee, bytes('Adobe', be16(100), be16(0), be16(0), [1]));

/**
 * The same JPEG as a phone writes it: EXIF with GPS (APP1), XMP (APP1), IPTC (APP13), an MPF index
 * (APP2), an ICC profile (APP2), Adobe (APP14), a comment, and a second image with its own EXIF
 * appended after EOI.
 */
export function phoneJpeg(orientation?: number): Uint8Array {
  const p = plainJpegParts();
  const exif = segment(0xe1, bytes('Exif\0\0', exifTiff(orientation)));
  const xmp = segment(0xe1, bytes('http://ns.adobe.com/xap/1.0/\0', '<x:xmpmeta><exif:GPSLatitude>29,59.112N</exif:GPSLatitude></x:xmpmeta>'));
  const iptc = segment(0xed, bytes('Photoshop 3.0\0', '8BIM', [4, 4], 'iptc: Caojie bus station'));
  const mpf = segment(0xe2, bytes('MPF\0', 'MM', [0, 42]));
  const comment = segment(0xfe, 'taken at 草街客运站 by worker-1');
  const appended = bytes(p.soi, segment(0xe1, bytes('Exif\0\0', exifTiff())), p.dqt, p.sof, p.dht, p.sos, p.scan, p.eoi);
  return bytes(p.soi, p.jfif, exif, xmp, ICC_SEGMENT, mpf, iptc, ADOBE_SEGMENT, comment, p.dqt, p.sof, p.dht, p.sos, p.scan, p.eoi, appended);
}

export function pngChunk(type: string, data: Uint8Array | number[] | string): Uint8Array {
  const body = bytes(type, data);
  return bytes(be32(body.length - 4), body, be32(crc32(body)));
}

/** Raw scanlines of a 2×2 RGB image (filter byte 0 on each row). */
export const PNG_SCANLINES = Uint8Array.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);

export const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export const pngHeader = (width = 2, height = 2) => pngChunk('IHDR', bytes(be32(width), be32(height), [8, 2, 0, 0, 0]));

export function plainPng(): Uint8Array {
  return bytes(PNG_SIGNATURE, pngHeader(), pngChunk('IDAT', deflateSync(PNG_SCANLINES)), pngChunk('IEND', []));
}

/** A 2×2 PNG with gAMA (kept) and eXIf (GPS), tEXt, zTXt, iTXt (XMP), tIME and a private chunk (all dropped). */
export function metadataPng(): Uint8Array {
  return bytes(
    PNG_SIGNATURE,
    pngHeader(),
    pngChunk('gAMA', be32(45455)),
    pngChunk('eXIf', exifTiff()),
    pngChunk('tEXt', 'Comment\0taken at 草街客运站'),
    pngChunk('zTXt', bytes('Author\0', [0], deflateSync(Buffer.from('worker-1')))),
    pngChunk('iTXt', 'XML:com.adobe.xmp\0\0\0\0\0<exif:GPSLatitude>29,59.112N</exif:GPSLatitude>'),
    pngChunk('tIME', bytes(be16(2026), [11, 28, 7, 30, 0])),
    pngChunk('prVt', 'a private ancillary chunk'),
    pngChunk('IDAT', deflateSync(PNG_SCANLINES)),
    pngChunk('IEND', []),
  );
}

/** The chunk types of a PNG, in order. */
export function pngChunkTypes(png: Uint8Array): string[] {
  const types: string[] = [];
  for (let at = 8; at < png.length; ) {
    const length = Buffer.from(png.subarray(at, at + 4)).readUInt32BE(0);
    types.push(Buffer.from(png.subarray(at + 4, at + 8)).toString('latin1'));
    at += 12 + length;
  }
  return types;
}

/** Whether `needle` occurs in `haystack`. */
export const contains = (haystack: Uint8Array, needle: Uint8Array | string) => Buffer.from(haystack).includes(typeof needle === 'string' ? Buffer.from(needle) : Buffer.from(needle));

/** A string planted in a part of a file that must not survive stripping. */
export const PLANTED = 'planted-marker: 草街客运站 worker-1';

/** The plain 8×8 JPEG with `segments` between its JFIF header and its tables. */
export function jpegWith(...segments: (Uint8Array | number[] | string)[]): Uint8Array {
  const p = plainJpegParts();
  return bytes(p.soi, p.jfif, ...segments, p.dqt, p.sof, p.dht, p.sos, p.scan, p.eoi);
}

/** The plain 2×2 PNG with `chunks` between IHDR and IDAT. */
export function pngWith(...chunks: Uint8Array[]): Uint8Array {
  return bytes(PNG_SIGNATURE, pngHeader(), ...chunks, pngChunk('IDAT', deflateSync(PNG_SCANLINES)), pngChunk('IEND', []));
}

/** A frame header of any size with the plain JPEG's tables and one-block scan: what a bomb needs (decoders size their buffers from the frame). */
export function jpegOfSize(width: number, height: number): Uint8Array {
  const p = plainJpegParts();
  return bytes(p.soi, p.dqt, segment(0xc0, bytes([8], be16(height), be16(width), [1, 1, 0x11, 0])), p.dht, p.sos, p.scan, p.eoi);
}

/** The ICC profile carried by a JPEG's APP2 segments, joined in file order (undefined when there is none). */
export function iccProfileOf(jpeg: Uint8Array): Buffer | undefined {
  const parts: Buffer[] = [];
  const view = Buffer.from(jpeg);
  for (let at = 2; at + 4 <= view.length && view[at] === 0xff; ) {
    const marker = view[at + 1] as number;
    if (marker === 0xda || marker === 0xd9) break;
    const length = view.readUInt16BE(at + 2);
    if (marker === 0xe2 && view.toString('latin1', at + 4, at + 16) === 'ICC_PROFILE\0') parts.push(view.subarray(at + 18, at + 2 + length));
    at += 2 + length;
  }
  return parts.length ? Buffer.concat(parts) : undefined;
}

/** The markers of a JPEG's segments up to its first scan, in order (0xE1 for APP1 and so on). */
export function jpegMarkers(jpeg: Uint8Array): number[] {
  const markers: number[] = [];
  const view = Buffer.from(jpeg);
  for (let at = 2; at + 4 <= view.length && view[at] === 0xff; ) {
    const marker = view[at + 1] as number;
    markers.push(marker);
    if (marker === 0xda) break;
    at += 2 + view.readUInt16BE(at + 2);
  }
  return markers;
}

export { bytes as joinBytes, be16, be32 };
