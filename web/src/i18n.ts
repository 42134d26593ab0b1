/** zh-CN words for the API's codes and field paths. */

export const roleLabel = { patrol: '街面巡查员', shelter: '救助站／机构工作人员', tracer: '寻亲志愿者', admin: '民政办公室' } as const;

export const sexLabel = { male: '男', female: '女', unknown: '不详' } as const;

export const statusLabel = {
  on_street: '在街面',
  in_care: '在站／在院',
  placed: '已安置',
  reunited: '已返家',
  deceased: '已死亡',
  unknown: '去向不明',
} as const;

export const riskLabel = {
  mental_disorder: '精神障碍',
  intellectual_disability: '智力残疾',
  physical_disability: '肢体残疾',
  dementia: '认知症（失智）',
  minor_in_difficulty: '困境未成年人',
  elderly_alone: '独居老人',
  repeat_rough_sleeper: '反复露宿',
} as const;

export const healthLabel = { well: '良好', unwell: '不适', acutely_ill: '急症', unknown: '不清楚' } as const;

export const actionLabel = {
  offered_food: '提供食物',
  offered_water: '提供饮水',
  offered_clothing: '提供衣物',
  offered_bedding: '提供被褥',
  persuaded_to_station: '劝导入站',
  escorted_to_station: '护送入站',
  arrived_at_station: '已到站',
  called_120: '拨打120',
  called_110: '拨打110',
  refused_help: '拒绝救助',
  left_contact: '留下联系方式',
} as const;

export const concernLabel = {
  suspected_lost: '疑似走失',
  suspected_trafficked: '疑似被拐',
  suspected_abandoned: '疑似被遗弃',
  suspected_mental_disorder: '疑似精神障碍',
} as const;

export const followUpReasonLabel = { resurvey: '复核摸排', visit: '定期走访', after_refusal: '拒绝救助后回访' } as const;

export const nextStepLabel: Record<string, string> = {
  call_120: '立即拨打120急救',
  escort_to_station: '护送至救助管理站',
  leave_contact: '留下联系方式与求助电话',
  notify_guardians: '通知监护人／亲属',
  pay_emergency_aid: '办理急难型临时救助',
  provide_supplies: '发放食物、饮水、衣被',
  report_to_police: '报告公安机关',
  schedule_follow_up: '安排回访',
};

export const facilityTypeLabel = {
  aid_station: '救助管理站',
  child_protection: '未成年人救助保护机构',
  welfare_home: '福利院',
  psychiatric_welfare: '精神卫生福利机构',
} as const;

export const viaLabel = { escorted_by_patrol: '巡查护送', self_referred: '主动求助', police: '公安送来', hospital: '医院转来', transfer: '机构转入' } as const;

export const dischargeLabel = {
  returned_home: '自行返乡',
  collected_by_family: '亲属接回',
  escorted_home: '工作人员护送返乡',
  transferred: '转移',
  placed: '安置',
  left_without_formalities: '自行离站（放弃救助）',
  deceased: '死亡',
  other: '其他',
} as const;

/** The reasons staff may choose when ending a stay: a transfer or placement has its own form. */
export const clientDischargeReasons = ['returned_home', 'collected_by_family', 'escorted_home', 'left_without_formalities', 'deceased', 'other'] as const;

export const identityDocumentLabel = {
  resident_id_card: '居民身份证',
  household_register: '户口簿',
  passport: '护照',
  travel_permit: '港澳台居民通行证件',
  other_official_id: '其他有效证件',
} as const;

/** Which age reading rule 9 applied to a resident ("可能未满16周岁"), or nothing for an adult. */
export function ageReadingLabel(reading: { minor: 'yes' | 'possibly' | 'no'; under16: 'yes' | 'possibly' | 'no' }): string | undefined {
  if (reading.under16 === 'yes') return '未满16周岁';
  if (reading.under16 === 'possibly') return '可能未满16周岁';
  if (reading.minor === 'yes') return '未成年';
  if (reading.minor === 'possibly') return '可能未成年';
  return undefined;
}

export const stayFlagLabel = { overstay: '超期', extended: '已延期', release_to_verified_relative_only: '仅限核实亲属接领' } as const;

/** Field names for error messages: the last segments of an API path, most specific first. */
const fieldLabel: Record<string, string> = {
  lat: '纬度',
  lng: '经度',
  accuracyM: '定位精度',
  location: '位置',
  place: '地点描述',
  occurredAt: '发现时间',
  personId: '人员',
  newPerson: '新登记人员',
  name: '姓名',
  sex: '性别',
  estimatedAge: '估计年龄',
  estimatedAt: '估计日期',
  birthDate: '出生日期',
  idNumber: '身份证号',
  actions: '处置措施',
  concerns: '疑点',
  condition: '身体状况',
  health: '健康状况',
  notes: '备注',
  district: '区县',
  facility: '机构',
  facilityId: '机构',
  role: '角色',
  sub: '工号',
  at: '时间',
  via: '来源',
  reason: '原因',
  purpose: '照片用途',
  photoId: '照片',
  file: '照片文件',
  bedSex: '床位区',
  relative: '接领亲属',
  verification: '身份证件核验',
  last4: '证件号后4位',
  escort: '护送信息',
  staff: '护送人员',
  address: '送达地址',
  relation: '关系',
  note: '说明',
  'if-match': '版本',
  aliases: '别名',
  birthYear: '出生年份',
  ageAtDisappearance: '走失时年龄',
  heightCm: '身高',
  marks: '体貌特征',
  clothing: '衣着',
  dialect: '口音／方言',
  homeRegion: '籍贯',
  province: '省',
  city: '市',
  county: '县（区）',
  conditions: '身心状况',
  lastSeen: '最后出现',
  reporter: '报告人',
  phone: '电话',
  source: '线索来源',
  summary: '线索内容',
  text: '内容',
  channel: '公告渠道',
  url: '网址',
  decision: '审核结论',
  status: '状态',
  listing: '范围',
  reportId: '走失报告',
  kind: '步骤',
  body: '请求内容',
  amount: '金额',
  month: '月份',
  q: '检索词',
  'idempotency-key': '幂等键',
  // Areas and rules (the office's campaign screens)
  boundary: '边界',
  altitudeM: '海拔',
  value: '规则值',
  refusalFollowUpDays: '拒绝救助后回访天数',
  resurveyMonths: '复核间隔（月）',
  visitMonths: '走访月份',
  thresholdSet: '阈值标准',
  windows: '行动窗口',
  startAt: '启动级别',
  quietHoursToEnd: '解除后结束（小时）',
  patrolsPerDay: '每日巡查次数',
  sleepingSpots: '露宿点',
  spotVisitRadiusM: '露宿点走访半径（米）',
  visitsPerChunk: '每页走访数',
  weatherStaleHours: '天气数据过期（小时）',
  forecastDays: '预报天数',
  noticeWithinHours: '发布寻亲公告时限（小时）',
  dnaRequestWorkingDays: 'DNA 采样申请时限（工作日）',
  dnaSamplingMonths: 'DNA 采样时限（月）',
  noticeRefreshMonths: '公告更新间隔（月）',
  warnHoursBefore: '提前提醒（小时）',
  heat: '高温',
  cold_wave: '寒潮',
  cold: '寒冬',
  road_icing: '道路结冰',
  blue: '蓝色',
  yellow: '黄色',
  orange: '橙色',
  red: '红色',
  from: '起',
  to: '止',
  months: '月数',
  cellDegrees: '网格（度）',
  minEncounters: '最少遇见次数',
};

/** "body.location.lat" → "位置·纬度"; a bare "body" (the whole request) → "请求内容". */
export function fieldName(path: string): string {
  const parts = path.split('.').filter((part) => !['query', 'params', 'param', 'header', 'headers'].includes(part) && !/^\d+$/.test(part));
  const named = parts.length > 1 ? parts.filter((part) => part !== 'body') : parts;
  const words = named.map((part) => fieldLabel[part]).filter(Boolean);
  return words.length ? words.join('·') : path;
}

/**
 * The server's reason for one field in Chinese where its wording is a known one (zod's and the
 * domain's common messages); anything else is shown as the server wrote it.
 */
const reasonPatterns: [RegExp, (...groups: string[]) => string][] = [
  [/^Invalid input: expected \w+, received undefined$|^Required$/, () => '必填'],
  [/^Must not be empty\.?$/, () => '不能为空'],
  [/^Too big: expected string to have <=(\d+) characters$/, (n) => `最多 ${n} 个字`],
  [/^Too small: expected string to have >=(\d+) characters?$/, (n) => `至少 ${n} 个字`],
  [/^Too big: expected array to have <=(\d+) items$/, (n) => `最多 ${n} 项`],
  [/^Too big: expected number to be <=?(-?[\d.]+)$/, (n) => `不能大于 ${n}`],
  [/^Too small: expected number to be >=?(-?[\d.]+)$/, (n) => `不能小于 ${n}`],
  [/^Invalid input: expected int, received number$/, () => '须为整数'],
  [/^Invalid input: expected (number|string|boolean|array|object), received \w+$/, () => '格式不对'],
  [/^Invalid option: expected one of .*$/, () => '不是可选的值'],
  [/^Unrecognized keys?: (.*)$/, (keys) => `含有不认识的字段 ${keys}`],
  [/^Must not contain control characters.*$/, () => '不能含有换行、制表等控制字符'],
  [/^Must not contain bidirectional control characters.*$/, () => '含有不可见的文字方向控制字符，请删去后重新输入'],
  [/^A mainland mobile or landline number\.?$/, () => '须为大陆手机号或固定电话（如 13812345678、023-12345678）'],
  [/^A date that is not in the future\.?$|cannot be in the future\.?$|in the future\.?$/, () => '不能晚于现在'],
  [/^A date from 1900 on\.?$/, () => '不能早于1900年'],
  [/^The birth year contradicts the birth date\.?$/, () => '与出生日期不一致'],
  [/^Give both lat and lng, or neither\.?$/, () => '经纬度须同时填写或同时留空'],
  [/repeat\.?$/, () => '有重复'],
  [/^Invalid (ISO )?(date|datetime).*|^A calendar date.*|^An instant.*/i, () => '日期或时间格式不对'],
  [/^An http\(s\) URL\.?$/, () => '须为 http(s) 网址'],
  [/^Send at least one field to change\.?$/, () => '没有要修改的内容'],
];

export function reasonText(message: string): string {
  for (const [pattern, say] of reasonPatterns) {
    const found = pattern.exec(message);
    if (found) return say(...found.slice(1));
  }
  return message;
}

/** Refusals named by the problem's type (https://…/problems/<slug>) where the status alone says too little. */
const typeSummary: Record<string, string> = {
  idempotency_mismatch: '同一提交编号已用于不同内容，请刷新后重新填写',
  idempotency_in_flight: '上一次提交仍在处理中，请稍候',
  unprocessable: '不符合规定',
  precondition_failed: '记录已被他人修改，请刷新后重试',
  precondition_required: '缺少版本信息，请刷新后重试',
  unavailable: '服务繁忙，未作任何更改，请稍后重试',
};

/** Refusals whose stable reason code (`reason`) says more than any field message: said in Chinese instead of them. */
const reasonSummary: Record<string, string> = {
  too_large: '照片超过 5 MB',
  too_many_pixels: '照片像素过多（最多约 5000 万像素，手机原图均可）',
  empty: '文件是空的',
  not_an_image: '不是 JPEG 或 PNG 照片',
  malformed: '照片文件已损坏或格式不对，请重新拍摄',
  truncated: '照片文件不完整，请重新上传',
  bad_crc: '照片文件已损坏，请重新上传',
  photo_not_portrait: '只有正面照可用于寻亲公告',
  photo_not_ready: '照片尚未上传完成',
  // Tracing and matching.
  already_decided: '该配对已有决定',
  match_needs_case: '只有在站且已立寻亲案件的人员，或其所在区县民政部门，才能确认配对',
  score_below_floor: '匹配得分低于确认下限，请在「低分确认理由」中写明依据后再确认',
  records_changed: '人员或报告在您审核后有改动，请刷新后重新核对',
  person_identified: '该人员已查明身份',
  report_closed: '该走失报告已结案',
  report_not_actionable: '找不到该走失报告，或您无权处理',
  not_filing_district: '只有受理该报告的区县可以操作',
  // Care and placements.
  bed_free: '该机构尚有空床，请直接办理入站',
  not_awaiting_bed: '该人员当前状态无需排队等床',
  waitlist_budget_spent: '本次轮候名额已用完，请联系民政部门',
  in_care_here: '该人员已在本机构',
  deceased: '该人员已登记死亡',
  facility_type_not_routed: '该类人员不应送往此类机构',
  long_term_not_welfare_facility: '长期安置须送往公办福利机构',
  override_needs_office: '只有民政部门可以改变分流，并须写明理由',
  // Rules.
  national_rule: '该规则全国统一，区县不能修改',
  no_district: '账号未设置所属区县',
  not_stranded: '在站满 10 天进入滞留阶段后，才能选择照料方式',
  stay_ended: '该次在站已结束',
  placement_accepted: '该安置已被接收',
  placement_declined: '该安置已被拒绝',
  placement_expired: '该安置已过期',
  placement_withdrawn: '该安置已撤回',
  wider_office: '市、省级账号只能查看，不能修改',
  // Personal information.
  correction_decided: '该更正申请已有处理结果',
  erasure_in_care: '该人员仍在站或在院，须先办理离站后才能删除其信息',
  erasure_waitlisted: '该人员仍在轮候名单上，须先移出后才能删除其信息',
  erasure_placement_pending: '该人员有待接收的安置，须先撤回后才能删除其信息',
  erasure_aid_open: '尚有未发放的临时救助，须先登记发放后才能删除其信息',
  erasure_changed_meanwhile: '该人员记录刚有改动，请稍后重试',
};

/** The reasons the app words in Chinese (a problem's `reason`); any other reason falls back to the status. */
export const reasonsWorded = (): string[] => Object.keys(reasonSummary);

const statusSummary: Record<number, string> = {
  400: '填写有误',
  401: '登录已过期，请重新登录',
  403: '无权执行此操作',
  404: '找不到该记录',
  409: '与现有记录冲突',
  412: '记录已被他人修改，请刷新后重试',
  413: '内容过大',
  415: '格式不受支持',
  422: '不符合规定',
  428: '缺少版本信息，请刷新后重试',
  429: '操作过于频繁，请稍后再试',
};

export type Problem = { status: number; type?: string; title?: string; detail?: string; reason?: string; errors?: { path: string; message: string }[] };

/** The problem's reason for one body field (`reporter.phone` for `body.reporter.phone`), in Chinese; for showing under that control. */
export function fieldProblem(problem: Problem | undefined, field: string): string | undefined {
  const found = problem?.errors?.find((error) => error.path === `body.${field}` || error.path.startsWith(`body.${field}.`));
  return found ? reasonText(found.message) : undefined;
}

/**
 * A problem+json refusal in Chinese: what kind of refusal (by its type, else its status), then each
 * field named with its reason. The one place the app turns an API error into words.
 */
export function describeProblem(problem: Problem): string {
  const slug = problem.type?.split('/').pop() ?? '';
  const head =
    typeSummary[slug] ?? statusSummary[problem.status] ?? (problem.status >= 500 ? '服务器暂时出错，稍后会自动重试' : `请求被拒绝（${problem.status}）`);
  const known = problem.reason ? reasonSummary[problem.reason] : undefined;
  if (known) return `${head}：${known}`;
  const fields = (problem.errors ?? []).map((error) => `「${fieldName(error.path)}」${reasonText(error.message)}`);
  if (fields.length) return `${head}：${fields.join('；')}`;
  return problem.detail ? `${head}：${reasonText(problem.detail)}` : head;
}

/** Rule 5's care modes. */
export const careModeLabel = { in_station: '站内照料', foster_family: '家庭寄养', contracted_institution: '委托机构照料' } as const;

export const hazardLabel = { heat: '高温', cold_wave: '寒潮', road_icing: '道路结冰' } as const;
export const levelLabel = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' } as const;
export const campaignKindLabel = { heat: '夏季送清凉', cold: '寒冬送温暖' } as const;
export const priorityLabel = { minor: '未成年人', elderly: '老人', ill: '患病', disabled: '残疾' } as const;

/** "【寒冬送温暖】草街街道 寒潮橙色预警". */
export const campaignTitle = (campaign: { kind: keyof typeof campaignKindLabel; areaName: string; hazard: keyof typeof hazardLabel; level: keyof typeof levelLabel }) =>
  `【${campaignKindLabel[campaign.kind]}】${campaign.areaName} ${hazardLabel[campaign.hazard]}${levelLabel[campaign.level]}预警`;
