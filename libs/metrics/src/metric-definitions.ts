// Owns what each supervision figure means: the one text the API docs, the README and the printed report all show.
// The SQL that computes them (rates.sql.ts, the supervision-metrics migration) follows these words exactly.

/** The counts a rates answer carries; each one links to the list of issues behind it (`/rates/drill?metric=`). */
export const COUNT_METRICS = [
  'collected',
  'assigned',
  'replied',
  'unreplied',
  'repliedOnTime',
  'late',
  'onTimeEligible',
  'overdueNow',
  'underSupervisionNow',
  'escalated',
  'classA',
  'classB',
  'classC',
  'classified',
  'rated',
  'satisfiedOrBasically',
  'satisfied',
  'basicallySatisfied',
  'unsatisfied',
  'notRated',
  'sentBack',
] as const;
export type CountMetric = (typeof COUNT_METRICS)[number];

export const RATE_METRICS = ['replyRate', 'onTimeRate', 'resolutionRate', 'satisfactionRate'] as const;
export type RateMetric = (typeof RATE_METRICS)[number];

export const DAYS_METRICS = ['medianWorkingDaysToFirstReply', 'p90WorkingDaysToFirstReply'] as const;
export type DaysMetric = (typeof DAYS_METRICS)[number];

export type MetricName = CountMetric | RateMetric | DaysMetric | 'sendBacks';

export interface MetricDefinition {
  /** The label on the printed report. */
  zh: string;
  en: string;
  definition: string;
}

/** The printed report's notes on its figures, in Chinese, saying what METRIC_DEFINITIONS says. */
export const REPORT_NOTES_ZH: readonly string[] = [
  '统计口径：以登记（收集）日期落在统计期间内的意见建议为统计对象，各项数据均为截至“数据截至”时点的办理记录，期间结束后作出的答复计入原登记期间；同一事项无论办理几轮只计一件。',
  '答复率 = 已答复件数 ÷ 收集件数；已答复指承办单位已作出至少一次答复（含B类阶段性答复）。',
  '按期答复率 = 按期答复件数 ÷（按期答复件数 + 逾期答复件数）；按期指首次答复在当时有效的答复期限内作出；尚未答复且已过期限的计为逾期，尚未到期的不计入。',
  '当前逾期：截至统计时点已超过答复期限（含延期后的期限；B类答复为承诺办结日期）而仍未答复的件数。当前督办中：截至统计时点已提级督办、仍待承办单位答复（含B类承诺事项逾期未续报）的件数，未到期限的不计为逾期。督办：曾被提级督办（乡镇人大主席团、县人大常委会联络工委、市人大常委会）的件数。',
  '答复类别按最新一次答复计：B类承诺事项续报后以续报类别为准，再次办理的以再次答复为准。解决率 = A类件数 ÷（A类 + B类 + C类）。',
  '满意率 =（满意 + 基本满意）÷ 已评价件数，按最新一次评价计；逾期未评价的不计为满意，也不计入分母。',
  '首次答复用时：自登记之日至首次答复之日的工作日数（按国家法定节假日及调休安排），取实际出现的中位数和90分位数。',
  '重复件：已合并到其他事项的事项不计入任何统计数据（不计收集、答复、评价、逾期），由其并入的事项统一办理、答复并计为一件；热点分析仍计入。',
  '比率保留一位小数（四舍五入），分母为零时显示“—”。',
];

export const COHORT_DEFINITION =
  'A period is [from, to) in China dates (UTC+8). The cohort of a scope and period is the issues in the scope that ' +
  'were collected (submitted) in the period. Every figure except "overdue now" and "under supervision now" ' +
  'counts cohort issues as their records stand at `asOf`, the moment the figures were computed: a reply given ' +
  'after the period still counts for the period the issue was collected in, and an issue counts once however many ' +
  'handling rounds it went through.';

export const SCOPE_DEFINITION =
  'region: issues whose place is the region or lies under it; station: issues recorded at the station; department: ' +
  'issues whose current lead department it is (an issue reassigned or sent back leaves its former department); ' +
  "deputy: issues the deputy collected (for a supervisor, only those within the supervisor's regions).";

export const METRIC_DEFINITIONS: Readonly<Record<MetricName, MetricDefinition>> = {
  collected: {
    zh: '收集',
    en: 'collected',
    definition:
      'Issues collected in the period: the size of the cohort. Repeated issues (重复件): a voter submission merged ' +
      'into an issue is not an issue and counts nowhere (it adds a voter to that issue, who hears its reply); an ' +
      'issue shown as a likely duplicate but submitted anyway counts as an issue of its own, until it is merged into ' +
      'another issue (重复件合并): from then on it counts in no figure at all (not collected, not answered, not rated, ' +
      'not overdue), and the issue it joined, which carries the one handling and the one reply for both, counts once. ' +
      'So a merge never lowers a reply or on-time rate by an issue that can no longer be answered, and never counts ' +
      'one reply twice. Hot spots still count it: a repeat is what a hot spot is made of.',
  },
  assigned: {
    zh: '交办',
    en: 'assigned',
    definition: 'Cohort issues referred (交办) to a lead department at least once.',
  },
  replied: {
    zh: '已答复',
    en: 'replied',
    definition:
      'Cohort issues with at least one reply from the lead department (an interim class B reply counts), ' +
      'whenever the reply came.',
  },
  unreplied: {
    zh: '未答复',
    en: 'unreplied',
    definition: 'Cohort issues without any reply yet: collected − replied.',
  },
  repliedOnTime: {
    zh: '按期答复',
    en: 'replied on time',
    definition:
      "Replied cohort issues whose first reply came by the reply deadline in force (the reply record's on-time flag, " +
      'judged when the reply was recorded).',
  },
  late: {
    zh: '逾期答复',
    en: 'late',
    definition:
      'Cohort issues whose first reply came after its deadline, or that have no reply and whose reply deadline ' +
      'passed before asOf.',
  },
  onTimeEligible: {
    zh: '应按期答复',
    en: 'due for an on-time judgement',
    definition:
      'replied on time + late: the replied cohort issues plus the unreplied ones whose deadline has passed. ' +
      'Unreplied issues still within their deadline, or without one (awaiting triage), are not counted.',
  },
  overdueNow: {
    zh: '当前逾期',
    en: 'overdue now',
    definition:
      'Cohort issues past their deadline and unanswered at asOf: not closed and not awaiting a rating, and past the ' +
      'reply deadline in force (extensions included) while a department holds them, or past the end of the date ' +
      'promised in a class B reply without the promised result. An escalation alone does not make an issue overdue.',
  },
  underSupervisionNow: {
    zh: '当前督办中',
    en: 'under supervision now',
    definition:
      'Cohort issues under supervision at asOf: escalated to a supervising body (escalation level above 0) and still ' +
      'owing an answer — not closed, not awaiting a rating, and not waiting for the date promised in a class B reply ' +
      'unless that date has passed. Whether the deadline has passed does not matter: an issue past its deadline and ' +
      'escalated is counted here and in overdue now. Overdue now ∪ under supervision now is the escalation queue.',
  },
  escalated: {
    zh: '督办',
    en: 'escalated',
    definition:
      'Cohort issues escalated to a supervising body at least once (an `escalated` event: by the deadline timer, ' +
      "after a missed follow-up, or on a supervisor's referral upward).",
  },
  classA: {
    zh: 'A类（已解决或基本解决）',
    en: 'class A',
    definition:
      'Replied cohort issues whose latest reply is class A. The latest reply is the follow-up once the result ' +
      'promised in a class B reply is reported, and the second handling’s reply once there is one; an issue in a ' +
      'second handling not yet answered has no class.',
  },
  classB: {
    zh: 'B类（正在解决或列入计划）',
    en: 'class B',
    definition: 'Replied cohort issues whose latest reply is class B (being solved or scheduled).',
  },
  classC: {
    zh: 'C类（暂不能解决）',
    en: 'class C',
    definition: 'Replied cohort issues whose latest reply is class C (cannot be solved now, explained).',
  },
  classified: {
    zh: '有答复类别',
    en: 'with a reply class',
    definition: 'class A + class B + class C: replied cohort issues whose latest reply has a class.',
  },
  satisfiedOrBasically: {
    zh: '满意和基本满意',
    en: 'satisfied or basically satisfied',
    definition: 'satisfied + basically satisfied.',
  },
  rated: {
    zh: '已评价',
    en: 'rated',
    definition: 'Cohort issues whose latest rating is satisfied, basically satisfied or unsatisfied.',
  },
  satisfied: { zh: '满意', en: 'satisfied', definition: 'Cohort issues whose latest rating is satisfied.' },
  basicallySatisfied: {
    zh: '基本满意',
    en: 'basically satisfied',
    definition: 'Cohort issues whose latest rating is basically satisfied.',
  },
  unsatisfied: {
    zh: '不满意',
    en: 'unsatisfied',
    definition:
      'Cohort issues whose latest rating is unsatisfied (an issue sent to a second handling stays here until it is ' +
      'rated again).',
  },
  notRated: {
    zh: '未评价',
    en: 'not rated',
    definition:
      'Cohort issues whose feedback window closed without a rating. Never counted as satisfied, and left out of the ' +
      "satisfaction rate's denominator.",
  },
  sentBack: {
    zh: '退回',
    en: 'sent back',
    definition: 'Cohort issues a lead department sent back (退回) at least once.',
  },
  sendBacks: {
    zh: '退回次数',
    en: 'send-backs',
    definition: 'The number of send-backs of cohort issues (an issue sent back twice counts two).',
  },
  replyRate: {
    zh: '答复率',
    en: 'reply rate',
    definition: 'replied / collected.',
  },
  onTimeRate: {
    zh: '按期答复率',
    en: 'on-time reply rate',
    definition: 'replied on time / (replied on time + late).',
  },
  resolutionRate: {
    zh: '解决率',
    en: 'resolution rate',
    definition: 'class A / (class A + class B + class C): the share of replied issues solved or essentially solved.',
  },
  satisfactionRate: {
    zh: '满意率',
    en: 'satisfaction rate',
    definition: '(satisfied + basically satisfied) / rated.',
  },
  medianWorkingDaysToFirstReply: {
    zh: '首次答复用时中位数（工作日）',
    en: 'median working days to first reply',
    definition:
      'Over replied cohort issues: working days on the official calendar from the day of collection to the day of ' +
      'the first reply (days after the collection day up to and including the reply day), the median as a value ' +
      'that occurred (percentile_disc 0.5).',
  },
  p90WorkingDaysToFirstReply: {
    zh: '首次答复用时90分位（工作日）',
    en: 'p90 working days to first reply',
    definition: 'As the median, at 0.9 (percentile_disc 0.9).',
  },
};

export const RATE_PARTS: Readonly<Record<RateMetric, { numerator: CountMetric; denominator: CountMetric }>> = {
  replyRate: { numerator: 'replied', denominator: 'collected' },
  onTimeRate: { numerator: 'repliedOnTime', denominator: 'onTimeEligible' },
  resolutionRate: { numerator: 'classA', denominator: 'classified' },
  satisfactionRate: { numerator: 'satisfiedOrBasically', denominator: 'rated' },
};

export const RATES_FORMAT_NOTE =
  'A rate is null (shown "—") when its denominator is 0, never NaN. Its value is rounded half up to 3 decimals and ' +
  'shown as a percentage with one decimal: 257 / 279 → 0.921, "92.1%".';
