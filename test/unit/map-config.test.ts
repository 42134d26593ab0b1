import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapTilesFromEnv, tileOrigins } from '../../shared/web/map-config.js';
import { createStaticSite } from '../../shared/web/static-site.js';

describe('the map tile source', () => {
  it('is off unless configured, and refuses a provider it does not know or a missing key', () => {
    expect(mapTilesFromEnv({})).toBeUndefined();
    expect(() => mapTilesFromEnv({ MAP_TILES: 'osm' })).toThrow(/MAP_TILES must be/);
    expect(() => mapTilesFromEnv({ MAP_TILES: 'tianditu' })).toThrow(/MAP_TILE_KEY/);
    expect(() => mapTilesFromEnv({ MAP_TILES: 'custom' })).toThrow(/MAP_TILE_URL/);
    expect(() => mapTilesFromEnv({ MAP_TILES: 'custom', MAP_TILE_URL: 'javascript:alert(1)//{z}' })).toThrow(/http\(s\) URL template/);
  });

  it('天地图 is WGS-84 (vector map and labels, key in each URL); 高德 is GCJ-02', () => {
    const tianditu = mapTilesFromEnv({ MAP_TILES: 'tianditu', MAP_TILE_KEY: 'k&1' })!;
    expect(tianditu).toMatchObject({ provider: 'tianditu', crs: 'WGS84' });
    expect(tianditu.urls).toHaveLength(2);
    expect(tianditu.urls[0]).toMatch(/^https:\/\/t\{s\}\.tianditu\.gov\.cn\/vec_w\/wmts\?.*TILEMATRIX=\{z\}&TILEROW=\{y\}&TILECOL=\{x\}&tk=k%261$/);
    expect(tileOrigins(tianditu)).toEqual(Array.from({ length: 8 }, (_, i) => `https://t${i}.tianditu.gov.cn`));
    const amap = mapTilesFromEnv({ MAP_TILES: 'amap' })!;
    expect(amap).toMatchObject({ provider: 'amap', crs: 'GCJ02' });
    expect(tileOrigins(amap)).toEqual(['https://webrd01.is.autonavi.com', 'https://webrd02.is.autonavi.com', 'https://webrd03.is.autonavi.com', 'https://webrd04.is.autonavi.com']);
  });

  it('reaches the app through /app-config.json, and the page allows images from the tile hosts only', async () => {
    const map = mapTilesFromEnv({ MAP_TILES: 'custom', MAP_TILE_URL: 'https://tiles.example.cn/{z}/{x}/{y}.png', MAP_TILE_CRS: 'GCJ02' })!;
    const dist = mkdtempSync(join(tmpdir(), 'site-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>街面救助</title>');
    const site = createStaticSite(dist, { mode: 'local', map });
    const config = await site.handle(new Request('http://localhost/app-config.json'))!.json();
    expect(config).toEqual({ mode: 'local', map: { provider: 'custom', urls: ['https://tiles.example.cn/{z}/{x}/{y}.png'], subdomains: [], crs: 'GCJ02', attribution: '', maxZoom: 19 } });
    const page = site.handle(new Request('http://localhost/'))!;
    expect(page.headers.get('content-security-policy')).toContain("img-src 'self' data: blob: https://tiles.example.cn;");
    const plain = createStaticSite(dist, { mode: 'local' }).handle(new Request('http://localhost/'))!;
    expect(plain.headers.get('content-security-policy')).toContain("img-src 'self' data: blob:;");
    // In the cloud, photos come from the photo bucket's presigned URLs.
    const cloud = createStaticSite(dist, { mode: 'local', map }, [], ['https://photos-bucket.s3.cn-northwest-1.amazonaws.com.cn']).handle(new Request('http://localhost/'))!;
    expect(cloud.headers.get('content-security-policy')).toContain("img-src 'self' data: blob: https://tiles.example.cn https://photos-bucket.s3.cn-northwest-1.amazonaws.com.cn;");
    // …and the browser PUTs the files there.
    expect(cloud.headers.get('content-security-policy')).toContain("connect-src 'self' https://photos-bucket.s3.cn-northwest-1.amazonaws.com.cn;");
  });
});
