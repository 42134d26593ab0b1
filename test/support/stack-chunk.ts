/** Loaded on first use by stack-entry.ts, so that it lands in a chunk of its own. */
export function refuse(): never {
  throw new Error('refused inside a chunk');
}
