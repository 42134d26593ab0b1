/**
 * 拍照 / 选择照片: a person's photo from the phone's camera (or a file on a PC). The worker says what
 * it shows (正面照, 体貌特征, 证件, 其他) before taking it. One photo goes: an upload target from
 * the API, the file PUT there, then completed (the API judges it by content and strips EXIF).
 * Photos need the network: without it the worker is told so; nothing is queued. A refused file is
 * said in Chinese and nothing of it is kept.
 *
 * Staff (`mayChoosePortrait`) also choose which portrait the tracing notice publishes: the notice
 * shows that one and no other, never simply the newest photo.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText, must, type Schemas } from '../api/client';
import { formatDateTime } from '../time';

const accepted = ['image/jpeg', 'image/png'] as const;
type Accepted = (typeof accepted)[number];
type Photo = Schemas['Photo'];
type Purpose = Photo['purpose'];

const purposeLabel: Record<Purpose, string> = {
  portrait: '正面照（可用于寻亲公告）',
  mark: '体貌特征（疤痕、胎记、文身等）',
  document: '证件或随身文书',
  other: '其他',
};

export function PhotoCapture(props: { personId: string; mayChoosePortrait?: boolean }) {
  const [purpose, setPurpose] = useState<Purpose>('portrait');
  const [state, setState] = useState<{ busy?: boolean; error?: string; url?: string; notice?: string }>({});
  const [portraits, setPortraits] = useState<Photo[]>([]);

  const loadPortraits = async () => {
    if (!props.mayChoosePortrait) return;
    try {
      const page = await must(api.GET('/v1/persons/{id}/photos', { params: { path: { id: props.personId }, query: { limit: 50 } } }));
      setPortraits(page.items.filter((photo) => photo.status === 'ready' && photo.purpose === 'portrait'));
    } catch (error) {
      setState((now) => ({ ...now, error: errorText(error) }));
    }
  };
  useEffect(() => void loadPortraits(), [props.personId, props.mayChoosePortrait]);

  const choose = async (photoId: string) => {
    try {
      await must(
        api.POST('/v1/persons/{id}/photos/{photoId}/notice-portrait', { params: { path: { id: props.personId, photoId } }, headers: { 'content-type': 'application/json' } }),
      );
      setState((now) => ({ ...now, error: undefined, notice: '已设为寻亲公告照片。' }));
      await loadPortraits();
    } catch (error) {
      setState((now) => ({ ...now, error: errorText(error) }));
    }
  };

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
          body: { contentType: file.type as Accepted, sizeBytes: file.size, purpose },
        }),
      );
      const sent = await fetch(offer.upload.url, { method: offer.upload.method, headers: offer.upload.headers, body: file });
      if (!sent.ok) throw new Error(`照片上传失败（${sent.status}），请重试。`);
      // No body, but the API takes POSTs as JSON only.
      await must(api.POST('/v1/persons/{id}/photos/{photoId}/complete', { params: { path: { ...path, photoId: offer.photoId } }, headers: { 'content-type': 'application/json' } }));
      const download = await must(api.GET('/v1/persons/{id}/photos/{photoId}', { params: { path: { ...path, photoId: offer.photoId } } }));
      setState({ url: download.url });
      await loadPortraits();
    } catch (error) {
      setState({ error: errorText(error) });
    }
  };
  return (
    <div class="photo-capture">
      <label class="field">
        照片用途
        <select value={purpose} onChange={(event) => setPurpose(event.currentTarget.value as Purpose)} data-testid="photo-purpose" disabled={state.busy}>
          {(Object.keys(purposeLabel) as Purpose[]).map((value) => (
            <option key={value} value={value}>
              {purposeLabel[value]}
            </option>
          ))}
        </select>
      </label>
      <label class="button secondary">
        {state.busy ? '正在上传…' : '拍照 / 选择照片'}
        <input type="file" accept="image/jpeg,image/png" capture="environment" onChange={take} disabled={state.busy} data-testid="photo-input" class="visually-hidden" />
      </label>
      {state.error && (
        <p class="error" role="alert">
          {state.error}
        </p>
      )}
      {state.notice && (
        <p class="notice" role="status">
          {state.notice}
        </p>
      )}
      {state.url && <img class="match-photo" src={state.url} alt="刚上传的照片" data-testid="photo-taken" />}
      {props.mayChoosePortrait && (
        <>
          <p class="muted small">寻亲公告只发布下面选定的一张正面照；未选定时公告不附照片。</p>
          {portraits.length === 0 ? (
            <p class="muted small" data-testid="portraits">尚无正面照。</p>
          ) : (
            <ul class="list" data-testid="portraits">
              {portraits.map((photo) => (
                <li key={photo.photoId}>
                  正面照 <span class="muted small">{formatDateTime(photo.createdAt)}</span>{' '}
                  {photo.noticePortrait ? (
                    <strong>当前寻亲公告照片</strong>
                  ) : (
                    <button type="button" class="secondary" onClick={() => void choose(photo.photoId)}>
                      设为寻亲公告照片
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
