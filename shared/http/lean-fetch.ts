/**
 * Minimal `Headers`, `Request` and `Response` for the API function's cold start. Node builds its
 * fetch classes from undici the first time any of them is touched (20–30 ms on a cold Lambda), and
 * Hono's Lambda adapter and `c.json()` touch them on every request. Installed before Hono loads
 * (`installLeanFetch`), these classes do what the app needs: headers, a method and URL, a buffered
 * body read as text, JSON or bytes, a status. Anything else (a form body, an abort signal, a
 * stream) is handed to the real class, built on demand, so undici loads only when a request needs it.
 *
 * The technique is @hono/node-server's for throughput: objects that only build a real one when
 * something asks for it. The API runs entirely on buffered bodies (API Gateway delivers and takes
 * whole bodies), so the lean path is every path it takes.
 */

type HeaderSource = LeanHeaders | Iterable<readonly [string, string]> | Record<string, string | readonly string[]> | undefined | null;
type Body = string | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | null | undefined;
type RealClasses = { Headers: typeof Headers; Request: typeof Request; Response: typeof Response };

let real: (() => RealClasses) | undefined;
/** The real fetch classes, built (and undici loaded) on first use. */
const realClasses = (): RealClasses => {
  if (!real) throw new Error('installLeanFetch() has not run');
  return real();
};

const encoder = new TextEncoder();
/** A stream body, told apart without touching the global ReadableStream (which loads Node's web streams). */
const isStream = (source: Body): source is ReadableStream<Uint8Array> => typeof (source as { getReader?: unknown } | null | undefined)?.getReader === 'function';
const decoder = new TextDecoder();

/** Header names as the Fetch standard keeps them: lower case, listed in sorted order. */
export class LeanHeaders {
  readonly #values = new Map<string, string[]>();

  constructor(init?: HeaderSource) {
    if (!init) return;
    if (init instanceof LeanHeaders) init.forEach((value, name) => this.append(name, value));
    else if (Symbol.iterator in Object(init)) for (const [name, value] of init as Iterable<readonly [string, string]>) this.append(name, value);
    else for (const [name, value] of Object.entries(init as Record<string, string | readonly string[]>)) for (const one of typeof value === 'string' ? [value] : value) this.append(name, one);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const list = this.#values.get(key);
    if (list) list.push(String(value));
    else this.#values.set(key, [String(value)]);
  }
  set(name: string, value: string): void {
    this.#values.set(name.toLowerCase(), [String(value)]);
  }
  get(name: string): string | null {
    const list = this.#values.get(name.toLowerCase());
    return list ? list.join(', ') : null;
  }
  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }
  delete(name: string): void {
    this.#values.delete(name.toLowerCase());
  }
  getSetCookie(): string[] {
    return [...(this.#values.get('set-cookie') ?? [])];
  }
  forEach(callback: (value: string, name: string, headers: LeanHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }
  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.#values.keys()].sort()) {
      const list = this.#values.get(name) ?? [];
      if (name === 'set-cookie') for (const value of list) yield [name, value];
      else yield [name, list.join(', ')];
    }
  }
  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }
  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** A body kept as given; read once as text, JSON or bytes, or as a stream if something asks for one. */
class BufferedBody {
  #source: Body;
  #used = false;
  #stream: ReadableStream<Uint8Array> | undefined;

  constructor(source: Body) {
    this.#source = source ?? null;
  }
  get present(): boolean {
    return this.#source !== null;
  }
  get used(): boolean {
    return this.#used;
  }
  /** The body as a stream (built on demand; reading it uses the body up). */
  get stream(): ReadableStream<Uint8Array> | null {
    if (this.#source === null || this.#source === undefined) return null;
    if (isStream(this.#source)) return this.#source;
    if (!this.#stream) {
      const bytes = this.#bytesOf(this.#source);
      // Used up when read, not when asked for: a check of `body` (Hono's body limit) leaves it readable.
      this.#stream = new ReadableStream<Uint8Array>(
        {
          pull: (controller) => {
            this.#used = true;
            controller.enqueue(bytes);
            controller.close();
          },
        },
        { highWaterMark: 0 },
      );
    }
    return this.#stream;
  }
  /** What a copy of this body should be built from (the source, never a used stream). */
  get source(): Body {
    return isStream(this.#source) ? this.stream : this.#source;
  }

  #bytesOf(source: Exclude<Body, ReadableStream<Uint8Array> | null | undefined>): Uint8Array {
    if (typeof source === 'string') return encoder.encode(source);
    return source instanceof Uint8Array ? source : new Uint8Array(source);
  }
  async bytes(): Promise<Uint8Array> {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    const source = this.#source;
    if (source === null || source === undefined) return new Uint8Array(0);
    if (!isStream(source)) return this.#bytesOf(source);
    const chunks: Uint8Array[] = [];
    const reader = source.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    const whole = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
    let offset = 0;
    for (const chunk of chunks) {
      whole.set(chunk, offset);
      offset += chunk.length;
    }
    return whole;
  }
  async text(): Promise<string> {
    if (typeof this.#source === 'string' && !this.#used) {
      this.#used = true;
      return this.#source;
    }
    return decoder.decode(await this.bytes());
  }
}

/** What requests and responses share: headers and a buffered body read once, as text, JSON, bytes or a stream. */
abstract class LeanMessage {
  abstract readonly headers: LeanHeaders;
  protected readonly content: BufferedBody;

  constructor(body: Body) {
    this.content = new BufferedBody(body);
  }
  get body(): ReadableStream<Uint8Array> | null {
    return this.content.stream;
  }
  get bodyUsed(): boolean {
    return this.content.used;
  }
  text(): Promise<string> {
    return this.content.text();
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.content.text());
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.content.bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  async bytes(): Promise<Uint8Array> {
    return this.content.bytes();
  }
  async blob(): Promise<Blob> {
    return new Blob([(await this.content.bytes()) as Uint8Array<ArrayBuffer>], { type: this.headers.get('content-type') ?? '' });
  }
}

type LeanRequestInit = { method?: string; headers?: HeaderSource; body?: Body };

/** A request with a buffered body: what the Lambda adapter builds from an API Gateway event. */
export class LeanRequest extends LeanMessage {
  readonly url: string;
  readonly method: string;
  readonly headers: LeanHeaders;
  #real: Request | undefined;

  constructor(input: string | URL | LeanRequest, init: LeanRequestInit = {}) {
    const from = input instanceof LeanRequest ? input : undefined;
    super(init.body !== undefined ? init.body : from ? from.content.source : null);
    this.url = from ? from.url : String(input);
    this.method = (init.method ?? from?.method ?? 'GET').toUpperCase();
    this.headers = new LeanHeaders(init.headers ?? from?.headers);
  }
  /** Forms and the rest of the Request interface: the real class, built from this one. */
  async formData(): Promise<FormData> {
    return this.#toReal().formData();
  }
  get signal(): AbortSignal {
    return this.#toReal().signal;
  }
  clone(): LeanRequest {
    return new LeanRequest(this);
  }
  #toReal(): Request {
    const { Request: RealRequest } = realClasses();
    const body = this.content.present ? (this.content.source as ConstructorParameters<typeof Response>[0]) : null;
    return (this.#real ??= new RealRequest(this.url, { method: this.method, headers: [...this.headers], ...(body === null ? {} : { body, duplex: 'half' } as RequestInit) }));
  }
}

type LeanResponseInit = { status?: number; statusText?: string; headers?: HeaderSource };

/** A response whose body is kept as given, for the Lambda adapter to read once. */
export class LeanResponse extends LeanMessage {
  readonly status: number;
  readonly statusText: string;
  readonly headers: LeanHeaders;

  constructor(body?: Body, init: LeanResponseInit = {}) {
    super(body);
    this.status = init.status ?? 200;
    if (!Number.isInteger(this.status) || this.status < 200 || this.status > 599) throw new RangeError(`Invalid response status code ${this.status}`);
    this.statusText = init.statusText ?? '';
    this.headers = new LeanHeaders(init.headers);
    if (typeof body === 'string' && !this.headers.has('content-type')) this.headers.set('content-type', 'text/plain;charset=UTF-8');
  }
  static json(data: unknown, init: LeanResponseInit = {}): LeanResponse {
    const headers = new LeanHeaders(init.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return new LeanResponse(JSON.stringify(data), { ...init, headers });
  }
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  async formData(): Promise<FormData> {
    const { Response: RealResponse } = realClasses();
    return new RealResponse(this.content.source as ConstructorParameters<typeof Response>[0], { status: this.status, headers: [...this.headers] }).formData();
  }
  clone(): LeanResponse {
    return new LeanResponse(this.content.source, { status: this.status, statusText: this.statusText, headers: this.headers });
  }
}

/**
 * Puts the lean classes in place of the global `Headers`, `Request` and `Response` without touching
 * the real ones (Node defines them as lazy getters; reading one would load undici). `fetch` stays
 * Node's own: it builds undici's classes itself, and takes the lean headers as a list of pairs.
 * Call it before Hono is imported; a second call does nothing.
 */
export function installLeanFetch(): void {
  if (real) return;
  const descriptors = Object.fromEntries(
    (['Headers', 'Request', 'Response'] as const).map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)]),
  ) as Record<keyof RealClasses, PropertyDescriptor | undefined>;
  let built: RealClasses | undefined;
  real = () =>
    (built ??= Object.fromEntries(
      Object.entries(descriptors).map(([name, descriptor]) => [name, descriptor?.get ? descriptor.get.call(globalThis) : descriptor?.value]),
    ) as RealClasses);
  const lean = { Headers: LeanHeaders, Request: LeanRequest, Response: LeanResponse };
  for (const [name, value] of Object.entries(lean)) Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}
