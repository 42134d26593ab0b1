import { describe, expect, it } from 'vitest';
import { compareMarks, markInWords, parseMarks } from '../../shared/domain/marks.js';
import { scorePair, type MatchProfile } from '../../shared/domain/matching.js';
import { outreachRules } from '../../shared/domain/rules.js';

describe('distinguishing marks', () => {
  it('reads kind, part and side from how people write them, synonyms as one', () => {
    expect(parseMarks('左手背有烫伤疤痕，右耳有黑痣')).toEqual([
      { kind: 'burn', part: 'back_of_hand', side: 'left' },
      { kind: 'mole', part: 'ear', side: 'right' },
    ]);
    expect(parseMarks('脖子上有纹身')).toEqual(parseMarks('颈部刺青'));
    expect(parseMarks('走路有点跛')).toEqual([{ kind: 'limp' }]);
    // A phrase naming no known mark is left to the free-text comparison.
    expect(parseMarks('个子不高，说话慢')).toEqual([]);
  });

  it('agrees on the same mark, half-agrees on the kind when one side says no part, and tells another mark apart', () => {
    expect(compareMarks('脖子左侧胎记', '脖子左侧有胎记')).toMatchObject({ agreement: 'same' });
    expect(compareMarks('左脸颊有痣', '脸上有颗黑痣')).toMatchObject({ agreement: 'same' });
    // A birthmark on the neck is not the one on the cheek, and a mole on the left hand is not the one on the right.
    expect(compareMarks('脖子左侧胎记', '左脸颊有胎记')).toEqual({ agreement: 'differ' });
    expect(compareMarks('左手背有黑痣', '右手背有黑痣')).toEqual({ agreement: 'differ' });
    // A tattoo where the other names a birthmark in the same place: a different mark.
    expect(compareMarks('脖子左侧有刺青', '脖子左侧有胎记')).toEqual({ agreement: 'differ' });
    expect(compareMarks('有刺青', '右臂纹身')).toMatchObject({ agreement: 'kind' });
    expect(compareMarks('个子不高', '右臂纹身')).toEqual({ agreement: 'unknown' });
    expect(markInWords({ kind: 'burn', part: 'back_of_hand', side: 'left' })).toBe('左手背烫伤');
  });

  it('weighs the same mark above a shared kind, and another mark against the pair, with a reason in Chinese', () => {
    const base: MatchProfile = { side: 'person', id: 'p1', district: '500117', names: [], sex: 'male', conditions: [] };
    const report: MatchProfile = { ...base, side: 'report', id: 'r1', marks: '左手背有烫伤疤痕' };
    const marks = (text: string) => scorePair({ ...base, marks: text }, report, outreachRules).reasons.find((reason) => reason.field === 'marks');
    const same = marks('左手背烫伤疤痕');
    const kind = marks('有烫伤');
    const other = marks('右小腿有烫伤');
    expect(same).toMatchObject({ state: 'agree', reason: '体貌特征相同（左手背烫伤）' });
    expect(kind?.state).toBe('agree');
    expect(same!.weight).toBeGreaterThan(kind!.weight);
    expect(other).toMatchObject({ state: 'disagree' });
    expect(other!.weight).toBeLessThan(0);
  });
});
