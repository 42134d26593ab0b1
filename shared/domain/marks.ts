/**
 * Distinguishing marks (体貌特征) as people write them: "左手背有烫伤疤痕，右耳有黑痣". A mark is a
 * kind (痣, 胎记, 疤, 刺青…) on a part of the body, often with a side. Two descriptions of the same
 * mark agree on all three; a birthmark somewhere else is another mark, not half of this one. Pure.
 */
import { remembered } from './remembered.js';

/** Kinds of mark, each with the words that name it (longest first wins: 烫伤疤痕 is a burn scar, not a scar). */
const KINDS: [kind: string, words: string[]][] = [
  ['burn', ['烫伤', '烧伤', '烫疤']],
  ['birthmark', ['胎记', '胎斑']],
  ['mole', ['黑痣', '红痣', '痦子', '痣']],
  ['tattoo', ['刺青', '纹身', '文身']],
  ['age_spot', ['老年斑', '寿斑']],
  ['scar', ['刀疤', '伤疤', '疤痕', '疤', '缝针']],
  ['missing_digit', ['缺指', '断指', '少一根', '缺一根', '残指']],
  ['extra_digit', ['六指', '多指']],
  ['limp', ['跛', '瘸']],
  ['cleft_lip', ['兔唇', '唇裂']],
  ['lazy_eye', ['斜视', '斗鸡眼']],
  ['bald', ['秃顶', '光头', '谢顶']],
];

/** Parts of the body, each with its words (synonyms map to one part). */
const PARTS: [part: string, words: string[]][] = [
  ['back_of_head', ['后脑勺', '后脑']],
  ['forehead', ['额头', '前额', '脑门']],
  ['eyebrow', ['眉毛', '眉']],
  ['eye', ['眼角', '眼睛', '眼皮', '眼']],
  ['ear', ['耳朵', '耳垂', '耳']],
  ['nose', ['鼻子', '鼻梁', '鼻']],
  ['mouth', ['嘴角', '嘴唇', '嘴', '唇']],
  ['chin', ['下巴', '下颌', '下颚']],
  ['cheek', ['脸颊', '面颊', '脸蛋', '脸', '面部']],
  ['neck', ['脖子', '颈部', '颈']],
  ['shoulder', ['肩膀', '肩']],
  ['chest', ['胸口', '胸前', '胸']],
  ['back', ['后背', '背部', '背上']],
  ['belly', ['肚子', '腹部', '腹']],
  ['back_of_hand', ['手背']],
  ['palm', ['手掌', '手心']],
  ['finger', ['手指', '指头', '拇指', '食指']],
  ['wrist', ['手腕']],
  ['arm', ['胳膊', '手臂', '前臂', '上臂', '小臂', '大臂', '臂']],
  ['hand', ['手']],
  ['thigh', ['大腿']],
  ['calf', ['小腿']],
  ['knee', ['膝盖', '膝']],
  ['leg', ['腿']],
  ['ankle', ['脚踝']],
  ['foot', ['脚背', '脚掌', '脚', '足']],
];

/** Kinds that say where they are by themselves (a limp, a cleft lip). */
const WHOLE_BODY = new Set(['limp', 'cleft_lip', 'lazy_eye', 'bald']);

export type Mark = { kind: string; part?: string; side?: 'left' | 'right' };

/** The first of `table`'s entries whose word appears in `text`, trying longer words first. */
function find(table: [string, string[]][], text: string): string | undefined {
  let best: { id: string; length: number; at: number } | undefined;
  for (const [id, words] of table) {
    for (const word of words) {
      const at = text.indexOf(word);
      if (at >= 0 && (!best || word.length > best.length || (word.length === best.length && at < best.at))) best = { id, length: word.length, at };
    }
  }
  return best?.id;
}

/** The marks a description names; a phrase naming no known kind is left out (free text still compares by overlap). */
export const parseMarks = remembered((text: string): readonly Mark[] => {
  const marks: Mark[] = [];
  for (const phrase of text.split(/[，,。.;；、\n]+/u)) {
    const kind = find(KINDS, phrase);
    if (!kind) continue;
    const part = find(PARTS, phrase);
    const side = /左/u.test(phrase) ? 'left' : /右/u.test(phrase) ? 'right' : undefined;
    marks.push({ kind, ...(part ? { part } : {}), ...(side ? { side } : {}) });
  }
  return marks;
});

/**
 * How well two descriptions' marks agree: `same` when a mark of one is a mark of the other (kind,
 * part and side; a part or side left out by one side does not disagree), `kind` when a kind is
 * shared and one side does not say where, `differ` when both name marks and none is the same,
 * `unknown` when either names none.
 */
export function compareMarks(a: string, b: string): { agreement: 'same' | 'kind' | 'differ' | 'unknown'; mark?: Mark } {
  const [left, right] = [parseMarks(a), parseMarks(b)];
  if (!left.length || !right.length) return { agreement: 'unknown' };
  const compatible = <T>(x: T | undefined, y: T | undefined) => x === undefined || y === undefined || x === y;
  let kindOnly: Mark | undefined;
  for (const x of left) {
    for (const y of right) {
      if (x.kind !== y.kind) continue;
      if (WHOLE_BODY.has(x.kind)) return { agreement: 'same', mark: x };
      const bothPlaced = x.part !== undefined && y.part !== undefined;
      if (bothPlaced && x.part === y.part && compatible(x.side, y.side)) return { agreement: 'same', mark: { ...x, ...y } };
      // The same kind somewhere else is another mark; the same kind where one side names no part may be this one.
      if (!bothPlaced) kindOnly ??= x;
    }
  }
  return kindOnly ? { agreement: 'kind', mark: kindOnly } : { agreement: 'differ' };
}

/**
 * The index keys of a description's marks: kind and part (a side may be left out by either
 * writer), or the kind alone for a mark of the whole body. A mark with no part has no key: "a mole"
 * somewhere is too common to look anyone up by.
 */
export function markKeys(text: string): string[] {
  const keys = parseMarks(text).flatMap((mark) => (WHOLE_BODY.has(mark.kind) ? [mark.kind] : mark.part ? [`${mark.kind}.${mark.part}`] : []));
  return [...new Set(keys)];
}

const KIND_ZH: Record<string, string> = {
  burn: '烫伤', birthmark: '胎记', mole: '痣', tattoo: '刺青', age_spot: '老年斑', scar: '疤痕', missing_digit: '缺指', extra_digit: '六指',
  limp: '跛行', cleft_lip: '唇裂', lazy_eye: '斜视', bald: '秃顶',
};
/** A mark in words for a reviewer: 左 手背 烫伤. */
export function markInWords(mark: Mark): string {
  const part = mark.part ? PARTS.find(([id]) => id === mark.part)?.[1][0] : undefined;
  return `${mark.side === 'left' ? '左' : mark.side === 'right' ? '右' : ''}${part ?? ''}${KIND_ZH[mark.kind] ?? mark.kind}`;
}
