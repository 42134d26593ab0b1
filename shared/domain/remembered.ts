/**
 * A pure function of a string, remembered for recent inputs. Matching compares one record with
 * thousands of candidates, and the same names, marks and descriptions recur among them: their
 * pinyin, parsed marks and character pairs are worked out once, not once per pair. The cache holds
 * at most `size` inputs and is dropped whole when full, so memory stays bounded on a long-lived
 * function. Results are shared: callers must not change them.
 */
export function remembered<T>(compute: (input: string) => T, size = 20_000): (input: string) => T {
  let cache = new Map<string, T>();
  return (input) => {
    const known = cache.get(input);
    if (known !== undefined || cache.has(input)) return known as T;
    const value = compute(input);
    if (cache.size >= size) cache = new Map();
    cache.set(input, value);
    return value;
  };
}
