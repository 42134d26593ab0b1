import { describe, it, expect } from 'vitest';
import { nameQueryKey, nameSearchKeys, nameSimilarity } from '../../shared/domain/names.js';

const found = (name: string, query: string): boolean => {
  const q = nameQueryKey(query);
  return q !== null && nameSearchKeys(name).some((k) => k.startsWith(q));
};

// name, pinyin by syllable, initials
const NAMES: [string, string, string][] = [
  ['王小明', 'wang xiao ming', 'wxm'],
  ['王晓明', 'wang xiao ming', 'wxm'],
  ['李娜', 'li na', 'ln'],
  ['李纳', 'li na', 'ln'],
  ['张伟', 'zhang wei', 'zw'],
  ['章伟', 'zhang wei', 'zw'],
  ['刘德华', 'liu de hua', 'ldh'],
  ['陈静', 'chen jing', 'cj'],
  ['杨秀英', 'yang xiu ying', 'yxy'],
  ['黄建国', 'huang jian guo', 'hjg'],
  ['周桂兰', 'zhou gui lan', 'zgl'],
  ['赵淑珍', 'zhao shu zhen', 'zsz'],
  ['吴海燕', 'wu hai yan', 'why'],
  ['何永福', 'he yong fu', 'hyf'],
  ['罗光荣', 'luo guang rong', 'lgr'],
  ['单雄信', 'shan xiong xin', 'sxx'],
  ['曾国强', 'zeng guo qiang', 'zgq'],
  ['解小东', 'xie xiao dong', 'xxd'],
  ['仇伟', 'qiu wei', 'qw'],
  ['区志坚', 'ou zhi jian', 'ozj'],
  ['查良镛', 'zha liang yong', 'zly'],
  ['朴成浩', 'piao cheng hao', 'pch'],
  ['覃小红', 'qin xiao hong', 'qxh'],
  ['尉迟敬德', 'yu chi jing de', 'ycjd'],
  ['诸葛亮', 'zhu ge liang', 'zgl'],
  ['欧阳娜娜', 'ou yang na na', 'oynn'],
  ['长孙无忌', 'zhang sun wu ji', 'zswj'],
  ['乐嘉', 'yue jia', 'yj'],
  ['秘伟', 'mi wei', 'mw'],
  ['翟强', 'zhai qiang', 'zq'],
  ['缪小华', 'miao xiao hua', 'mxh'],
  ['吕小龙', 'lv xiao long', 'lxl'],
  ['吕布', 'lv bu', 'lb'],
  ['聂女', 'nie nv', 'nn'],
  ['阿依古丽·买买提', 'a yi gu li mai mai ti', 'ayglmmt'],
];

const full = (spaced: string): string => spaced.replaceAll(' ', '');

describe('nameSearchKeys', () => {
  it.each(NAMES)('%s → %s / %s', (name, pinyin, initials) => {
    const keys = nameSearchKeys(name);
    expect(keys).toContain(full(pinyin));
    expect(keys).toContain(initials);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('indexes the ü spellings v, u and yu', () => {
    expect(nameSearchKeys('吕小龙')).toEqual(['lvxiaolong', 'luxiaolong', 'lyuxiaolong', 'lxl']);
    expect(nameSearchKeys('女娲')).toEqual(expect.arrayContaining(['nvwa', 'nuwa', 'nyuwa']));
    expect(nameSearchKeys('略小')).toEqual(expect.arrayContaining(['lvexiao', 'luexiao']));
  });

  it('also indexes alternate surname readings', () => {
    expect(nameSearchKeys('乐嘉')).toEqual(['yuejia', 'lejia', 'yj', 'lj']);
    expect(nameSearchKeys('秘伟')).toEqual(expect.arrayContaining(['miwei', 'biwei', 'bw']));
    expect(nameSearchKeys('种师道')).toContain('chongshidao');
    expect(nameSearchKeys('翟强')).toContain('diqiang');
  });

  it('indexes each part of a name with a middle dot', () => {
    expect(nameSearchKeys('阿依古丽·买买提')).toEqual(
      expect.arrayContaining(['ayigulimaimaiti', 'ayglmmt', 'ayiguli', 'maimaiti']),
    );
    expect(nameSearchKeys('阿依古丽 · 买买提')).toEqual(nameSearchKeys('阿依古丽·买买提'));
  });

  it('indexes a Latin name as lowercase letters without separators', () => {
    expect(nameSearchKeys('John  Smith')).toEqual(['johnsmith']);
    expect(nameSearchKeys("Mary-Jane O'Neil")).toEqual(['maryjaneoneil']);
  });

  it('returns nothing for an empty name', () => {
    expect(nameSearchKeys('')).toEqual([]);
    expect(nameSearchKeys(' · ')).toEqual([]);
  });
});

describe('nameQueryKey', () => {
  it.each(['王晓明', '王小明', 'wang xiao ming', 'wangxiaoming', 'Wang Xiaoming', 'WANG XIAO-MING', 'Wáng Xiǎomíng', 'wxm', 'wang', '王'])(
    '%s finds 王小明',
    (q) => expect(found('王小明', q)).toBe(true),
  );

  it('normalizes ü, u: and v to v', () => {
    expect(nameQueryKey('吕')).toBe('lv');
    expect(nameQueryKey('lü')).toBe('lv');
    expect(nameQueryKey('LU:')).toBe('lv');
    expect(nameQueryKey('Lǚ Bù')).toBe('lvbu');
  });

  it.each(['吕', 'lv', 'lu', 'lü', 'lyu', 'Lyu Xiaolong', 'lu xiao long', 'lxl'])('%s finds 吕小龙', (q) =>
    expect(found('吕小龙', q)).toBe(true),
  );

  it('reads a lone polyphonic surname as a surname', () => {
    expect(nameQueryKey('单')).toBe('shan');
    expect(nameQueryKey('解')).toBe('xie');
    expect(nameQueryKey('查')).toBe('zha');
    expect(nameQueryKey('区')).toBe('ou');
  });

  it('returns null for empty or letterless input', () => {
    expect(nameQueryKey('')).toBeNull();
    expect(nameQueryKey('   ')).toBeNull();
    expect(nameQueryKey('·')).toBeNull();
    expect(nameQueryKey('123')).toBeNull();
  });

  it('does best effort on mixed input', () => {
    expect(nameQueryKey('王xiao明')).toBe('wangxiaoming');
  });
});

describe('search: every name by characters, pinyin with and without spaces, and initials', () => {
  it.each(NAMES)('%s', (name, pinyin, initials) => {
    expect(found(name, name)).toBe(true);
    expect(found(name, pinyin)).toBe(true);
    expect(found(name, full(pinyin))).toBe(true);
    expect(found(name, initials)).toBe(true);
    expect(found(name, full(pinyin).slice(0, 3))).toBe(true);
  });

  it('homophones find each other', () => {
    expect(found('王小明', '王晓明')).toBe(true);
    expect(found('李娜', '李纳')).toBe(true);
    expect(found('张伟', '章伟')).toBe(true);
  });

  it('finds a minority name by either part', () => {
    expect(found('阿依古丽·买买提', '买买提')).toBe(true);
    expect(found('阿依古丽·买买提', 'ayiguli maimaiti')).toBe(true);
    expect(found('阿依古丽·买买提', '阿依古丽买买提')).toBe(true);
  });

  it('does not find unrelated names', () => {
    expect(found('李娜', 'wang')).toBe(false);
    expect(found('李娜', '王')).toBe(false);
    expect(found('单雄信', 'dan')).toBe(false);
    expect(found('曾国强', 'ceng')).toBe(false);
    expect(found('王小明', 'wxh')).toBe(false);
    expect(found('王小明', '')).toBe(false);
    expect(found('吕小龙', 'lv da')).toBe(false);
    expect(found('乐嘉', 'yao')).toBe(false);
  });
});

describe('nameSimilarity', () => {
  it('is 1 for the same pinyin', () => {
    expect(nameSimilarity('王小明', '王晓明')).toBe(1);
    expect(nameSimilarity('张伟', '章伟')).toBe(1);
    expect(nameSimilarity('王小明', 'Wang Xiaoming')).toBe(1);
    expect(nameSimilarity('吕布', 'lü bu')).toBe(1);
    expect(nameSimilarity('吕布', 'Lyu Bu')).toBe(1);
    expect(nameSimilarity('乐嘉', 'Le Jia')).toBe(1);
  });

  it('gives partial credit for the same surname and initials', () => {
    const nearHomophone = nameSimilarity('王小明', '王小敏');
    const sameSurname = nameSimilarity('王小明', '王大明');
    const sameGiven = nameSimilarity('王小明', '李小明');
    expect(nearHomophone).toBeGreaterThan(0.9);
    expect(nearHomophone).toBeLessThan(1);
    expect(sameSurname).toBeGreaterThan(0.5);
    expect(sameSurname).toBeLessThan(nearHomophone);
    expect(sameGiven).toBeLessThan(0.5);
    expect(nameSimilarity('wangxiaoming', '王大明')).toBeGreaterThan(0.5);
  });

  it('keeps ü apart from u between two Han names', () => {
    expect(nameSimilarity('吕布', '路布')).toBeLessThan(1);
    expect(nameSimilarity('女娲', '努娲')).toBeLessThan(1);
  });

  it('is low for unrelated names and 0 for empty ones', () => {
    expect(nameSimilarity('张伟', '李娜')).toBeLessThan(0.2);
    expect(nameSimilarity('', '李娜')).toBe(0);
  });

  it('stays in [0, 1] and is symmetric', () => {
    const names = NAMES.map(([n]) => n);
    for (const a of names) {
      for (const b of names) {
        const s = nameSimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(s).toBe(nameSimilarity(b, a));
      }
    }
  });
});
