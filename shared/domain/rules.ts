/**
 * The rule values the street end depends on, as data with a source and a version (DOMAIN.md,
 * "The rules to encode"). Admin-editable rules will replace this object; nothing else holds these numbers.
 */
export const outreachRules = {
  version: '2026-12-07.1',
  source: '草街办发〔2024〕54号 item (八) and (七); 社会救助暂行办法; 生活无着的流浪乞讨人员救助管理办法实施细则; DOMAIN.md rules 1, 2, 5, 7, 8, 9, 11, 12',
  /** Rule 1: under this age a person is a minor, to be escorted to the station (未成年人保护法 art. 2: under 18). */
  minorBelowAge: 18,
  /**
   * Rules 1, 8 and 9, and matching: an estimated age is not an exact one. An estimate of N is read
   * as any age within N ± `minorYears` under 18, else ± the larger of `adultMinYears` and
   * `adultFraction` × N (older faces are harder to read), and the protective rules take the reading
   * that protects the person (未成年人保护法 art. 4: 最有利于未成年人原则): an estimate of 17 or 18 may
   * be a minor, of 16 or 17 may be under 16. The width is the office's working tolerance for
   * estimates by sight (no statute fixes one); the same value blocks and scores family-tracing matches.
   */
  ageEstimate: { minorYears: 2, adultMinYears: 3, adultFraction: 0.1 },
  /** Rule 1: from this age a person is elderly (老年人权益保障法 art. 2: 60). */
  elderlyFromAge: 60,
  /** Rule 1: risk factors that say a person is elderly when no age is recorded (易流浪走失人员: 独居老人). */
  elderlyRiskFactors: ['elderly_alone'],
  /**
   * Rule 1: risk factors that make a person disabled for the escort duty. 精神残疾 and 智力残疾 are
   * legal disability categories (残疾人保障法 art. 2), so mental disorder and dementia count.
   */
  disablingRiskFactors: ['physical_disability', 'intellectual_disability', 'mental_disorder', 'dementia'],
  /**
   * Rules 1 and 9: conditions under which a refusal does not end the escort duty: a possible minor,
   * and a person with a (suspected) mental disorder or dementia met on the street.
   */
  escortDespiteRefusal: { riskFactors: ['mental_disorder', 'dementia', 'minor_in_difficulty'], concerns: ['suspected_mental_disorder'] },
  /** Rule 1: a refusal schedules a follow-up this many days later. */
  refusalFollowUpDays: 3,
  /** Rule 12: register members are re-surveyed this many months after the last survey. */
  resurveyMonths: 6,
  /** Rule 12: register members are visited in these months (1 = January); the visit is due from the 1st. */
  visitMonths: [1, 7],
  /** Rule 11: emergency temporary assistance paid within 3 working days (this notice) and 3 calendar days (2026 rule). */
  emergencyAid: { workingDays: 3, calendarDays: 3 },
  /** How far in the future an encounter time may lie (phone clocks drift). */
  clockSkewMinutes: 5,
  /** How old an encounter may be when it reaches the server (phones queue while offline). */
  offlineCaptureDays: 30,
  /** After telling a family their person was found, sightings within this many hours send no new notice. */
  foundNoticeQuietHours: 12,
  /**
   * The ID-number lookup crosses districts, so it is budgeted per caller against enumeration: this
   * many lookups per window. A worker meets a handful of ID holders a shift, not dozens an hour.
   */
  idLookup: { perCaller: 20, windowMinutes: 60 },
  /** After finding another district's person by ID number, the worker may record encounters with them for this long. */
  foundPersonGrantMinutes: 240,
  /**
   * Rule 9: an adult stays at most this many days, unless staff record an extension with a reason
   * (生活无着的流浪乞讨人员救助管理办法实施细则 art. 14: 救助期限一般不超过10天, longer for a special reason).
   * Adults are 16 and over; a mental disorder, an intellectual disability or dementia (a mental
   * disability, as in `disablingRiskFactors`) lifts the limit.
   */
  stayLimit: { days: 10, fromAge: 16, exemptRiskFactors: ['mental_disorder', 'intellectual_disability', 'dementia'] },
  /**
   * Rule 9 (DOMAIN.md): a person who may be under this age is released to family only to a relative
   * whose ID was checked and is recorded; otherwise staff escort them home.
   */
  releaseOnlyToRelativeBelowAge: 16,
  /** Rule 9: risk factors that put a person in special difficulty, released to family only to a verified relative like an under-16. */
  specialDifficultyRiskFactors: ['mental_disorder', 'intellectual_disability', 'dementia', 'minor_in_difficulty'],
  /**
   * Rule 8: where a person is placed, by category, as a table read top to bottom (the first row
   * whose condition holds). `types` lists the facility types in order of preference (the first is
   * the category); `longTermTypes` those of 落户安置 (rule 7: a 公办福利机构 for 集中供养, never an aid
   * station). The conditions are named in `shared/domain/routing.ts`.
   */
  placementRouting: {
    version: '2026-11-28.1',
    source:
      'DOMAIN.md rule 8; 未成年人保护法 art. 92 (民政 as temporary guardian, 未成年人救助保护机构); 精神卫生法 art. 28 and ' +
      '社会救助暂行办法 art. 14-15 (特困人员供养); 生活无着的流浪乞讨人员救助管理办法 art. 7; 民发〔2019〕64号 (women housed apart)',
    rows: [
      { when: 'minor_without_guardian', category: 'child_protection', types: ['child_protection', 'aid_station'], longTermTypes: ['child_protection'] },
      {
        when: 'mental_disorder_without_relatives',
        category: 'psychiatric_welfare',
        types: ['psychiatric_welfare', 'welfare_home', 'aid_station'],
        longTermTypes: ['psychiatric_welfare', 'welfare_home'],
      },
      { when: 'elderly_or_disabled_without_support', category: 'welfare_home', types: ['welfare_home', 'aid_station'], longTermTypes: ['welfare_home'] },
      { when: 'otherwise', category: 'aid_station', types: ['aid_station'], longTermTypes: ['welfare_home'] },
    ],
  },
  /**
   * Rules 5 and 7: the stages of an unidentified person's stay at which a placement is proposed
   * automatically: 滞留 after 10 days, 落户安置 after 3 months (counted from admission, CST dates).
   */
  placementStages: { stranded: { days: 10 }, longTerm: { months: 3 } },
  /**
   * How long a pending placement holds a bed at the receiving facility before the sweep releases it
   * (and frees the person's stay for another request), and how long before that the receiving staff
   * are reminded. Not a legal value: the office's. It may set `hours` within `minHours`–`maxHours`
   * (a day to answer at least; a bed held past a week is a bed nobody uses).
   */
  placementHold: { hours: 72, reminderHours: 24, minHours: 24, maxHours: 168 },
  /** How long a bed offered to the head of a waitlist is held for them before it goes to the next. */
  waitlistOfferHours: 24,
  /**
   * Waitlist entries one caller may make per window. Not a legal value: the office's guard against one
   * account holding the beds of a district by putting people on lists (a worker refers a few people a
   * shift when the beds are full, not dozens an hour). Each entry also needs a reason and a full wing.
   */
  waitlistJoins: { perCaller: 30, windowMinutes: 60 },
  /**
   * Person photos for tracing notices (寻亲公告). The family-tracing specification (issue 8, section 2)
   * takes JPEG or PNG up to 5 MB, checked by content; 5 MB is read as 5 MiB, the generous reading.
   */
  photos: {
    version: '2026-12-07.1',
    source: 'Family-tracing specification (issue 8, section 2): JPEG or PNG up to 5 MB, downloads short-lived; DOMAIN.md (PIPL art. 28); phone camera sensor sizes (Sony IMX586 48 MP, IMX766 50 MP datasheets) for the pixel budget',
    maxBytes: 5 * 1024 * 1024,
    /**
     * Pixels a photo may have: the full-size picture of a 50 MP phone camera (8192×6144 =
     * 50,331,648; Sony IMX766 datasheet), so every 12 MP (4032×3024) and 48 MP (8000×6000, Sony
     * IMX586) phone photo passes, while a small file cannot ask a viewer to decode more (a 9000×9000
     * PNG deflates to 78 KB). A 200 MP camera shoots 12 or 50 MP unless set to its full size.
     */
    maxPixels: 8192 * 6144,
    /** How long an upload URL is valid: long enough for a phone on a slow network. */
    uploadSeconds: 15 * 60,
    /** How long a download URL is valid: short, since anyone holding the URL can fetch the photo. */
    downloadSeconds: 5 * 60,
    /** A photo never completed is forgotten after this long (its upload expires by the bucket's lifecycle too). */
    pendingHours: 24,
  },
  /**
   * How long personal information is kept once its purpose is achieved (PIPL art. 19: the shortest
   * period necessary; art. 47(1)-(2): deleted when the purpose is achieved or the period ends), in
   * days, read by the hourly sweep's retention job (`shared/sweep/retention-jobs.ts`). A person in
   * care, with an open tracing case, owing a follow-up or on the at-risk register is never swept
   * while that duty lasts (`retentionVerdict` in shared/domain/privacy.ts). The office may change
   * the values within `ruleBounds.retention` (rule `privacy.retention`).
   */
  retention: {
    version: '2026-12-07.1',
    source: '个人信息保护法 arts. 19, 47; 社会救助暂行办法 art. 61 (confidentiality); the office\'s choices within them, stated per value',
    /**
     * A closed tracing case's photos, notice portrait and match candidates (the notice's purpose is
     * achieved at identification or reunion): 30 days, so that a match found wrong soon after can
     * still be reopened with its photos.
     */
    tracingMaterialAfterCloseDays: 30,
    /** A missing-person report closed (found, withdrawn, duplicate): a year, for a family that reports the same person again. */
    closedReportDays: 365,
    /**
     * A person whose duty ended (reunited or deceased, no stay, no open case, no follow-up): three
     * years after the last change or sighting, for a return to the street or a question from the
     * family or the police; then erased as by an erasure request, statistics kept.
     */
    personAfterDutyDays: 1095,
    /**
     * A person met on the street and never on the register (identified, no risk factor, never in
     * care, no follow-up owed): a year after the last sighting, the length of one winter and one
     * summer campaign.
     */
    unregisteredPersonDays: 365,
  },
  /**
   * Rules 3, 4 and 6: the tracing case clock of an unidentified person in care (生活无着的流浪乞讨人员
   * 救助管理办法实施细则 art. 13; 民政部《关于加强和改进流浪乞讨人员身份查询和照料安置工作的意见》(民发〔2015〕158号):
   * 寻亲公告 within 24 hours of intake, DNA sampling requested from the police within 7 working days and
   * taken within a month of the request; the notice refreshed monthly while 滞留 lasts). The stages
   * (滞留 at 10 days, 落户安置 at 3 months) are `placementStages`.
   */
  tracingClock: {
    noticeWithinHours: 24,
    dnaRequestWorkingDays: 7,
    dnaSamplingMonths: 1,
    noticeRefreshMonths: 1,
    /** The sweep warns this many hours before a tracing deadline falls due. */
    warnHoursBefore: 24,
  },
  /**
   * Family tracing: how an unidentified person and a missing-person report are compared (DOMAIN.md
   * "Family tracing: what counts as evidence"). Log-odds weights, summed over the fields that are
   * known, on top of the prior for two unrelated records; the score is their logistic. Tuned on the
   * seeded evaluation set of `npm run bench` (version below); the threshold is what the lists show.
   */
  matching: {
    version: '2026-12-07.1',
    source:
      'DOMAIN.md "Family tracing: what counts as evidence"; weights and prior fitted by conditional logistic regression (`npm run fit:matching`) on a training set of the bench/matching generator (seed 1), within the domain\'s signs and order, checked on the bench evaluation (seed 20261128)',
    /**
     * Candidates at or above this score are listed, best first. The score is a calibrated probability
     * among some 100,000 open reports: a 2% candidate is worth a volunteer's look (a true pair is
     * listed for about 87% of found persons, about 3 candidates each).
     */
    threshold: 0.02,
    /**
     * A match is confirmed at or above this score, or below it only with a recorded reason: 0.5,
     * more likely than not on the calibrated score (the reviewer still checks the photo and asks the
     * family). Bounds 0.02 (the listing threshold) to 0.99.
     */
    confirmFloor: 0.5,
    /** A person registered at most this many minutes before being matched with a report outside their province is flagged to the filing district. */
    freshPersonMinutes: 60,
    /** A candidate more likely than not ends the search: the wide age pass runs only when the narrow passes find none. */
    confidentScore: 0.5,
    /** At most this many candidates are kept per record. */
    maxCandidates: 20,
    /** Log-odds that two records picked at random are one person, before any field is read (fitted). */
    priorLogOdds: -13.1,
    /** Birth-year gaps beyond the estimate: within `ageNearYears` is near, within `ageFarYears` apart, beyond far. */
    ageNearYears: 2,
    ageFarYears: 6,
    heightCm: { close: 3, near: 6, apart: 10 },
    /**
     * Time is a soft window (DOMAIN.md): a person may be found before the date the family gives as
     * "last seen" (hearsay, clocks, and families of elderly people living alone notice weeks late).
     * Within `slackDays` before it the time agrees as if found at once; within `weeksDays` before it
     * the pair is weighed down by `weights.timeBeforeWeeks`, within `excludeDays` by
     * `weights.timeBeforeMonths`; found more than `excludeDays` (a year) before is not them.
     */
    foundBefore: { slackDays: 2, weeksDays: 60, excludeDays: 365 },
    /** Found within `daysDays` of going missing: the time agrees strongly (most who wander off are found within days); within `recentDays`, well; within `monthsDays`, somewhat. */
    daysDays: 7,
    recentDays: 30,
    monthsDays: 180,
    /** Found within `close` km of where they went missing is the same county's reach; within `region`, the same city's. */
    placeKm: { close: 20, region: 100 },
    /** Shared character pairs (over the shorter description) for marks or clothing to agree. */
    marksOverlap: 0.3,
    /** Clothing descriptions this alike as wholes (shared character pairs over the longer one's) are the same clothes: still in what they left in. */
    clothingSame: 0.9,
    /** The blocking index: how far each side's stored birth year may sit from the truth, and the extra years a surname pass allows. */
    blocking: { reportYears: 1, personYears: 8, surnameSlackYears: 10, maxCandidatesRead: 5000 },
    weights: {
      hardDisagree: -20,
      sexAgree: 0.7,
      timeDays: 2.5,
      timeRecent: 1.7,
      timeMonths: 1.6,
      timeLate: 0,
      /**
       * Found before "last seen" (`foundBefore`): days to weeks cost about as much as a differing
       * dialect (-1.2: a nameless pair with age, height, marks and place still lists); months before
       * cost more than a height 10 cm apart (-3.5: such a pair lists only on a name or a placed mark).
       * Not fitted: the bench generator finds every true pair after its report's date, so true pairs score as before
       * (recall@5 unchanged); a false pair found before a report now scores low instead of 0.
       */
      timeBeforeWeeks: -1.2,
      timeBeforeMonths: -3.5,
      ageAgree: 3.9,
      ageNear: 1.0,
      ageApart: -1.9,
      ageFar: -5.0,
      heightClose: 1.4,
      heightNear: 0,
      heightApart: -1.9,
      heightFar: -3.3,
      nameExact: 5.7,
      nameHomophone: 5.2,
      nameSurnameInitials: 3.0,
      nameSurname: 0.7,
      nameDiffer: -3.8,
      dialectAgree: 2.5,
      dialectDiffer: -2.1,
      provinceAgree: 0.8,
      countyAgree: 1.5,
      regionDiffer: -0.8,
      /** The same mark (kind, part, side), the same kind where one side names no part, overlapping free text. */
      marksSame: 4.3,
      marksKind: 1.0,
      marksAgree: 2.5,
      marksDiffer: -2.6,
      clothingSame: 2.5,
      clothingAgree: 0.2,
      conditionAgree: 0.8,
      placeCounty: 3.5,
      placeCity: 3.4,
      placeProvince: 0,
      placeFar: -2.4,
    },
  },
} as const;

export type OutreachRules = typeof outreachRules;

/**
 * Weather warning thresholds (DOMAIN.md "Weather"), evaluated on forecasts. Temperatures in °C,
 * wind as a Beaufort force, drops as the fall of one day's value to a later day's. Two sets: the
 * national signals and Chongqing's, which words 寒潮 as a fall of the daily mean. An official
 * warning always wins over a computed one (`shared/domain/weather.ts`).
 */
export const weatherThresholds = {
  national: {
    version: '2007-06-11.1',
    source: '气象灾害预警信号发布与传播办法 (中国气象局令第16号) 附件: 高温、寒潮、道路结冰预警信号; DOMAIN.md "Weather"',
    heat: {
      /** Yellow: the daily maximum at or above this on `days` days running. */
      yellow: { maxAtLeast: 35, days: 3 },
      /** Orange and red: the daily maximum at or above this within the next 24 hours (today and tomorrow's forecast). */
      orange: { maxAtLeast: 37 },
      red: { maxAtLeast: 40 },
    },
    coldWave: {
      /** Fall of the daily minimum (`drop`, over `hours`), the minimum reached (`minAtMost`) and the wind force (`windAtLeast`). */
      measure: 'daily_min' as 'daily_min' | 'daily_mean',
      blue: { drop: 8, hours: 48, minAtMost: 4, windAtLeast: 5 } as ColdWaveLevel,
      yellow: { drop: 10, hours: 24, minAtMost: 4, windAtLeast: 6 } as ColdWaveLevel,
      orange: { drop: 12, hours: 24, minAtMost: 0 } as ColdWaveLevel,
      red: { drop: 16, hours: 24, minAtMost: 0 } as ColdWaveLevel | null,
    },
    /** Road icing: freezing precipitation (or a wet road at or below 0 °C) expected within so many hours. */
    roadIcing: { yellowWithinHours: 12, orangeWithinHours: 6, redWithinHours: 2 },
  },
  chongqing: {
    version: '2026-11-28.1',
    source: '重庆市气象灾害预警信号 (寒潮以日平均气温下降幅度表述, 约 蓝≥6、黄≥8、橙≥10 °C); 重庆市按街道发布, 高温限海拔400米以下; DOMAIN.md "Weather"',
    heat: { yellow: { maxAtLeast: 35, days: 3 }, orange: { maxAtLeast: 37 }, red: { maxAtLeast: 40 } },
    coldWave: {
      measure: 'daily_mean' as 'daily_min' | 'daily_mean',
      blue: { drop: 6, hours: 48 } as ColdWaveLevel,
      yellow: { drop: 8, hours: 24 } as ColdWaveLevel,
      orange: { drop: 10, hours: 24 } as ColdWaveLevel,
      red: null as ColdWaveLevel | null,
    },
    roadIcing: { yellowWithinHours: 12, orangeWithinHours: 6, redWithinHours: 2 },
  },
};
/** One level of a cold-wave signal: a fall of at least `drop` °C within `hours`, with the optional minimum and wind conditions. */
export type ColdWaveLevel = { drop: number; hours: 24 | 48; minAtMost?: number; windAtLeast?: number };
export type WeatherThresholdSet = (typeof weatherThresholds)['national'];

/**
 * Official warning signals and computed ones over time (DOMAIN.md "Weather"). A Chinese signal is
 * lifted by a later message of the station that issued it (解除), not by a time, and CAP 1.2 makes
 * `expires` optional: a signal without one stays in force until an Update or Cancel, at most
 * `maxInForceHours` from its onset (or from when it was sent); after that it is stale and the
 * forecast decides again, as if no warning had come. Not yet in the office's rule book.
 */
export const warningRules = {
  version: '2026-12-07.1',
  source:
    '气象灾害预警信号发布与传播办法 (中国气象局令第16号) 第八条 (预警信号的发布、调整和解除由气象台站负责), 附件 (道路结冰: 12小时内可能出现对交通有影响的道路结冰); OASIS CAP 1.2 3.2.2 (expires optional); DOMAIN.md "Weather"',
  /**
   * Hours a signal without `expires` stays in force. Bounds 24–168: the longest national signal
   * window is 3 days running (高温黄色, 72 h) and a week is past any forecast the sweep reads.
   */
  maxInForceHours: 72,
  maxInForceBounds: { min: 24, max: 168 },
  /** Hours a computed road-icing signal covers from its first freezing hour: the yellow signal's "within 12 h". */
  roadIcingPeriodHours: 12,
};
export type WarningRules = typeof warningRules;

/**
 * Campaigns (DOMAIN.md "Weather"): when a computed signal may start one (the windows; an official
 * warning starts one any time of year), what starts one, how long quiet ends one, and what the
 * visit list draws on.
 */
export const campaignRules = {
  version: '2026-11-28.1',
  source: '民政部 夏季送清凉 / 寒冬送温暖 专项救助行动 (yearly notices); 草街办发〔2024〕54号 item (八); DOMAIN.md "Weather"',
  /** Which threshold set the evaluation uses: 'national' or 'chongqing'. */
  thresholdSet: 'chongqing' as 'national' | 'chongqing',
  /** Campaign windows as MM-DD, inclusive, CST; a window may run over the new year. */
  windows: {
    cold: { from: '11-01', to: '03-15' },
    heat: { from: '06-01', to: '09-30' },
  },
  /** The lowest level of each hazard that starts a campaign: heat from orange, any cold wave, any road icing. */
  startAt: { heat: 'orange', cold_wave: 'blue', road_icing: 'yellow' } as Record<'heat' | 'cold_wave' | 'road_icing', 'blue' | 'yellow' | 'orange' | 'red'>,
  /** A campaign ends after a Cancel or expiry when nothing new came for this many hours. */
  quietHoursToEnd: 24,
  /** Patrols a day by level: at least daily, twice a day at orange and red. */
  patrolsPerDay: { blue: 1, yellow: 1, orange: 2, red: 2 },
  /** Sleeping spots: encounter positions of the last `months`, binned into cells of `cellDegrees` (about 110 m). */
  sleepingSpots: { months: 6, cellDegrees: 0.001, minEncounters: 1 },
  /** An encounter this close to a spot's centroid visits the spot. */
  spotVisitRadiusM: 150,
  /** Visits listed per stored chunk of a campaign's visit list (and per page of the API). */
  visitsPerChunk: 100,
  /** After this many hours without a fresh forecast, one `weather_stale` alert goes out. */
  weatherStaleHours: 12,
  /** Forecast days fetched and evaluated. */
  forecastDays: 4,
};
export type CampaignRules = typeof campaignRules;

/**
 * Administrative division codes (GB/T 2260 中华人民共和国行政区划代码): a 6-digit district (区县) code
 * begins with its province's 2 digits and its prefecture's 4. Placement reads candidate facilities
 * of a province this way, and matching calls two districts of one province the same province.
 */
export const divisionCodes = {
  version: '2026-12-07.1',
  source: 'GB/T 2260-2007 中华人民共和国行政区划代码 (民政部 publishes the codes in force yearly)',
  provinceDigits: 2,
  prefectureDigits: 4,
} as const;

/** The prefecture (4 digits) of a 6-digit district code. */
export const prefectureOf = (district: string): string => district.slice(0, divisionCodes.prefectureDigits);
/** The province (2 digits) of a 6-digit district code. */
export const provinceOf = (district: string): string => district.slice(0, divisionCodes.provinceDigits);

/** Bearer tokens: how far an issuer's clock may run ahead of ours (`iat`). */
export const tokenRules = {
  version: '2026-12-07.1',
  source: 'RFC 7519 §4.1.4-4.1.6 (implementers may allow a small leeway, usually no more than a few minutes, for clock skew)',
  clockSkewSeconds: 60,
} as const;

/**
 * Bounds of the values the office may change (`/v1/rules`), and why. Where the law sets a maximum
 * (a deadline, a stay) the office may only shorten it; where a rule protects a person (an age below
 * which release needs a relative, the categories routed first) it may only widen the protection.
 * The other bounds keep a value plausible (a typo of 240 for 24 is refused, not applied).
 */
export const ruleBounds = {
  version: '2026-12-07.1',
  tracingClock: {
    /** 民发〔2015〕158号: 寻亲公告 within 24 hours of intake; the law's maximum. */
    noticeWithinHours: { min: 1, max: 24 },
    /** 民发〔2015〕158号: DNA sampling requested from the police within 7 working days; the law's maximum. */
    dnaRequestWorkingDays: { min: 1, max: 7 },
    /** The police collect within a month of the request: the month is theirs, the office only escalates when it has passed. */
    dnaSamplingMonths: { min: 1, max: 1 },
    /** Rule 6: the notice is refreshed monthly while 滞留 lasts (counted in months, so monthly is the only value). */
    noticeRefreshMonths: { min: 1, max: 1 },
    /** A warning a week ahead at most: earlier ones are noise. */
    warnHoursBefore: { min: 1, max: 168 },
  },
  stayLimit: {
    /** 实施细则 art. 14: 救助期限一般不超过10天; the law's maximum. */
    days: { min: 1, max: 10 },
    /** Rule 9: the limit binds adults of 16 and over; a higher age exempts more people (protective), never a lower one. */
    fromAge: { min: 16, max: 18 },
  },
  /** Rule 9: under-16s are released only to a verified relative; the office may raise the age (to 18), never lower it. */
  releaseOnlyToRelativeBelowAge: { min: 16, max: 18 },
  placementStages: {
    /** Rule 5: 滞留 after 10 days at the latest; an earlier stage proposes a placement sooner. */
    strandedDays: { min: 1, max: 10 },
    /** Rule 7 (民发〔2015〕158号): 落户安置 after 3 months at the latest. */
    longTermMonths: { min: 1, max: 3 },
  },
  retention: {
    /** At least a week (a wrong match found soon after is reopened with its photos), at most a season. */
    tracingMaterialAfterCloseDays: { min: 7, max: 90 },
    /** At least a month (a family calling back), at most three years. */
    closedReportDays: { min: 30, max: 1095 },
    /** At least half a year, at most ten years (PIPL art. 19: the shortest period necessary). */
    personAfterDutyDays: { min: 180, max: 3650 },
    /** At least a month, at most three years. */
    unregisteredPersonDays: { min: 30, max: 1095 },
  },
  /** A bed held for a few hours at least (a person on the street must be found), three days at most (the bed stands empty meanwhile). */
  waitlistOfferHours: { min: 2, max: 72 },
  followUps: {
    refusalFollowUpDays: { min: 1, max: 90 },
    /** Rule 12: re-surveyed every 6 months at the latest. */
    resurveyMonths: { min: 1, max: 6 },
    /** Rule 12: visits each January and July; the office may add months, not drop these. */
    visitMonthsAtLeast: [1, 7],
  },
  campaign: {
    /** DOMAIN.md "Weather": at least daily, twice a day at orange and red. */
    patrolsPerDayAtLeast: { blue: 1, yellow: 1, orange: 2, red: 2 },
    /** DOMAIN.md "Weather": a campaign starts on heat orange or red, any cold wave, any road icing; the office may start earlier, not later. */
    startAtMost: { heat: 'orange', cold_wave: 'blue', road_icing: 'yellow' },
  },
  matching: {
    /** A hard disagreement (sex) must exclude a pair whatever else agrees. */
    hardDisagreeAtMost: -10,
    /** Candidates read per blocking pass: the matching budget of `npm run bench`. */
    maxCandidatesRead: { min: 100, max: 20_000 },
    maxCandidates: { min: 1, max: 100 },
  },
} as const;

/**
 * Retention periods that are not the office's to change, because a law sets them or an item's
 * expiry is fixed when it is written (DynamoDB TTL): days.
 */
export const recordKeeping = {
  version: '2026-12-07.1',
  source: '网络安全法 art. 21(3) (network logs at least 6 months); 个人信息保护法 arts. 55-56 (records of processing at least 3 years); DOMAIN.md',
  /**
   * Audit entries: 3 years, the longer of the two legal minimums (logs 6 months under 网络安全法
   * art. 21; processing records 3 years under PIPL art. 56), since an entry records who processed a
   * person's information. Kept after an erasure without the free text that might identify anyone.
   */
  auditDays: 1095,
  /** Idempotency records, with the response they replay: phones may resend for weeks after a day offline. */
  idempotencyDays: 30,
  /** Domain events after the stream has carried them, and a request's view item after its fan-out. */
  eventDays: 7,
  auditViewDays: 7,
  /** At most this many persons (or cases, or reports) the retention job looks at per district and run. */
  retentionBatch: 100,
} as const;
