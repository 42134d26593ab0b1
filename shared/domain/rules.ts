/**
 * The rule values the street end depends on, as data with a source and a version (DOMAIN.md,
 * "The rules to encode"). Admin-editable rules will replace this object; nothing else holds these numbers.
 */
export const outreachRules = {
  version: '2026-11-28',
  source: '草街办发〔2024〕54号 item (八) and (七); 社会救助暂行办法; DOMAIN.md rules 1, 2, 11, 12',
  /** Rule 1: under this age a person is a minor, to be escorted to the station. */
  minorBelowAge: 18,
  /** Rule 1: from this age a person is elderly (老年人权益保障法: 60). */
  elderlyFromAge: 60,
  /** Rule 11: emergency temporary assistance paid within 3 working days (this notice) and 3 calendar days (2026 rule). */
  emergencyAid: { workingDays: 3, calendarDays: 3 },
  /** How far in the future an encounter time may lie (phone clocks drift). */
  clockSkewMinutes: 5,
  /** How old an encounter may be when it reaches the server (phones queue while offline). */
  offlineCaptureDays: 30,
  /** After telling a family their person was found, sightings within this many hours send no new notice. */
  foundNoticeQuietHours: 12,
} as const;

export type OutreachRules = typeof outreachRules;
