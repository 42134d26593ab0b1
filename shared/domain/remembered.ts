/**
 * A pure function of a string, remembered for recent inputs. Matching compares one record with
 * thousands of candidates, and the same names, marks and descriptions recur among them: their
 * pinyin, parsed marks and character pairs are worked out once, not once per pair. What is kept
 * grows with the text, so the cache is bounded by the characters of its inputs (`maxChars`) and
 * dropped whole when full: memory stays bounded on a long-lived function, whatever clients write.
 * Results are shared: callers must not change them.
 */
export function remembered<T>(compute: (input: string) => T, maxChars = 200_000): (input: string) => T {
  let cache = new Map<string, T>();
  let chars = 0;
  return (input) => {
    const known = cache.get(input);
    if (known !== undefined || cache.has(input)) return known as T;
    const value = compute(input);
    if (input.length > maxChars) return value;
    if (chars + input.length > maxChars) {
      cache = new Map();
      chars = 0;
    }
    cache.set(input, value);
    chars += input.length;
    return value;
  };
}
