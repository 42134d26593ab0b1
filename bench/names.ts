/** Chinese names for load: common surnames × given-name characters, drawn with a seeded PRNG. */

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱覃武戴孔'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红玉梅志文斌春海林云飞鹏辉丹萍鑫波宇浩凯健俊帆帅旭宁琳晨婷雪慧佳倩颖欣东'];

export { seededRandom } from '../test/support/random.js';

const choose = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

/** A surname, the common ones more often (the list is in order of frequency; 王 about 1 in 10), and one or two given-name characters. */
export function chineseName(random: () => number): string {
  const surname = SURNAMES[Math.floor(random() ** 2 * SURNAMES.length)] as string;
  return surname + choose(random, GIVEN) + (random() < 0.6 ? choose(random, GIVEN) : '');
}
