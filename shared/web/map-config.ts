/**
 * The map's tile source, from the environment (the app reads it from /app-config.json).
 * 天地图 serves CGCS2000, which is WGS-84 to within centimetres; 高德 serves GCJ-02, so the app
 * shifts WGS-84 positions before drawing them on its tiles.
 */
export type MapTiles = {
  provider: 'tianditu' | 'amap' | 'custom';
  /** Layers drawn in order, each a template with {x} {y} {z} and optionally {s} (one of `subdomains`). */
  urls: string[];
  subdomains: string[];
  crs: 'WGS84' | 'GCJ02';
  attribution: string;
  maxZoom: number;
};

const tianditu = (layer: string, key: string) =>
  `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`;

/**
 * MAP_TILES = tianditu | amap | custom (unset: no map, the list with distance and bearing only);
 * MAP_TILE_KEY = the 天地图 browser key (tk); MAP_TILE_URL = a template replacing the provider's
 * (required for custom); MAP_TILE_CRS = WGS84 | GCJ02 for a custom source (default WGS84).
 */
export function mapTilesFromEnv(env: Record<string, string | undefined>): MapTiles | undefined {
  const provider = env['MAP_TILES']?.trim();
  if (!provider) return undefined;
  const url = env['MAP_TILE_URL']?.trim();
  if (url && !/^https?:\/\/[^/{}]*(\{s\}[^/{}]*)?\//.test(url)) throw new Error('Invalid configuration: MAP_TILE_URL must be an http(s) URL template');
  if (provider === 'tianditu') {
    const key = env['MAP_TILE_KEY']?.trim();
    if (!key && !url) throw new Error('Invalid configuration: MAP_TILES=tianditu needs MAP_TILE_KEY (the 天地图 browser key)');
    return { provider, urls: url ? [url] : [tianditu('vec', key!), tianditu('cva', key!)], subdomains: ['0', '1', '2', '3', '4', '5', '6', '7'], crs: 'WGS84', attribution: '© 天地图', maxZoom: 18 };
  }
  if (provider === 'amap') {
    return {
      provider,
      urls: [url ?? 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}'],
      subdomains: ['1', '2', '3', '4'],
      crs: 'GCJ02',
      attribution: '© 高德地图',
      maxZoom: 18,
    };
  }
  if (provider === 'custom') {
    if (!url) throw new Error('Invalid configuration: MAP_TILES=custom needs MAP_TILE_URL');
    return { provider, urls: [url], subdomains: (env['MAP_TILE_SUBDOMAINS'] ?? '').split(',').filter(Boolean), crs: env['MAP_TILE_CRS'] === 'GCJ02' ? 'GCJ02' : 'WGS84', attribution: env['MAP_TILE_ATTRIBUTION'] ?? '', maxZoom: 19 };
  }
  throw new Error('Invalid configuration: MAP_TILES must be tianditu, amap or custom');
}

/** The origins the tiles come from (for the page's img-src). */
export function tileOrigins(tiles: MapTiles | undefined): string[] {
  if (!tiles) return [];
  const origins = new Set<string>();
  for (const url of tiles.urls) {
    for (const sub of url.includes('{s}') ? tiles.subdomains : ['']) origins.add(new URL(url.replace('{s}', sub).replace(/\{[xyz]\}/g, '0')).origin);
  }
  return [...origins];
}
