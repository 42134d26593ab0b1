/** The phone's position (WGS-84 from the Geolocation API) with its accuracy, watched while the app is open. */
import { signal } from '@preact/signals';

export type Fix = { lat: number; lng: number; accuracyM: number; at: number };
export const position = signal<Fix | null>(null);
export const positionError = signal('');

let watching = false;
export function watchPosition() {
  if (watching) return;
  watching = true;
  if (!('geolocation' in navigator)) {
    positionError.value = '此设备不支持定位';
    return;
  }
  navigator.geolocation.watchPosition(
    (fix) => {
      positionError.value = '';
      position.value = { lat: fix.coords.latitude, lng: fix.coords.longitude, accuracyM: Math.round(fix.coords.accuracy), at: fix.timestamp };
    },
    (error) => {
      positionError.value = error.code === error.PERMISSION_DENIED ? '未获定位权限：请在浏览器设置中允许定位' : '正在定位…（信号弱）';
    },
    { enableHighAccuracy: true, maximumAge: 15_000, timeout: 30_000 },
  );
}
