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
      references: [],
    });
    expect(warning.infos[0]?.maxAltitudeM).toBe(400);
  });

  it('reads an Update with a namespace prefix, each of its info blocks, the level from the headline, its reference', () => {
    const warning = readCap(fixture('heat-update-red.xml'));
    expect(warning).toMatchObject({ msgType: 'Update', hazard: 'heat', level: 'red', areas: ['Caojie', '草街街道'] });
    expect(warning.infos.map((info) => [info.language, info.level])).toEqual([['en-US', 'red'], ['zh-CN', 'red']]);
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
    expect(CAP_MAX_BYTES).toBeGreaterThanOrEqual(1024 * 1024);
    expect(refusal(() => readCap(padded))).toEqual(['body']);
  });

  it('names a missing field where it sits in CAP', () => {
    expect(refusal(() => readCap(fixture('heat-alert.xml').replace(/<identifier>.*<\/identifier>/, '')))).toEqual(['body.alert.identifier']);
    expect(refusal(() => readCap(fixture('heat-update-red.xml').replace(/<cap:references>.*<\/cap:references>/, '')))).toEqual(['body.alert.references']);
    expect(refusal(() => readCap(fixture('heat-alert.xml').replace('<sent>2026-07-20T10:30:00+08:00</sent>', '<sent>yesterday</sent>')))).toEqual(['body.alert.sent']);
  });

  it('reads the JSON form with the same rules, naming its own paths', () => {
    const warning = readWarning(
      { identifier: 'j-1', sender: 'office@example.cn', sent: '2026-12-01T08:00:00+08:00', msgType: 'Alert', event: '寒潮', level: 'blue', expires: '2026-12-02T08:00:00+08:00', areas: ['草街街道'] },
    );
    expect(warning).toMatchObject({ hazard: 'cold_wave', level: 'blue', status: 'Actual' });
    // Neither an expiry nor an area is required (CAP 1.2): a message that names none of ours is stored and ignored.
    expect(refusal(() => readWarning({ identifier: 'j-2', sender: 's', sent: '2026-12-01T08:00:00+08:00', msgType: 'Alert', event: '寒潮', areas: [] }))).toEqual(['body.level']);
  });

  it('stores other hazards without a level requirement (they are ignored later)', () => {
    const warning = readWarning({ identifier: 'j-3', sender: 's', sent: '2026-07-01T08:00:00+08:00', msgType: 'Alert', event: '暴雨', expires: '2026-07-02T08:00:00+08:00', areas: ['草街街道'] });
    expect(warning.hazard).toBeNull();
  });
});

const real = (name: string) => fixture(`real/${name}`);

describe('real CAP 1.2 messages of other publishers (test/fixtures/cap/real/README.md)', () => {
  it('receives every well-formed one: header and every <info> block, whatever it lacks that CAP 1.2 makes optional', () => {
    const expected: Record<string, { msgType: string; infos: number }> = {
      'oasis-a1-homeland-security.xml': { msgType: 'Alert', infos: 1 },
      'oasis-a2-severe-thunderstorm.xml': { msgType: 'Alert', infos: 1 },
      'oasis-a3-earthquake-update.xml': { msgType: 'Update', infos: 1 },
      'oasis-a4-amber-alert.xml': { msgType: 'Alert', infos: 2 },
      'eccc-canada-update.xml': { msgType: 'Update', infos: 2 },
      'ntwc-tsunami-cancellation.xml': { msgType: 'Update', infos: 1 },
      'ipaws-michigan-civil-emergency.xml': { msgType: 'Alert', infos: 1 },
      'ipaws-nevada-cancel-signed.xml': { msgType: 'Cancel', infos: 0 },
      'nsw-rfs-fire.xml': { msgType: 'Alert', infos: 2 },
      'airnow-air-quality.xml': { msgType: 'Alert', infos: 1 },
      'nws-blizzard-warning-cap11.xml': { msgType: 'Alert', infos: 1 },
    };
    for (const [name, { msgType, infos }] of Object.entries(expected)) {
      const warning = readCap(real(name));
      expect({ msgType: warning.msgType, infos: warning.infos.length, hazard: warning.hazard }, name).toEqual({ msgType, infos, hazard: null });
    }
  });

  it('reads areas wrapped over lines, polygons, circles and geocodes as the publishers write them', () => {
    const storm = readCap(real('oasis-a2-severe-thunderstorm.xml')).infos[0];
    expect(storm?.areas[0]).toBe('EXTREME NORTH CENTRAL TUOLUMNE COUNTY IN CALIFORNIA');
    expect(storm?.polygons[0]?.[0]).toEqual([38.47, -120.14]);
    const quake = readCap(real('oasis-a3-earthquake-update.xml')).infos[0];
    expect(quake?.circles).toEqual([{ lat: 32.9525, lng: -115.5527, radiusKm: 0 }]);
    const canada = readCap(real('eccc-canada-update.xml'));
    expect(canada.infos.map((info) => info.language)).toEqual(['en-CA', 'fr-CA']);
    expect(canada.infos[0]?.geocodes).toContainEqual({ valueName: 'layer:EC-MSC-SMC:1.0:CLC', value: '048100' });
    expect(canada.references).toHaveLength(3);
    expect(canada.references[0]).toEqual({ sender: 'cap-pac@canada.ca', identifier: 'urn:oid:2.49.0.1.124.2009066053.2020', sent: '2020-06-30T15:14:57-00:00' });
  });

  it('takes a message of hundreds of kilobytes (IPAWS embeds its audio), still refusing DOCTYPE and ENTITY at that size', () => {
    const big = real('ipaws-michigan-civil-emergency.xml');
    expect(Buffer.byteLength(big)).toBeGreaterThan(128 * 1024);
    expect(readCap(big).identifier).toBe('482277582702553');
    expect(refusal(() => readCap(`<!DOCTYPE alert [<!ENTITY x "y">]>${big.replace(/^<\?xml[^>]*>/, '')}`))).toEqual(['body']);
  });
});

describe('Chinese signals in CAP', () => {
  it('receives a signal without <expires>: in force until lifted', () => {
    const warning = readCap(fixture('missing-expires.xml'));
    expect(warning).toMatchObject({ hazard: 'heat', level: 'orange' });
    expect(warning.expires).toBeUndefined();
  });

  it('reads every <info> block: one per hazard, each with its own level', () => {
    const alert = fixture('heat-alert.xml');
    const block = /<info>[\s\S]*<\/info>/.exec(alert)?.[0] ?? '';
    const icing = block.replace('<event>高温</event>', '<event>道路结冰</event>').replace('11B09_ORANGE', '11B13_YELLOW').replace('高温橙色预警信号', '道路结冰黄色预警信号');
    const warning = readCap(alert.replace(block, `${block}\n${icing}`));
    expect(warning.infos.map((info) => [info.hazard, info.level])).toEqual([['heat', 'orange'], ['road_icing', 'yellow']]);
  });

  it('takes the level from the event code first, then the headline, then the description, before CAP severity', () => {
    const alert = fixture('heat-alert.xml').replace('<severity>Severe</severity>', '<severity>Minor</severity>');
    expect(readCap(alert.replace('高温橙色预警信号</headline>', '高温预警信号</headline>')).level).toBe('orange');
    const noCode = alert.replace('11B09_ORANGE', '11B09');
    expect(readCap(noCode.replace('高温橙色预警信号</headline>', '高温红色预警信号</headline>')).level).toBe('red');
    expect(readCap(noCode.replace('高温橙色预警信号</headline>', '高温预警信号</headline>')).level).toBe('orange'); // the description's 橙色
    const parameter = noCode.replace('<area>', '<parameter><valueName>awareness_level</valueName><value>4; red; Extreme</value></parameter><area>');
    expect(readCap(parameter).level).toBe('red');
  });

  it('reads a headline saying 解除 as a lifted signal, which needs no level', () => {
    const lifted = fixture('heat-alert.xml').replace('11B09_ORANGE', '11B09').replace(/发布高温橙色预警信号/g, '解除高温预警信号').replace('<severity>Severe</severity>', '<severity>Unknown</severity>');
    const warning = readCap(lifted.replace(/<description>[^<]*<\/description>/, ''));
    expect(warning.infos[0]).toMatchObject({ hazard: 'heat', lifted: true });
    expect(readCap(fixture('heat-alert.xml')).infos[0]?.lifted).toBe(false);
  });

  it('reads geocodes and names an unreadable polygon by its place in CAP', () => {
    expect(readCap(fixture('heat-alert.xml')).infos[0]?.geocodes).toEqual([{ valueName: 'ADCODE', value: '500117' }]);
    const open = fixture('heat-alert.xml').replace('<geocode>', '<polygon>29.97,106.34 29.97,106.36 29.99,106.36</polygon><geocode>');
    expect([...new Set(refusal(() => readCap(open)))]).toEqual(['body.alert.info.area.polygon.0']);
  });
});
