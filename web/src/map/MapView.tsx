/**
 * A small slippy map of the work list: Web Mercator tiles from the configured source (天地图 or 高德),
 * numbered markers, the phone's position; drag to pan, buttons to zoom. Loaded only when opened.
 * 高德 tiles are drawn in GCJ-02, so WGS-84 positions are shifted before they are placed on them;
 * 天地图 (CGCS2000) takes WGS-84 as it is. Without tiles (no signal, no source configured) the same
 * points show as a list with distance and direction from the phone.
 */
import gcoord from 'gcoord';
import { useEffect, useRef, useState } from 'preact/hooks';
import { appConfig } from '../auth';
import { arrow, bearingDegrees, compassWord, distanceMeters, formatDistance, type Point } from '../geo';
import type { MapTiles } from '../../../shared/web/map-config';


export type MapPoint = Point & { id: string; label: string; mark: string; kind: 'person' | 'spot' | 'follow-up' };

const TILE = 256;
const HEIGHT = 340;

/** World pixel coordinates of a WGS-84 point at a zoom, on the tiles' datum. */
function project(point: Point, zoom: number, crs: MapTiles['crs']): { x: number; y: number } {
  const [lng, lat] = crs === 'GCJ02' ? gcoord.transform([point.lng, point.lat], gcoord.CRSTypes.WGS84, gcoord.CRSTypes.GCJ02) : [point.lng, point.lat];
  const scale = TILE * 2 ** zoom;
  const sin = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return { x: ((lng + 180) / 360) * scale, y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale };
}

/** The largest zoom at which every point fits in the view (with a margin), and the centre there. */
function fit(points: Point[], width: number, crs: MapTiles['crs'], maxZoom: number) {
  for (let zoom = Math.min(maxZoom, 17); zoom > 3; zoom -= 1) {
    const projected = points.map((point) => project(point, zoom, crs));
    const xs = projected.map((p) => p.x);
    const ys = projected.map((p) => p.y);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    if (maxX - minX <= width - 60 && maxY - minY <= HEIGHT - 60) return { zoom, cx: (minX + maxX) / 2, cy: (minY + maxY) / 2 };
  }
  const p = project(points[0]!, 3, crs);
  return { zoom: 3, cx: p.x, cy: p.y };
}

const tileUrl = (template: string, tiles: MapTiles, x: number, y: number, z: number) =>
  template
    .replace('{s}', tiles.subdomains.length ? tiles.subdomains[Math.abs(x + y) % tiles.subdomains.length]! : '')
    .replace('{x}', String(x))
    .replace('{y}', String(y))
    .replace('{z}', String(z));

function Tiles(props: { tiles: MapTiles; points: MapPoint[]; here: Point | null; onFail: () => void }) {
  const { tiles, points, here } = props;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [view, setView] = useState<{ zoom: number; cx: number; cy: number } | null>(null);
  const loaded = useRef(0);
  const failed = useRef(0);
  const drag = useRef<{ x: number; y: number; cx: number; cy: number } | null>(null);

  useEffect(() => {
    const measured = box.current?.clientWidth ?? 320;
    setWidth(measured);
    const all = here ? [...points, here] : points;
    if (all.length) setView(fit(all, measured, tiles.crs, tiles.maxZoom));
  }, []);
  if (!view || !width) return <div ref={box} class="map" style={{ height: `${HEIGHT}px` }} />;

  const { zoom, cx, cy } = view;
  const count = 2 ** zoom;
  const left = cx - width / 2;
  const top = cy - HEIGHT / 2;
  const images = [];
  for (let ty = Math.floor(top / TILE); ty <= Math.floor((top + HEIGHT) / TILE); ty += 1) {
    if (ty < 0 || ty >= count) continue;
    for (let tx = Math.floor(left / TILE); tx <= Math.floor((left + width) / TILE); tx += 1) {
      const wrapped = ((tx % count) + count) % count;
      for (const [layer, template] of tiles.urls.entries()) {
        images.push(
          <img
            key={`${layer}/${zoom}/${tx}/${ty}`}
            class="tile"
            alt=""
            draggable={false}
            src={tileUrl(template, tiles, wrapped, ty, zoom)}
            style={{ left: `${tx * TILE - left}px`, top: `${ty * TILE - top}px` }}
            onLoad={() => (loaded.current += 1)}
            onError={() => {
              failed.current += 1;
              // No tile has arrived and the first screenful failed: no signal (or a bad key).
              if (!loaded.current && failed.current >= 2) props.onFail();
            }}
          />,
        );
      }
    }
  }
  const zoomTo = (next: number) => {
    const bounded = Math.max(3, Math.min(tiles.maxZoom, next));
    const factor = 2 ** (bounded - zoom);
    setView({ zoom: bounded, cx: cx * factor, cy: cy * factor });
  };
  const place = (point: Point) => {
    const p = project(point, zoom, tiles.crs);
    return { left: `${p.x - left}px`, top: `${p.y - top}px` };
  };
  return (
    <div
      ref={box}
      class="map"
      style={{ height: `${HEIGHT}px` }}
      data-testid="map"
      onPointerDown={(event) => {
        if ((event.target as HTMLElement).closest('button')) return;
        drag.current = { x: event.clientX, y: event.clientY, cx, cy };
        event.currentTarget.setPointerCapture(event.pointerId);
      }}
      onPointerMove={(event) => {
        const start = drag.current;
        if (start) setView({ zoom, cx: start.cx - (event.clientX - start.x), cy: start.cy - (event.clientY - start.y) });
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
    >
      {images}
      {points.map((point) => (
        <span key={point.id} class={`marker ${point.kind}`} style={place(point)} title={point.label} aria-label={`${point.mark} ${point.label}`} role="img">
          {point.mark}
        </span>
      ))}
      {here && <span class="marker here" style={place(here)} role="img" aria-label="我的位置" title="我的位置" />}
      <div class="map-zoom">
        <button type="button" aria-label="放大" onClick={() => zoomTo(zoom + 1)}>
          ＋
        </button>
        <button type="button" aria-label="缩小" onClick={() => zoomTo(zoom - 1)}>
          －
        </button>
      </div>
      <span class="map-credit">{tiles.attribution}</span>
    </div>
  );
}

/** The points by distance from the phone, with direction: the map's stand-in without tiles. */
function PointList(props: { points: MapPoint[]; here: Point | null }) {
  const { here } = props;
  const rows = props.points.map((point) => ({ point, meters: here ? distanceMeters(here, point) : undefined })).sort((a, b) => (a.meters ?? 0) - (b.meters ?? 0));
  return (
    <ol class="list point-list" data-testid="map-list">
      {rows.map(({ point, meters }) => {
        const bearing = here ? bearingDegrees(here, point) : undefined;
        return (
          <li key={point.id} class="small">
            <span class={`marker inline ${point.kind}`}>{point.mark}</span> {point.label}：
            {meters !== undefined && bearing !== undefined ? `${arrow(bearing)} ${compassWord(bearing)} ${formatDistance(meters)}` : '等待定位'}
          </li>
        );
      })}
    </ol>
  );
}

export function MapView(props: { points: MapPoint[]; here: Point | null }) {
  const [tiles, setTiles] = useState<MapTiles | null | undefined>(undefined);
  const [failed, setFailed] = useState(!navigator.onLine);
  useEffect(() => {
    void appConfig().then((config) => setTiles(config.map ?? null));
  }, []);
  if (tiles === undefined) return <p class="muted">正在加载地图…</p>;
  const reason = !tiles ? '未配置地图底图' : failed ? '地图底图无法加载（无网络或密钥无效）' : '';
  return (
    <div class="map-view" data-testid="map-view">
      {reason ? (
        <p class="notice small" role="status">
          {reason}：按距离和方向列出。
        </p>
      ) : props.points.length === 0 && !props.here ? (
        <p class="muted">没有可在地图上显示的地点。</p>
      ) : (
        <Tiles tiles={tiles!} points={props.points} here={props.here} onFail={() => setFailed(true)} />
      )}
      <PointList points={props.points} here={props.here} />
    </div>
  );
}
