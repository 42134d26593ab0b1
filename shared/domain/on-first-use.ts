/**
 * Packages the API loads on first use rather than at cold start: large data that only a few routes
 * need (the pinyin dictionary for name keys, the holiday table for working-day deadlines). Each is
 * read with a synchronous `require` the first time a caller needs it, so the functions that use it
 * keep their synchronous signatures.
 *
 * The Lambda bundle leaves these out of index.mjs and ships each next to it under node_modules/
 * (infra/bundle.ts copies the files named here), so the same `require` resolves them in the cloud,
 * under `npm start` and in tests.
 */
import { createRequire } from 'node:module';

/** Specifiers loaded on first use; infra/bundle.ts ships exactly these files beside the bundle. */
export const LAZY_PACKAGES = {
  /** pinyin-pro's CommonJS build (about 450 KiB of dictionary): name search keys. */
  pinyinPro: 'pinyin-pro',
  /** chinese-days' holiday and workday table: working-day deadlines. */
  holidayData: 'chinese-days/dist/chinese-days.json',
} as const;

const requireHere = createRequire(import.meta.url);

/** A loader that requires `specifier` on its first call and returns the same module after. */
export function onFirstUse<T>(specifier: (typeof LAZY_PACKAGES)[keyof typeof LAZY_PACKAGES]): () => T {
  let loaded: { module: T } | undefined;
  return () => (loaded ??= { module: requireHere(specifier) as T }).module;
}
