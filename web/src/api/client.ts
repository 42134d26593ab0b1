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

/** The data of a call, or an ApiError with the server's reason. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
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
