import { z } from 'zod';
import { ageRange } from '../domain/age.js';
import { notFound } from '../domain/errors.js';
import { sexes } from '../domain/person.js';
import { appendAudit } from '../store/audit.js';
import { fromFacilityItem } from '../store/facilities.js';
import { readConsistently } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import { tracingRecords, type TracingContext } from './tracing.js';
import { cstTime as cst, escapeHtml as escape, SEX_ZH } from './printable.js';

/**
 * The tracing notice (寻亲公告, rule 3): exactly what may be published of an unidentified person
 * (社会救助暂行办法 art. 61; 精神卫生法 art. 4; DOMAIN.md "Personal information"): photo, sex,
 * apparent age, height, where and when found, clothing, and the station's contact. Never a name
 * they may have given, a diagnosis, a risk factor, an ID number, a guardian or a health note.
 * The schema below is the whole list: nothing else can reach a notice.
 */
export const noticeView = z.strictObject({
  personId: z.string(),
  photo: z.strictObject({ url: z.string(), expiresAt: z.string() }).optional(),
  sex: z.enum(sexes),
  apparentAge: z.strictObject({ min: z.number().int(), max: z.number().int() }).optional(),
  heightCm: z.number().int().optional(),
  found: z.strictObject({ at: z.string(), place: z.string() }),
  clothing: z.string().optional(),
  station: z.strictObject({ name: z.string(), address: z.string(), phone: z.string().optional() }),
  issuedAt: z.string(),
});
export type Notice = z.infer<typeof noticeView>;

/** The notice of a person with a tracing case (with the portrait staff chose for it, when `photoOf` finds one), for the tracers, staff and office of its district; audited. */
export async function tracingNotice(context: TracingContext, personId: string, photoOf?: () => Promise<Notice['photo'] | undefined>): Promise<Notice> {
  const { db, audit } = context;
  const { now } = audit;
  const { stored, tracing } = await tracingRecords(context, personId, [], 'read');
  if (!tracing) throw notFound('The tracing case');
  const facilityKey = keys.facility(tracing.facilityId);
  const facility = fromFacilityItem((await readConsistently(db, [facilityKey])).get(facilityKey.pk));
  if (!facility) throw notFound('The facility of the case');
  const person = stored.person;
  // Where they were found: the street sighting before intake, else the station that took them in.
  const sighting = person.lastSeen && person.lastSeen.at <= tracing.openedAt ? person.lastSeen : undefined;
  const age = ageRange(person, now);
  // The chosen portrait, linked for a short while (only once the caller is known to see the case).
  const photo = photoOf ? await photoOf() : undefined;
  await appendAudit(db, audit, [{ action: 'tracing.notice', subjectType: 'person', subjectId: personId }]);
  return noticeView.parse({
    personId,
    ...(photo ? { photo } : {}),
    sex: person.sex,
    ...(age ? { apparentAge: age } : {}),
    ...(person.heightCm !== undefined ? { heightCm: person.heightCm } : {}),
    found: { at: sighting?.at ?? tracing.openedAt, place: sighting?.place ?? facility.address },
    ...(person.clothing ? { clothing: person.clothing } : {}),
    station: { name: facility.name, address: facility.address, ...(facility.phone ? { phone: facility.phone } : {}) },
    issuedAt: now.toISOString(),
  });
}

/**
 * The notice page's Content-Security-Policy, sent as a header (a meta element cannot say
 * frame-ancestors): its inline style, images from the photo's origin only, no script, never framed.
 */
export function noticePolicy(photoUrl?: string): string {
  let images = "'none'";
  if (photoUrl) {
    try {
      images = new URL(photoUrl).origin;
    } catch {
      images = "'self'"; // a photo URL relative to the API
    }
  }
  return `default-src 'none'; img-src ${images}; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;
}

/** The notice as a printable zh-CN A4 page; every value escaped, no script, no outside resource but the photo. */
export function noticePage(notice: Notice): string {
  const age = notice.apparentAge ? (notice.apparentAge.min === notice.apparentAge.max ? `约${notice.apparentAge.min}岁` : `约${notice.apparentAge.min}–${notice.apparentAge.max}岁`) : '不详';
  const rows: [string, string][] = [
    ['性别', SEX_ZH[notice.sex]],
    ['年龄', age],
    ['身高', notice.heightCm !== undefined ? `约${notice.heightCm}厘米` : '不详'],
    ['发现时间', cst(notice.found.at)],
    ['发现地点', notice.found.place],
    ['衣着', notice.clothing ?? '不详'],
  ];
  const contact = `${notice.station.name}（${notice.station.address}${notice.station.phone ? `，电话 ${notice.station.phone}` : ''}）`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>寻亲公告</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'">
<style>
@page { size: A4; margin: 20mm; }
body { font-family: "Noto Serif CJK SC", "Songti SC", SimSun, serif; font-size: 14pt; line-height: 1.7; color: #000; max-width: 170mm; margin: 0 auto; }
h1 { text-align: center; font-size: 26pt; letter-spacing: 0.5em; margin: 0 0 8mm; }
.photo { float: right; width: 50mm; height: 65mm; object-fit: cover; border: 1px solid #000; margin: 0 0 4mm 6mm; }
table { border-collapse: collapse; } th { text-align: left; padding-right: 6mm; white-space: nowrap; vertical-align: top; }
p.lead { text-indent: 2em; } .foot { margin-top: 12mm; text-align: right; }
</style></head><body>
<h1>寻亲公告</h1>
${notice.photo ? `<img class="photo" src="${escape(notice.photo.url)}" alt="受助人员照片">` : ''}
<p class="lead">${escape(cst(notice.found.at))}，我站救助一名身份不明的受助人员，现将其基本情况公告如下，请知情者或其亲属与我站联系。</p>
<table>${rows.map(([label, value]) => `<tr><th>${label}</th><td>${escape(value)}</td></tr>`).join('')}</table>
<p>联系方式：${escape(contact)}</p>
<p class="foot">${escape(notice.station.name)}<br>${escape(cst(notice.issuedAt))}</p>
</body></html>`;
}
