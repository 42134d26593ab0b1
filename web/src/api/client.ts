/** The typed API client: paths and bodies from the generated OpenAPI types, the session's token on each call. */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { session, signOut } from '../auth';
import { describeProblem, type Problem } from '../i18n';

export type Schemas = components['schemas'];

const auth: Middleware = {
  onRequest({ request }) {
    const token = session.value?.token;
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && session.value) signOut('登录已过期，请重新登录。');
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: location.origin });
api.use(auth);

/** An API refusal, carrying the problem document and its Chinese description. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(describeProblem(problem));
  }
}

/** The request never reached the server (no signal, server down): said in Chinese, not as the browser's TypeError. */
export class NetworkError extends Error {
  constructor() {
    super(navigator.onLine ? '连不上服务器，请稍后重试。' : '无网络，请在有信号处重试。');
  }
}

/** Any error of a call in Chinese: the API's refusal with the field named, or the network's failure. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError || error instanceof NetworkError) return error.message;
  if (error instanceof TypeError) return new NetworkError().message;
  return error instanceof Error ? error.message : String(error);
}

/** The data of a call, or an ApiError with the server's reason (a NetworkError when there was no answer). */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call.catch((failure: unknown) => {
    throw failure instanceof TypeError ? new NetworkError() : failure;
  });
  if (error !== undefined || !response.ok) {
    const problem = (error && typeof error === 'object' ? error : {}) as Partial<Problem>;
    throw new ApiError({ ...problem, status: response.status });
  }
  return data as T;
}

/** Every page of a list, up to `max` items. */
export async function allPages<T>(fetchPage: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>, max = 2000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < max);
  return items;
}
