import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAP_MAX_BYTES, readCap, readWarning } from '../../shared/domain/cap.js';
import { DomainError } from '../../shared/domain/errors.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cap/${name}`, import.meta.url), 'utf8');

/** The field paths a refusal names. */
function refusal(read: () => unknown): string[] {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('validation');
    return ((error as DomainError).details.errors ?? []).map((issue) => issue.path);
  }
  throw new Error('expected a refusal');
}

describe('CAP 1.2 messages', () => {
  it('reads an Alert: hazard, level from the event code, areas split from areaDesc, period, altitude limit', () => {
    const warning = readCap(fixture('heat-alert.xml'));
    expect(warning).toMatchObject({
      identifier: '50011741600000_20260720103000',
      sender: 'hcqxt@cq.weather.cn',
      sent: '2026-07-20T10:30:00+08:00',
      status: 'Actual',
      msgType: 'Alert',
      event: '高温',
      hazard: 'heat',
      level: 'orange',
      areas: ['草街街道', '钱塘镇'],
      onset: '2026-07-20T10:30:00+08:00',
      expires: '2026-07-21T10:30:00+08:00',
      maxAltitudeM: 400,
      references: [],
    });
  });

  it('reads an Update with a namespace prefix, the Chinese info block among several, its level from the headline, its reference', () => {
    const warning = readCap(fixture('heat-update-red.xml'));
    expect(warning).toMatchObject({ msgType: 'Update', hazard: 'heat', level: 'red', areas: ['草街街道'] });
    expect(warning.references).toEqual([{ sender: 'hcqxt@cq.weather.cn', identifier: '50011741600000_20260720103000', sent: '2026-07-20T10:30:00+08:00' }]);
  });

  it('reads a Cancel with both messages it withdraws', () => {
    const warning = readCap(fixture('heat-cancel.xml'));
    expect(warning.msgType).toBe('Cancel');
    expect(warning.references.map((ref) => ref.identifier)).toEqual(['50011741600000_20260720103000', '50011741600000_20260720160000']);
  });

  it('takes the level from CAP severity when no colour is named (Severe → orange)', () => {
    const xml = fixture('heat-alert.xml').replace('11B09_ORANGE', '11B09').replace('高温橙色预警信号', '高温预警信号');
    expect(readCap(xml).level).toBe('orange');
  });

  it('refuses an XML bomb and an external entity before parsing, naming the body', () => {
    expect(refusal(() => readCap(fixture('billion-laughs.xml')))).toEqual(['body']);
    expect(refusal(() => readCap(fixture('external-entity.xml')))).toEqual(['body']);
  });

  it('refuses malformed XML, a message without <alert>, and one over the size bound', () => {
    expect(refusal(() => readCap(fixture('malformed.xml')))).toEqual(['body']);
    expect(refusal(() => readCap('<?xml version="1.0"?><feed><entry/></feed>'))).toEqual(['body.alert']);
    const padded = fixture('heat-alert.xml').replace('<instruction>', `<instruction>${'很'.repeat(CAP_MAX_BYTES / 3 + 10)}`);
    expect(refusal(() => readCap(padded))).toEqual(['body']);
  });

  it('names a missing field where it sits in CAP', () => {
    expect(refusal(() => readCap(fixture('missing-expires.xml')))).toEqual(['body.alert.info.expires']);
    expect(refusal(() => readCap(fixture('heat-alert.xml').replace(/<identifier>.*<\/identifier>/, '')))).toEqual(['body.alert.identifier']);
    expect(refusal(() => readCap(fixture('heat-update-red.xml').replace(/<cap:references>.*<\/cap:references>/, '')))).toEqual(['body.alert.references']);
    expect(refusal(() => readCap(fixture('heat-alert.xml').replace('<sent>2026-07-20T10:30:00+08:00</sent>', '<sent>yesterday</sent>')))).toEqual(['body.alert.sent']);
  });

  it('reads the JSON form with the same rules, naming its own paths', () => {
    const warning = readWarning(
      { identifier: 'j-1', sender: 'office@example.cn', sent: '2026-12-01T08:00:00+08:00', msgType: 'Alert', event: '寒潮', level: 'blue', expires: '2026-12-02T08:00:00+08:00', areas: ['草街街道'] },
    );
    expect(warning).toMatchObject({ hazard: 'cold_wave', level: 'blue', status: 'Actual' });
    expect(refusal(() => readWarning({ identifier: 'j-2', sender: 's', sent: '2026-12-01T08:00:00+08:00', msgType: 'Alert', event: '寒潮', areas: [] })).sort()).toEqual(['body.areas', 'body.expires', 'body.level']);
  });

  it('stores other hazards without a level requirement (they are ignored later)', () => {
    const warning = readWarning({ identifier: 'j-3', sender: 's', sent: '2026-07-01T08:00:00+08:00', msgType: 'Alert', event: '暴雨', expires: '2026-07-02T08:00:00+08:00', areas: ['草街街道'] });
    expect(warning.hazard).toBeNull();
  });
});
