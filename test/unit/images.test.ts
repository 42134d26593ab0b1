import { readFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { outreachRules } from '../../shared/domain/rules.js';
import { inspectImage, stripMetadata } from '../../shared/files/images.js';
import {
  ADOBE_SEGMENT, GPS_RATIONALS, PLANTED, PNG_SCANLINES, PNG_SIGNATURE, be16, be32, contains, exifTiff, iccProfileOf, jpegMarkers, jpegOfSize, jpegWith,
  joinBytes, metadataPng, phoneJpeg, plainJpeg, plainJpegParts, plainPng, pngChunk, pngChunkTypes, pngHeader, pngWith, segment,
} from '../support/images.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/photos/${name}`, import.meta.url)));

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

  it('holds photos to a phone’s pixel budget: a 9000×9000 PNG of 78 KB and a 65535×1365 JPEG of 141 bytes are refused, 12, 48 and 50 MP photos pass', () => {
    expect(outreachRules.photos.maxPixels).toBe(8192 * 6144);
    // A real bomb: 81 million grey pixels, all zero, deflated to next to nothing.
    const rows = Buffer.alloc(9000 * (1 + 9000));
    const grey = (size: number) => joinBytes(PNG_SIGNATURE, pngChunk('IHDR', joinBytes(be32(size), be32(size), [8, 0, 0, 0, 0])));
    const bomb = joinBytes(grey(9000), pngChunk('IDAT', deflateSync(rows, { level: 9 })), pngChunk('IEND', []));
    expect(bomb.length).toBeLessThan(100_000);
    expect(inspectImage(bomb)).toMatchObject({ ok: false, reason: 'too_many_pixels' });
    const wide = jpegOfSize(65535, 1365);
    expect(wide.length).toBe(141);
    expect(inspectImage(wide)).toMatchObject({ ok: false, reason: 'too_many_pixels' });
    // What phones shoot: 12 MP (4:3, both ways up), 48 MP (8000×6000), a 50 MP sensor's full size (8192×6144).
    for (const [width, height] of [[4032, 3024], [3024, 4032], [8000, 6000], [8192, 6144], [6144, 8192]] as const) {
      expect(inspectImage(jpegOfSize(width, height)), `${width}×${height}`).toEqual({ ok: true, contentType: 'image/jpeg', width, height });
    }
    expect(inspectImage(jpegOfSize(8193, 6144))).toMatchObject({ ok: false, reason: 'too_many_pixels' });
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
    // Exactly the image: JFIF, Adobe, tables, frame, scan and EOI, in their order; nothing after EOI,
    // and no ICC profile that no known vendor wrote.
    const p = plainJpegParts();
    expect(Buffer.from(stripped).equals(Buffer.from(joinBytes(p.soi, p.jfif, ADOBE_SEGMENT, p.dqt, p.sof, p.dht, p.sos, p.scan, p.eoi)))).toBe(true);
    // Stripping a clean file changes nothing.
    expect(Buffer.from(stripMetadata(plainJpeg(), 'image/jpeg')).equals(Buffer.from(plainJpeg()))).toBe(true);
  });

  it('keeps a portrait photo upright: a new EXIF with the Orientation alone, nothing else of the old one', () => {
    const stripped = stripMetadata(phoneJpeg(6), 'image/jpeg');
    const p = plainJpegParts();
    // 'MM', 42, IFD at 8; one entry: tag 0x0112, SHORT, count 1, value 6; no next IFD.
    const orientationOnly = joinBytes([0xff, 0xe1, 0, 34], 'Exif\0\0', [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
    expect(Buffer.from(stripped).equals(Buffer.from(joinBytes(p.soi, p.jfif, orientationOnly, ADOBE_SEGMENT, p.dqt, p.sof, p.dht, p.sos, p.scan, p.eoi)))).toBe(true);
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

  it('keeps only what a JPEG needs: every planted marker is gone (JFIF thumbnail and trailing data, JFXX, EXIF as ICC, unknown ICC, JPG0–JPG13, reserved markers, data after Adobe’s fields)', () => {
    const p = plainJpegParts();
    const tables = [p.dqt, p.sof, p.dht, p.sos, p.scan, p.eoi];
    const jfifFields = joinBytes('JFIF\0', [1, 1, 0], be16(1), be16(1));
    // A thumbnail of 3 bytes a pixel (RGB), as many pixels as the marker needs.
    const thumbnail = joinBytes(PLANTED, new Array<number>((3 - (Buffer.byteLength(PLANTED) % 3)) % 3).fill(0));
    const unknownProfile = joinBytes(be32(128 + 4 + Buffer.byteLength(PLANTED)), 'lcms', [4, 0x30, 0, 0], 'mntrRGB XYZ ', new Array<number>(12).fill(0), 'acsp', new Array<number>(88).fill(0), PLANTED);
    const cases: [string, Uint8Array, Uint8Array][] = [
      ['a JFIF thumbnail', joinBytes(p.soi, segment(0xe0, joinBytes(jfifFields, [thumbnail.length / 3, 1], thumbnail)), ...tables), plainJpeg()],
      ['data after the JFIF header fields', joinBytes(p.soi, segment(0xe0, joinBytes(jfifFields, [0, 0], PLANTED)), ...tables), plainJpeg()],
      ['a JFXX thumbnail', jpegWith(segment(0xe0, joinBytes('JFXX\0', [0x10], PLANTED))), plainJpeg()],
      ['a second JFIF header', jpegWith(segment(0xe0, joinBytes(jfifFields.map((value, index) => (index === 8 ? 0x48 : value)), [0, 0], PLANTED))), plainJpeg()],
      ['EXIF disguised as an ICC profile', jpegWith(segment(0xe2, joinBytes('ICC_PROFILE\0', [1, 1], 'Exif\0\0', exifTiff(), PLANTED))), plainJpeg()],
      ['an ICC profile from an unknown source', jpegWith(segment(0xe2, joinBytes('ICC_PROFILE\0', [1, 1], unknownProfile))), plainJpeg()],
      ...Array.from({ length: 14 }, (_, n): [string, Uint8Array, Uint8Array] => [`a JPG${n} segment`, jpegWith(segment(0xf0 + n, PLANTED)), plainJpeg()]),
      ...[0x02, 0x4f, 0xbf, 0xc8].map((marker): [string, Uint8Array, Uint8Array] => [`reserved marker 0xFF${marker.toString(16).toUpperCase()}`, jpegWith(segment(marker, PLANTED)), plainJpeg()]),
      ['data after Adobe’s fields', jpegWith(segment(0xee, joinBytes('Adobe', be16(100), be16(0), be16(0), [1], PLANTED))), jpegWith(ADOBE_SEGMENT)],
    ];
    for (const [what, file, clean] of cases) {
      expect(inspectImage(file), what).toMatchObject({ ok: true, contentType: 'image/jpeg' });
      const stripped = stripMetadata(file, 'image/jpeg');
      expect(contains(stripped, PLANTED), what).toBe(false);
      expect(contains(stripped, GPS_RATIONALS), what).toBe(false);
      expect(Buffer.from(stripped).equals(Buffer.from(clean)), what).toBe(true);
      expect(inspectImage(stripped), what).toEqual({ ok: true, contentType: 'image/jpeg', width: 8, height: 8 });
    }
  });

  it('refuses a JPEG whose tables, frame or scan header carry bytes beyond their fields (nowhere for a planted marker to hide)', () => {
    const p = plainJpegParts();
    const padded = (part: Uint8Array) => {
      const body = joinBytes(part.subarray(4), PLANTED);
      return joinBytes(part.subarray(0, 2), be16(body.length + 2), body);
    };
    const dht = [p.dht.subarray(0, 22), p.dht.subarray(22)] as const;
    const cases: [string, Uint8Array][] = [
      ['DQT', joinBytes(p.soi, p.jfif, padded(p.dqt), p.sof, p.dht, p.sos, p.scan, p.eoi)],
      ['SOF', joinBytes(p.soi, p.jfif, p.dqt, padded(p.sof), p.dht, p.sos, p.scan, p.eoi)],
      ['DHT', joinBytes(p.soi, p.jfif, p.dqt, p.sof, padded(dht[0]), dht[1], p.sos, p.scan, p.eoi)],
      ['SOS', joinBytes(p.soi, p.jfif, p.dqt, p.sof, p.dht, padded(p.sos), p.scan, p.eoi)],
      ['DRI', joinBytes(p.soi, p.jfif, p.dqt, p.sof, p.dht, segment(0xdd, joinBytes(be16(0), PLANTED)), p.sos, p.scan, p.eoi)],
    ];
    for (const [what, file] of cases) expect(inspectImage(file), what).toMatchObject({ ok: false, reason: 'malformed' });
    // The same segments at their exact length pass, a restart interval too.
    expect(inspectImage(joinBytes(p.soi, p.jfif, p.dqt, p.sof, p.dht, segment(0xdd, be16(0)), p.sos, p.scan, p.eoi))).toMatchObject({ ok: true });
  });

  it('keeps only what a PNG needs: iCCP’s name and unknown profiles, sPLT, misfit colour chunks and private chunks lose their planted markers', () => {
    const knownProfile = iccProfileOf(fixture('Canon_40D.jpg'))!;
    const iccp = (name: string, profile: Uint8Array | string) => pngChunk('iCCP', joinBytes(name, [0, 0], deflateSync(joinBytes(profile))));
    const cases: [string, Uint8Array, string[]][] = [
      ['an iCCP profile name', pngWith(iccp(PLANTED.replace(/[^\x20-\x7e]/g, 'x'), knownProfile)), ['IHDR', 'iCCP', 'IDAT', 'IEND']],
      ['an iCCP profile from an unknown source', pngWith(iccp('ICC profile', joinBytes('not a profile: ', PLANTED))), ['IHDR', 'IDAT', 'IEND']],
      ['a suggested palette (sPLT) name', pngWith(pngChunk('sPLT', joinBytes(PLANTED, [0, 8], [1, 2, 3, 4, 0, 1]))), ['IHDR', 'IDAT', 'IEND']],
      ['bytes after gAMA', pngWith(pngChunk('gAMA', joinBytes(be32(45455), PLANTED))), ['IHDR', 'IDAT', 'IEND']],
      ['bytes after sRGB', pngWith(pngChunk('sRGB', joinBytes([0], PLANTED))), ['IHDR', 'IDAT', 'IEND']],
      ['bytes after pHYs', pngWith(pngChunk('pHYs', joinBytes(be32(2835), be32(2835), [1], PLANTED))), ['IHDR', 'IDAT', 'IEND']],
      ['bytes after cHRM', pngWith(pngChunk('cHRM', joinBytes(new Array<number>(32).fill(1), PLANTED))), ['IHDR', 'IDAT', 'IEND']],
      ['a bKGD of text', pngWith(pngChunk('bKGD', PLANTED)), ['IHDR', 'IDAT', 'IEND']],
      ['an sBIT of text', pngWith(pngChunk('sBIT', PLANTED)), ['IHDR', 'IDAT', 'IEND']],
      ['a tRNS of text', pngWith(pngChunk('tRNS', PLANTED)), ['IHDR', 'IDAT', 'IEND']],
      ['a content-credentials chunk', pngWith(pngChunk('caBX', PLANTED)), ['IHDR', 'IDAT', 'IEND']],
    ];
    for (const [what, file, kept] of cases) {
      expect(inspectImage(file), what).toMatchObject({ ok: true, contentType: 'image/png' });
      const stripped = stripMetadata(file, 'image/png');
      expect(contains(stripped, PLANTED), what).toBe(false);
      expect(contains(stripped, PLANTED.replace(/[^\x20-\x7e]/g, 'x')), what).toBe(false);
      expect(pngChunkTypes(stripped), what).toEqual(kept);
      expect(pixelsOf(stripped).equals(Buffer.from(PNG_SCANLINES)), what).toBe(true);
    }
    // The known profile is kept whole, under a name that says nothing.
    const kept = stripMetadata(cases[0]![1], 'image/png');
    const chunk = Buffer.from(kept.subarray(8 + 25));
    const data = chunk.subarray(8, 8 + chunk.readUInt32BE(0));
    expect(data.subarray(0, 14).toString('latin1')).toBe('ICC profile\0\0x');
    expect(inflateSync(data.subarray(13)).equals(knownProfile)).toBe(true);
    // Valid colour chunks stay.
    const valid = pngWith(pngChunk('gAMA', be32(45455)), pngChunk('sRGB', [0]), pngChunk('pHYs', joinBytes(be32(2835), be32(2835), [1])), pngChunk('bKGD', joinBytes(be16(0), be16(0), be16(0))));
    expect(pngChunkTypes(stripMetadata(valid, 'image/png'))).toEqual(['IHDR', 'gAMA', 'sRGB', 'pHYs', 'bKGD', 'IDAT', 'IEND']);
  });

  it('accepts real camera photos and strips them: EXIF, GPS and XMP gone, orientation kept, the vendor’s ICC profile kept and an altered copy of it dropped', () => {
    const canon = fixture('Canon_40D.jpg');
    const nikon = fixture('DSCN0029.jpg');
    const portrait = fixture('portrait_6.jpg');
    expect(inspectImage(canon)).toEqual({ ok: true, contentType: 'image/jpeg', width: 100, height: 68 });
    expect(inspectImage(nikon)).toEqual({ ok: true, contentType: 'image/jpeg', width: 640, height: 480 });
    expect(inspectImage(portrait)).toEqual({ ok: true, contentType: 'image/jpeg', width: 600, height: 450 });
    for (const [name, original, markers] of [
      ['Canon_40D.jpg', canon, [0xe0, 0xe2, 0xdb, 0xdb, 0xc0, 0xc4, 0xc4, 0xc4, 0xc4, 0xda]],
      ['DSCN0029.jpg', nikon, [0xdb, 0xc4, 0xc0, 0xda]],
      ['portrait_6.jpg', portrait, [0xe0, 0xe1, 0xe2, 0xdb, 0xdb, 0xc0, 0xc4, 0xc4, 0xc4, 0xc4, 0xda]],
    ] as const) {
      const stripped = stripMetadata(original, 'image/jpeg');
      expect(jpegMarkers(stripped), name).toEqual(markers);
      for (const gone of ['Canon', 'NIKON', 'COOLPIX', 'GIMP', 'http://ns.adobe.com/xap/1.0/']) expect(contains(stripped, gone), `${name}: ${gone}`).toBe(false);
      expect(inspectImage(stripped), name).toMatchObject({ ok: true, contentType: 'image/jpeg' });
      expect(iccProfileOf(stripped)?.equals(iccProfileOf(original)!) ?? iccProfileOf(original) === undefined, name).toBe(true);
    }
    // The Nikon's GPS position (GPS IFD tag 0x8825 in IFD0) and its EXIF thumbnail are gone with its EXIF.
    expect(contains(nikon, 'Exif\0\0')).toBe(true);
    expect(contains(stripMetadata(nikon, 'image/jpeg'), 'Exif')).toBe(false);
    // portrait_6 shows upright: its Orientation 6 survives as the only EXIF fact.
    expect(contains(stripMetadata(portrait, 'image/jpeg'), joinBytes('Exif\0\0', [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6]))).toBe(true);
    // One character of the sRGB profile's description changed: no longer the vendor's profile, dropped.
    const altered = Uint8Array.from(canon);
    const description = Buffer.from(altered).indexOf('sRGB IEC61966-2.1');
    altered[description] = 'X'.charCodeAt(0);
    expect(iccProfileOf(stripMetadata(altered, 'image/jpeg'))).toBeUndefined();
  });

  it('refuses to strip a file that does not parse', () => {
    expect(() => stripMetadata(phoneJpeg().subarray(0, 100), 'image/jpeg')).toThrow();
  });
});
