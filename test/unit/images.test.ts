import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inspectImage, stripMetadata } from '../../shared/files/images.js';
import {
  ADOBE_SEGMENT, GPS_RATIONALS, ICC_SEGMENT, PNG_SCANLINES, PNG_SIGNATURE, contains, exifTiff, joinBytes, metadataPng, phoneJpeg,
  plainJpeg, plainJpegParts, plainPng, pngChunk, pngChunkTypes, pngHeader,
} from '../support/images.js';

/** The IDAT data of a PNG, inflated: the pixels as stored. */
function pixelsOf(png: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const view = Buffer.from(png.subarray(at));
    const length = view.readUInt32BE(0);
    if (view.toString('latin1', 4, 8) === 'IDAT') parts.push(view.subarray(8, 8 + length));
    at += 12 + length;
  }
  return inflateSync(Buffer.concat(parts));
}

describe('inspectImage: what a file is, by its content', () => {
  it('reads a JPEG’s and a PNG’s type and size from their structure', () => {
    expect(inspectImage(plainJpeg())).toEqual({ ok: true, contentType: 'image/jpeg', width: 8, height: 8 });
    expect(inspectImage(phoneJpeg())).toEqual({ ok: true, contentType: 'image/jpeg', width: 8, height: 8 });
    expect(inspectImage(plainPng())).toEqual({ ok: true, contentType: 'image/png', width: 2, height: 2 });
    expect(inspectImage(metadataPng())).toEqual({ ok: true, contentType: 'image/png', width: 2, height: 2 });
  });

  it('calls a JPEG a JPEG whatever it was named or declared as (no name or type reaches it)', () => {
    const renamedToPng = phoneJpeg();
    expect(inspectImage(renamedToPng)).toMatchObject({ ok: true, contentType: 'image/jpeg' });
    // Stripping as the declared type is refused: only the type found in the bytes is used.
    expect(() => stripMetadata(renamedToPng, 'image/png')).toThrow(/image\/png/);
    expect(() => stripMetadata(plainPng(), 'image/jpeg')).toThrow(/image\/jpeg/);
  });

  it('refuses every truncation of a JPEG and of a PNG', () => {
    for (const image of [phoneJpeg(), metadataPng()]) {
      // The phone JPEG carries a second image after its EOI: every cut before the first EOI's end.
      const firstEnd = image[0] === 0xff ? Buffer.from(image).indexOf(Buffer.from([0xff, 0xd9])) + 2 : image.length;
      for (let length = 0; length < firstEnd; length += 1) {
        const result = inspectImage(image.subarray(0, length));
        expect(result.ok, `${length} of ${firstEnd} bytes`).toBe(false);
      }
    }
    expect(inspectImage(new Uint8Array())).toMatchObject({ ok: false, reason: 'empty' });
    expect(inspectImage(plainJpeg().subarray(0, plainJpeg().length - 2))).toMatchObject({ ok: false, reason: 'truncated' });
    expect(inspectImage(plainPng().subarray(0, plainPng().length - 12))).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('refuses a PNG whose chunk fails its CRC', () => {
    const png = plainPng();
    const idat = Buffer.from(png).indexOf(Buffer.from('IDAT'));
    const corrupt = Uint8Array.from(png);
    corrupt[idat + 6] = (corrupt[idat + 6] as number) ^ 0x01;
    expect(inspectImage(corrupt)).toMatchObject({ ok: false, reason: 'bad_crc' });
  });

  it('refuses polyglots: text behind a JPEG header, a PNG with a page after IEND, text alone', () => {
    const html = '<html><script>alert(document.cookie)</script></html>';
    expect(inspectImage(joinBytes([0xff, 0xd8, 0xff, 0xe0], html))).toMatchObject({ ok: false });
    const p = plainJpegParts();
    expect(inspectImage(joinBytes(p.soi, p.jfif, html))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(inspectImage(joinBytes(plainPng(), html))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(inspectImage(joinBytes(html))).toMatchObject({ ok: false, reason: 'not_an_image' });
    expect(inspectImage(joinBytes('GIF89a', [1, 0, 1, 0]))).toMatchObject({ ok: false, reason: 'not_an_image' });
  });

  it('refuses structures a decoder would refuse: scan before frame, no scan, chunk before IHDR, unknown critical chunk', () => {
    const p = plainJpegParts();
    expect(inspectImage(joinBytes(p.soi, p.dqt, p.dht, p.sos, p.scan, p.sof, p.eoi))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(inspectImage(joinBytes(p.soi, p.dqt, p.sof, p.eoi))).toMatchObject({ ok: false, reason: 'malformed' });
    const idat = pngChunk('IDAT', PNG_SCANLINES);
    expect(inspectImage(joinBytes(PNG_SIGNATURE, idat, pngHeader(), pngChunk('IEND', [])))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(inspectImage(joinBytes(PNG_SIGNATURE, pngHeader(), pngChunk('ABCD', [1]), idat, pngChunk('IEND', [])))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('refuses an image whose pixel count would make a decompression bomb', () => {
    const huge = joinBytes(PNG_SIGNATURE, pngHeader(100_000, 100_000), pngChunk('IDAT', [0]), pngChunk('IEND', []));
    expect(inspectImage(huge)).toMatchObject({ ok: false, reason: 'too_many_pixels' });
    expect(inspectImage(plainPng(), { maxPixels: 3 })).toMatchObject({ ok: false, reason: 'too_many_pixels' });
  });
});

describe('stripMetadata: the copy anyone may download', () => {
  it('takes EXIF with its GPS position, XMP, IPTC, MPF, comments and appended images out of a JPEG; the image still parses', () => {
    const original = phoneJpeg();
    expect(contains(original, GPS_RATIONALS)).toBe(true);
    const stripped = stripMetadata(original, 'image/jpeg');

    for (const gone of [GPS_RATIONALS, exifTiff(), 'Exif\0\0', 'GPSLatitude', 'Photoshop 3.0', '8BIM', 'MPF\0', 'PhoneCam', '草街']) {
      expect(contains(stripped, gone), `still holds ${String(gone)}`).toBe(false);
    }
    expect(inspectImage(stripped)).toEqual({ ok: true, contentType: 'image/jpeg', width: 8, height: 8 });
    // Exactly the image: JFIF, ICC, Adobe, tables, frame, scan and EOI, in their order; nothing after EOI.
    const p = plainJpegParts();
    expect(Buffer.from(stripped).equals(Buffer.from(joinBytes(p.soi, p.jfif, ICC_SEGMENT, ADOBE_SEGMENT, p.dqt, p.sof, p.dht, p.sos, p.scan, p.eoi)))).toBe(true);
    // Stripping a clean file changes nothing.
    expect(Buffer.from(stripMetadata(plainJpeg(), 'image/jpeg')).equals(Buffer.from(plainJpeg()))).toBe(true);
  });

  it('keeps a portrait photo upright: a new EXIF with the Orientation alone, nothing else of the old one', () => {
    const stripped = stripMetadata(phoneJpeg(6), 'image/jpeg');
    const p = plainJpegParts();
    // 'MM', 42, IFD at 8; one entry: tag 0x0112, SHORT, count 1, value 6; no next IFD.
    const orientationOnly = joinBytes([0xff, 0xe1, 0, 34], 'Exif\0\0', [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
    expect(Buffer.from(stripped).equals(Buffer.from(joinBytes(p.soi, p.jfif, orientationOnly, ICC_SEGMENT, ADOBE_SEGMENT, p.dqt, p.sof, p.dht, p.sos, p.scan, p.eoi)))).toBe(true);
    for (const gone of [GPS_RATIONALS, 'PhoneCam', 'GPSLatitude']) expect(contains(stripped, gone)).toBe(false);
    expect(inspectImage(stripped)).toEqual({ ok: true, contentType: 'image/jpeg', width: 8, height: 8 });
    // Read from a big-endian EXIF too; the default orientation (1) needs no EXIF at all.
    const bigEndian = joinBytes(p.soi, orientationOnly, p.dqt, p.sof, p.dht, p.sos, p.scan, p.eoi);
    expect(contains(stripMetadata(bigEndian, 'image/jpeg'), orientationOnly)).toBe(true);
    expect(contains(stripMetadata(phoneJpeg(1), 'image/jpeg'), 'Exif')).toBe(false);
  });

  it('keeps only the safe PNG chunks (eXIf, tEXt, zTXt, iTXt, tIME and private ones dropped), pixels untouched', () => {
    const original = metadataPng();
    const stripped = stripMetadata(original, 'image/png');
    expect(pngChunkTypes(original)).toEqual(['IHDR', 'gAMA', 'eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME', 'prVt', 'IDAT', 'IEND']);
    expect(pngChunkTypes(stripped)).toEqual(['IHDR', 'gAMA', 'IDAT', 'IEND']);
    for (const gone of [GPS_RATIONALS, 'GPSLatitude', 'Comment', '草街']) expect(contains(stripped, gone)).toBe(false);
    expect(inspectImage(stripped)).toEqual({ ok: true, contentType: 'image/png', width: 2, height: 2 });
    expect(pixelsOf(stripped).equals(Buffer.from(PNG_SCANLINES))).toBe(true);
  });

  it('refuses to strip a file that does not parse', () => {
    expect(() => stripMetadata(phoneJpeg().subarray(0, 100), 'image/jpeg')).toThrow();
  });
});
