/**
 * Chinese name search keys.
 *
 * A name is indexed under its toneless pinyin (no spaces, lowercase) and its initials, so a
 * search by characters, pinyin or initials finds it by key prefix, and homophones (王小明/王晓明)
 * collide on purpose: a family's report often has the right sound but the wrong characters.
 *
 * Readings: the first character(s) are read as a surname (pinyin-pro `surname: 'head'`), so
 * 单 → shan, 曾 → zeng, 解 → xie, 仇 → qiu, 区 → ou, 查 → zha, 朴 → piao, 覃 → qin, 尉迟 → yuchi.
 *
 * Some surnames have a second genuine reading, or one pinyin-pro gets wrong (秘 bi, 种 chong, 祭 zhai,
 * 洗 xian, 佴 nai): a name starting with one of them is also indexed under that reading.
 *
 * ü: the canonical spelling is `v` (吕 → lv, 略 → lve), as typed on a pinyin keyboard. Queries
 * normalize ü and `u:` to `v`. Because people also type `lu`/`nu` (and passports since 2012 write
 * `lyu`/`nyu`), a name with ü after n/l is additionally indexed under those two spellings.
 * Names written in Latin letters are indexed under the letters, lowercased, without separators.
 * Whitespace and the middle dot of transliterated names (阿依古丽·买买提) are ignored; each part
 * of such a name is also indexed on its own.
 */
import type * as PinyinPro from 'pinyin-pro';
import { LAZY_PACKAGES, onFirstUse } from './on-first-use.js';
import { remembered } from './remembered.js';

// The dictionary is large: read on the first name key, not at cold start (see on-first-use.ts).
const pinyinPro = onFirstUse<typeof PinyinPro>(LAZY_PACKAGES.pinyinPro);

const HAN = /\p{Script=Han}/u;
const SEPARATORS = /[\s·•・‧．.'’\-_]+/gu;

/** Toneless pinyin syllables of a name (surname mode, ü as `v`); a Latin run is one item, tone marks dropped. */
const syllables = remembered((name: string): readonly string[] => {
  const cleaned = name.normalize('NFKC').replace(SEPARATORS, ' ').trim();
  if (!cleaned) return [];
  return pinyinPro().pinyin(cleaned, { toneType: 'none', type: 'array', surname: 'head', v: true, nonZh: 'consecutive' })
    .map((s) => s.toLowerCase().normalize('NFD').replace(/u\u0308|u:/g, 'v').replace(/[^a-z]/g, ''))
    .filter((s) => s.length > 0);
});

const UMLAUT = /^([nl])v(.*)$/;

/**
 * The spellings of the joined syllables: as typed on a pinyin keyboard (lv), and, when a syllable
 * has ü after n/l, with every such ü as `u` and as `yu`. One convention per key, never a mix, so a
 * name has at most three spellings however many ü it holds.
 */
function spellings(parts: readonly string[]): string[] {
  if (!parts.some((part) => UMLAUT.test(part))) return [parts.join('')];
  const respell = (to: string) => parts.map((part) => part.replace(UMLAUT, `$1${to}$2`)).join('');
  return [parts.join(''), respell('u'), respell('yu')];
}

/** Surname readings pinyin-pro does not give in surname mode: real alternatives, or its misreadings. */
const SURNAME_ALTERNATES: Record<string, string> = {
  乐: 'le', 翟: 'di', 牟: 'mu', 宓: 'fu', 盖: 'gai', 覃: 'tan', 秘: 'bi', 种: 'chong', 祭: 'zhai', 洗: 'xian', 佴: 'nai',
};

/** Syllable readings of a name: pinyin-pro's, plus one with the alternate surname reading if any. */
function readings(name: string): (readonly string[])[] {
  const parts = syllables(name);
  const first = [...name.normalize('NFKC').trim()][0] ?? '';
  const alternate = SURNAME_ALTERNATES[first];
  return alternate && parts.length > 0 ? [parts, [alternate, ...parts.slice(1)]] : [parts];
}

/** Every full-pinyin key of a name: all readings × all ü spellings. */
function fullKeys(name: string): string[] {
  return readings(name).flatMap(spellings).filter((k) => k.length > 0);
}

/** Initials of an all-Han name (王小明 → wxm), per reading; empty when the name has other letters. */
export function initialsOf(name: string): string[] {
  const chars = [...name.replace(SEPARATORS, '')];
  if (chars.length === 0 || !chars.every((c) => HAN.test(c))) return [];
  return readings(name).map((r) => r.map((p) => p[0]).join(''));
}

/** The keys under which a name is indexed: full pinyin (all readings and ü spellings), initials, Latin letters. */
export function nameSearchKeys(name: string): string[] {
  const keys = new Set<string>();
  const addName = (n: string): void => [...fullKeys(n), ...initialsOf(n)].forEach((k) => keys.add(k));
  addName(name);
  const pieces = name.split(/[·•・‧]/u).filter((p) => p.trim());
  if (pieces.length > 1) pieces.forEach(addName);
  return [...keys];
}

/** The normalized key to search by prefix: Han → surname-mode pinyin, Latin → lowercase letters; null if empty. */
export function nameQueryKey(q: string): string | null {
  const key = syllables(q).join('');
  return key.length > 0 ? key : null;
}

/** Surname syllable: the first pinyin syllable of a Han name, or the first word of a Latin name. */
export function surnameOf(name: string): string | null {
  const cleaned = name.normalize('NFKC').trim();
  const first = [...cleaned][0];
  if (first === undefined) return null;
  if (HAN.test(first)) return syllables(cleaned)[0] ?? null;
  const words = cleaned.split(/\s+/);
  return words.length > 1 ? (nameQueryKey(words[0] ?? '') ?? null) : null;
}

/** Levenshtein distance between two short strings. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * Name similarity in [0, 1] for the duplicate guard: 1 when the pinyin is the same (homophones, either
 * surname reading, any ü spelling for Latin input); otherwise 0.5 for the same surname + 0.2 for the same initials + 0.3 × pinyin edit similarity.
 */
export function nameSimilarity(a: string, b: string): number {
  const ka = nameQueryKey(a);
  const kb = nameQueryKey(b);
  if (ka === null || kb === null) return 0;
  // Two Han names compare by their readings with ü kept apart (吕 lv ≠ 路 lu); Latin input cannot tell, so all spellings.
  const keys = HAN.test(a) && HAN.test(b) ? (n: string) => readings(n).map((r) => r.join('')) : fullKeys;
  const keysA = new Set(keys(a));
  if (keys(b).some((k) => keysA.has(k))) return 1;
  const sa = surnameOf(a);
  const sb = surnameOf(b);
  // A run-together Latin name ("wangxiaoming") has no known surname: compare by prefix instead.
  const sameSurname =
    sa !== null && sb !== null ? sa === sb : sa !== null ? kb.startsWith(sa) : sb !== null && ka.startsWith(sb);
  const initialsA = new Set(initialsOf(a));
  const sameInitials = initialsOf(b).some((i) => initialsA.has(i));
  const edit = 1 - editDistance(ka, kb) / Math.max(ka.length, kb.length);
  return Math.round((0.5 * Number(sameSurname) + 0.2 * Number(sameInitials) + 0.3 * edit) * 1000) / 1000;
}
