/**
 * 拍照 / 选择照片: a person's photo from the phone's camera (or a file on a PC) for the tracing
 * notice. One photo goes: an upload target from the API, the file PUT there, then completed (the
 * API judges it by content and strips EXIF). Photos need the network: without it the worker is told
 * so; nothing is queued. A refused file is said in Chinese and nothing of it is kept.
 */
import { useState } from 'preact/hooks';
import { api, errorText, must } from '../api/client';

const accepted = ['image/jpeg', 'image/png'] as const;
type Accepted = (typeof accepted)[number];

export function PhotoCapture(props: { personId: string }) {
  const [state, setState] = useState<{ busy?: boolean; error?: string; url?: string }>({});
  const take = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (!navigator.onLine) return setState({ error: '照片需联网上传：请在有信号时再拍。' });
    if (!accepted.includes(file.type as Accepted)) return setState({ error: '只能上传 JPEG 或 PNG 照片。' });
    setState({ busy: true });
    try {
      const path = { id: props.personId };
      const offer = await must(
        api.POST('/v1/persons/{id}/photos', {
          params: { path, header: { 'idempotency-key': crypto.randomUUID() } },
          body: { contentType: file.type as Accepted, sizeBytes: file.size },
        }),
      );
      const sent = await fetch(offer.upload.url, { method: offer.upload.method, headers: offer.upload.headers, body: file });
      if (!sent.ok) throw new Error(`照片上传失败（${sent.status}），请重试。`);
      // No body, but the API takes POSTs as JSON only.
      await must(api.POST('/v1/persons/{id}/photos/{photoId}/complete', { params: { path: { ...path, photoId: offer.photoId } }, headers: { 'content-type': 'application/json' } }));
      const download = await must(api.GET('/v1/persons/{id}/photos/{photoId}', { params: { path: { ...path, photoId: offer.photoId } } }));
      setState({ url: download.url });
    } catch (error) {
      setState({ error: errorText(error) });
    }
  };
  return (
    <div class="photo-capture">
      <label class="button secondary">
        {state.busy ? '正在上传…' : '拍照 / 选择照片'}
        <input type="file" accept="image/jpeg,image/png" capture="environment" onChange={take} disabled={state.busy} data-testid="photo-input" class="visually-hidden" />
      </label>
      {state.error && (
        <p class="error" role="alert">
          {state.error}
        </p>
      )}
      {state.url && <img class="match-photo" src={state.url} alt="刚上传的照片" data-testid="photo-taken" />}
    </div>
  );
}
