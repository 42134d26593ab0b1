import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, uniqueDistrict } from '../support/app.js';
import { registeredPerson } from '../support/persons.js';

/** Real-looking names with the queries a worker would type: characters, spaced and joined pinyin, initials, homophones. */
const names: { name: string; queries: string[] }[] = [
  { name: '王小明', queries: ['王小明', '王晓明', 'wang xiao ming', 'wangxiaoming', 'Wang Xiaoming', 'wxm'] },
  { name: '李娜', queries: ['李娜', '李纳', 'li na', 'lina', 'ln'] },
  { name: '张伟', queries: ['张伟', '章伟', 'zhang wei', 'zhangwei', 'zw'] },
  { name: '单雄信', queries: ['单雄信', 'shan xiong xin', 'shanxiongxin', 'sxx'] },
  { name: '曾国强', queries: ['曾国强', 'zeng guo qiang', 'zengguoqiang', 'zgq'] },
  { name: '解小东', queries: ['解小东', 'xie xiao dong', 'xiexiaodong', 'xxd'] },
  { name: '仇伟', queries: ['仇伟', 'qiu wei', 'qiuwei', 'qw'] },
  { name: '区志坚', queries: ['区志坚', 'ou zhi jian', 'ouzhijian', 'ozj'] },
  { name: '查良镛', queries: ['查良镛', 'zha liang yong', 'zhaliangyong', 'zly'] },
  { name: '朴成浩', queries: ['朴成浩', 'piao cheng hao', 'piaochenghao', 'pch'] },
  { name: '覃小红', queries: ['覃小红', 'qin xiao hong', 'qinxiaohong', 'qxh'] },
  { name: '尉迟敬德', queries: ['尉迟敬德', 'yuchi jingde', 'yuchijingde', 'ycjd'] },
  { name: '吕小龙', queries: ['吕小龙', '律小龙', 'lv xiao long', 'lvxiaolong', 'lxl'] },
  { name: '陈建国', queries: ['陈建国', '陈建郭', 'chen jian guo', 'chenjianguo', 'cjg'] },
  { name: '刘德华', queries: ['刘德华', '柳德华', 'liu de hua', 'liudehua', 'ldh'] },
  { name: '杨秀英', queries: ['杨秀英', '羊秀英', 'yang xiu ying', 'yangxiuying', 'yxy'] },
  { name: '黄桂兰', queries: ['黄桂兰', '皇桂兰', 'huang gui lan', 'huangguilan', 'hgl'] },
  { name: '赵淑珍', queries: ['赵淑珍', '照淑珍', 'zhao shu zhen', 'zhaoshuzhen', 'zsz'] },
  { name: '周玉梅', queries: ['周玉梅', 'zhou yu mei', 'zhouyumei', 'zym'] },
  { name: '吴志刚', queries: ['吴志刚', '武志刚', 'wu zhi gang', 'wuzhigang', 'wzg'] },
  { name: '徐凤英', queries: ['徐凤英', '许凤英', 'xu feng ying', 'xufengying', 'xfy'] },
  { name: '孙德福', queries: ['孙德福', 'sun de fu', 'sundefu', 'sdf'] },
  { name: '马建华', queries: ['马建华', '马健华', 'ma jian hua', 'majianhua', 'mjh'] },
  { name: '胡春花', queries: ['胡春花', 'hu chun hua', 'huchunhua', 'hch'] },
  { name: '郭长林', queries: ['郭长林', 'guo chang lin', 'guochanglin', 'gcl'] },
  { name: '何翠兰', queries: ['何翠兰', '和翠兰', 'he cui lan', 'hecuilan', 'hcl'] },
  { name: '罗大勇', queries: ['罗大勇', 'luo da yong', 'luodayong', 'ldy'] },
  { name: '谢秋菊', queries: ['谢秋菊', '解秋菊', 'xie qiu ju', 'xieqiuju', 'xqj'] },
  { name: '邓金莲', queries: ['邓金莲', 'deng jin lian', 'dengjinlian', 'djl'] },
  { name: '冉光荣', queries: ['冉光荣', 'ran guang rong', 'ranguangrong', 'rgr'] },
  { name: '阿依古丽·买买提', queries: ['阿依古丽', '买买提', 'ayiguli', 'maimaiti'] },
  { name: '牟小兵', queries: ['牟小兵', 'mou xiao bing', 'mouxiaobing', 'mu xiao bing'] },
];

describe('name search in the register', () => {
  const context = { district: '', ids: new Map<string, string>() };
  let harness: Awaited<ReturnType<typeof testApp>>;

  beforeAll(async () => {
    harness = await testApp();
    context.district = uniqueDistrict();
    const admin = await harness.as('admin', { district: context.district });
    for (const [index, { name }] of names.entries()) {
      const response = await harness.send('POST', '/v1/persons', admin, registeredPerson(context.district, {
        name, aliases: [], birthYear: 1930 + index, riskFactors: index % 2 ? ['dementia'] : ['repeat_rough_sleeper'],
        status: index % 3 ? 'on_street' : 'in_care', identityStatus: index % 4 ? 'identified' : 'unidentified',
      }));
      expect(response.status).toBe(201);
      context.ids.set(name, ((await response.json()) as { person: { id: string } }).person.id);
    }
  }, 60_000);

  const search = async (q: string, extra = '', role: 'patrol' | 'tracer' = 'patrol') => {
    const response = await harness.app.request(`/v1/persons?q=${encodeURIComponent(q)}&limit=100${extra}`, {
      headers: await harness.as(role, { district: context.district }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: ({ id: string; name: string } & Record<string, unknown>)[] }).items;
  };

  it.each(names.flatMap(({ name, queries }) => queries.map((q) => [name, q] as const)))('finds %s by “%s”', async (name, q) => {
    const hits = await search(q);
    expect(hits.map((hit) => hit.id)).toContain(context.ids.get(name));
  });

  it('puts an exact match first and does not find unrelated names', async () => {
    const hits = await search('李娜');
    expect(hits[0]?.name).toBe('李娜');
    expect(hits.map((hit) => hit.name)).not.toContain('王小明');
    expect(await search('zzzzz')).toEqual([]);
  });

  it('finds a surname alone', async () => {
    const hits = (await search('王')).map((hit) => hit.name);
    expect(hits).toContain('王小明');
    expect(hits).not.toContain('李娜');
  });

  it('answers a name search with one query (plus the audit of the hits)', async () => {
    const headers = await harness.as('patrol', { district: context.district });
    harness.requests.reset();
    const response = await harness.app.request(`/v1/persons?q=wangxiaoming`, { headers });
    expect(response.status).toBe(200);
    expect(harness.requests.byCommand()).toEqual({ Query: 1, BatchWriteItem: 1 });
  });

  it('combines search with risk factor, status and identity filters', async () => {
    const dementia = await search('w', '&riskFactor=dementia');
    expect(dementia.length).toBeGreaterThan(0);
    expect(dementia.every((hit) => (hit['riskFactors'] as string[]).includes('dementia'))).toBe(true);
    const inCare = await search('l', '&status=in_care&identityStatus=unidentified');
    expect(inCare.every((hit) => hit['status'] === 'in_care' && hit['identityStatus'] === 'unidentified')).toBe(true);
  });

  it('shows tracers no risk factors in results', async () => {
    const hits = await search('王小明', '', 'tracer');
    expect(hits[0]).toMatchObject({ name: '王小明' });
    expect(hits[0]).not.toHaveProperty('riskFactors');
  });

  it('lists the district without a query, paged, and every listed person is audited', async () => {
    const headers = await harness.as('admin', { district: context.district });
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page = (await (await harness.app.request(`/v1/persons?district=${context.district}&limit=10${cursor ? `&cursor=${cursor}` : ''}`, { headers })).json()) as { items: { id: string }[]; nextCursor: string | null };
      page.items.forEach((item) => seen.add(item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(names.length);
    await harness.auditViews.deliver();
    const someone = context.ids.get('张伟') as string;
    const audit = (await (await harness.app.request(`/v1/audit?subjectId=${someone}`, { headers })).json()) as { items: { action: string }[] };
    expect(audit.items.map((entry) => entry.action)).toContain('person.list');
  });

  it('keeps patrol inside its district and rejects an empty query', async () => {
    const headers = await harness.as('patrol', { district: context.district });
    expect((await harness.app.request(`/v1/persons?district=${uniqueDistrict()}`, { headers })).status).toBe(403);
    expect((await harness.app.request(`/v1/persons?q=%20%20`, { headers })).status).toBe(400);
    expect((await harness.app.request(`/v1/persons?q=!!!`, { headers })).status).toBe(400);
    const elsewhere = await harness.as('patrol', { district: uniqueDistrict() });
    const hits = ((await (await harness.app.request(`/v1/persons?q=wangxiaoming`, { headers: elsewhere })).json()) as { items: unknown[] }).items;
    expect(hits).toEqual([]);
  });
});
