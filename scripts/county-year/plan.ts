// A county's year of issues as a plan: 279 issues across the Yueyang-county demo stations, each with its script
// (reply on time or late by whole working days, class A/B/C, follow-up, rating, second handling, urging, or no reply
// so that it escalates), and the figures the API must publish for it, computed from the plan alone. Pure and seeded:
// the same seed gives the same plan. Nothing here imports @app/metrics, so the expectations are independent of it.

/** Where an issue is raised and who must answer it: the demo routing rules written out by hand, not looked up. */
export interface Origin {
  deputy: string;
  /** Station, place and category by their Chinese names, as the deputy's intake options show them. */
  station: string;
  place: string;
  category: string;
  township: 'rongjiawan' | 'huangshajie' | 'xinqiang' | 'gangkou';
  /** The lead department's user, who acknowledges and replies. */
  lead: string;
}

export const ORIGINS: readonly Origin[] = [
  o('zhangzhiqiang', '荣家湾镇人大代表之家', '城东社区', '道路交通', 'rongjiawan', 'jiaotong.rongjiawan'),
  o('wangxiuying', '荣家湾镇人大代表之家', '白石村', '社会保障', 'rongjiawan', 'shehui.rongjiawan'),
  o('zhangzhiqiang', '城东社区代表工作站', '城东社区', '其他', 'rongjiawan', 'shehui.rongjiawan'),
  o('liuchunhua', '黄沙街镇人大代表之家', '黄沙社区', '教育', 'huangshajie', 'shehui.huangshajie'),
  o('liuchunhua', '黄沙街镇人大代表之家', '新开村', '医疗卫生', 'huangshajie', 'shehui.huangshajie'),
  o('zhouguoping', '新墙镇人大代表之家', '杨林村', '饮水与水利', 'xinqiang', 'shuili.xinqiang'),
  o('zhouguoping', '清水村代表工作站', '清水村', '饮水与水利', 'xinqiang', 'shuili.yueyangxian'),
  o('zhaoweidong', '筻口镇人大代表之家', '三港村', '农业农村', 'gangkou', 'nongye.gangkou'),
  o('zhaoweidong', '潼溪村代表工作站', '潼溪村', '道路交通', 'gangkou', 'jiaotong.yueyangxian'),
  o('zhaoweidong', '筻口镇人大代表之家', '潼溪村', '饮水与水利', 'gangkou', 'shuili.yueyangxian'),
];

function o(
  deputy: string,
  station: string,
  place: string,
  category: string,
  township: Origin['township'],
  lead: string,
): Origin {
  return { deputy: `deputy.${deputy}`, station, place, category, township, lead: `dept.${lead}` };
}

export const SUPERVISOR = 'supervisor.yueyangxian';
export const TOWNSHIPS = ['rongjiawan', 'huangshajie', 'xinqiang', 'gangkou'] as const;

export type FinalClass = 'A' | 'C';
export type Rating = 'satisfied' | 'basically_satisfied' | 'unsatisfied';

/** One handling round: the reply (or none), its follow-up when class B, the deputy's rating (or none). */
export interface Handling {
  /**
   * Working days from the reply deadline in force to the reply: negative is before it (on time), positive after
   * (late). Never 0, and never a multiple of 3 after it (an escalation level's instant): no reply sits on an edge.
   */
  replyDays: number;
  replyClass: 'A' | 'B' | 'C';
  /** Class B: the result reported this many working days after the interim reply, or null (still awaited at the end). */
  followUp: { afterDays: number; replyClass: FinalClass } | null;
  /** Working days after the final reply, inside the 5-day window; null: never rated (recorded as not rated). */
  rating: { afterDays: number; rating: Rating } | null;
}

export interface IssueScript {
  index: number;
  origin: Origin;
  urgency: 'normal' | 'urgent';
  /** Working day of the county-year on which the deputy submits it. */
  submitDay: number;
  /** The lead department acknowledges (签收) right after the referral. */
  acknowledge: boolean;
  /** The county supervisor urges (催办) one working day after the referral, while the issue is still handled. */
  urge: boolean;
  /** null: the department never replies, so the issue escalates level by level. */
  first: Handling | null;
  /** The second handling after an unsatisfied first rating (on a fresh 15-day clock). */
  second: Handling | null;
}

export interface CountyYearPlan {
  seed: number;
  issues: IssueScript[];
  /** Working days over which the issues are submitted. */
  submitDays: number;
}

/** Working days the policy gives (libs/contracts' defaults, restated: the plan must not read them from the system). */
export const REPLY_WORKING_DAYS = { normal: 15, urgent: 3 } as const;
export const ESCALATION_EVERY_WORKING_DAYS = 3;
export const ESCALATION_LEVELS = 3;
export const FEEDBACK_WORKING_DAYS = 5;

/** mulberry32: small, seeded, the same sequence on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PlanOptions {
  seed?: number;
  issues?: number;
  submitDays?: number;
}

/**
 * The county-year: by default 279 issues submitted over 40 working days. About 8 % are never answered, about 10 % are
 * answered late (some after the first or second escalation level), the rest on time; replies are about 60 % class A,
 * 20 % B, 20 % C; half the class B replies get their follow-up; ratings are mostly satisfied, some unsatisfied (a
 * second handling), some never given.
 */
export function countyYearPlan(options: PlanOptions = {}): CountyYearPlan {
  const seed = options.seed ?? 21;
  const count = options.issues ?? 279;
  const submitDays = options.submitDays ?? 40;
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const chance = (p: number) => next() < p;

  const rating = (): Rating => {
    const r = next();
    return r < 0.55 ? 'satisfied' : r < 0.82 ? 'basically_satisfied' : 'unsatisfied';
  };
  const handling = (urgency: IssueScript['urgency'], late: boolean, allowB: boolean): Handling => {
    const days = REPLY_WORKING_DAYS[urgency];
    // On time: at least one working day before the deadline and one after the referral. Late: 1, 2, 4 or 7 working
    // days after it (4 and 7 are after the first and second escalation levels, never on one).
    const replyDays = late ? pick([1, 2, 4, 7]) : -(1 + Math.floor(next() * (days - 2)));
    const c = next();
    const replyClass = c < 0.6 ? 'A' : c < 0.8 && allowB ? 'B' : 'C';
    const followUp =
      replyClass === 'B' && chance(0.5)
        ? { afterDays: 1 + Math.floor(next() * 2), replyClass: pick(['A', 'C'] as const) }
        : null;
    const awaitingFollowUp = replyClass === 'B' && !followUp;
    const rated = !awaitingFollowUp && chance(0.87);
    return {
      replyDays,
      replyClass,
      followUp,
      rating: rated ? { afterDays: 1 + Math.floor(next() * 3), rating: rating() } : null,
    };
  };

  const issues: IssueScript[] = [];
  for (let index = 0; index < count; index++) {
    const origin = ORIGINS[index % ORIGINS.length];
    const urgency = chance(0.1) ? 'urgent' : 'normal';
    const r = next();
    const fate = r < 0.08 ? 'unanswered' : r < 0.18 ? 'late' : 'on_time';
    const first = fate === 'unanswered' ? null : handling(urgency, fate === 'late', true);
    // A second handling (on the issue's own policy) is on time and final (class A or C), rated: the figures then rest on its reply and rating.
    const second =
      first?.rating?.rating === 'unsatisfied'
        ? { ...handling(urgency, false, false), rating: { afterDays: 1 + Math.floor(next() * 3), rating: rating() } }
        : null;
    const replyWorkingDays = REPLY_WORKING_DAYS[urgency];
    issues.push({
      index,
      origin,
      urgency,
      submitDay: Math.floor(next() * submitDays),
      acknowledge: chance(0.7),
      // Urged the day after the referral only while it is sure still to be handled then.
      urge: (first === null || first.replyDays > 1 - replyWorkingDays + 1) && chance(0.3),
      first,
      second,
    });
  }
  return { seed, issues, submitDays };
}

// ---------------------------------------------------------------------------------------------------------------
// The figures the plan implies, by the published definitions (GET /api/supervision/rates), counted here from scratch.

export const FIGURE_NAMES = [
  'collected',
  'assigned',
  'replied',
  'unreplied',
  'repliedOnTime',
  'late',
  'onTimeEligible',
  'overdueNow',
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
  'sendBacks',
  'replyRate',
  'onTimeRate',
  'resolutionRate',
  'satisfactionRate',
] as const;
export type FigureName = (typeof FIGURE_NAMES)[number];
/** Counts as numbers; rates as their display text ("92.1%", "—"). */
export type Figures = Record<FigureName, number | string>;

/** "92.1%": half up to one decimal of a percent, computed in integers; "—" when nothing to divide. */
export function percent(numerator: number, denominator: number): string {
  if (denominator === 0) return '—';
  const thousandths = Math.floor((2000 * numerator + denominator) / (2 * denominator));
  return `${Math.floor(thousandths / 10)}.${thousandths % 10}%`;
}

/** The class an issue's latest reply has at the end: the follow-up's, the second handling's, else the first's. */
function latestClass(issue: IssueScript): 'A' | 'B' | 'C' | null {
  const h = issue.second ?? issue.first;
  if (!h) return null;
  return h.followUp ? h.followUp.replyClass : h.replyClass;
}

/** The escalation levels the first handling reaches: every 3 working days after the deadline until the reply. */
function escalationsOf(h: Handling | null): number {
  // Unanswered: all levels. Answered late by d days: the levels whose instant (3, 6, 9 days after) came before it.
  const daysLate = h === null ? Infinity : h.replyDays;
  return Math.max(0, Math.min(ESCALATION_LEVELS, Math.floor(daysLate / ESCALATION_EVERY_WORKING_DAYS)));
}

export function expectedFigures(issues: readonly IssueScript[]): Figures {
  let replied = 0;
  let onTime = 0;
  let escalated = 0;
  let overdueNow = 0;
  const classes = { A: 0, B: 0, C: 0 };
  const ratings = { satisfied: 0, basically_satisfied: 0, unsatisfied: 0 };
  let notRated = 0;
  for (const issue of issues) {
    const first = issue.first;
    if (first) {
      replied++;
      if (first.replyDays < 0) onTime++;
      // Still open (awaiting the promised follow-up) with the escalation level its late reply left: in the
      // escalation queue by the definition ("or with an escalation level above 0").
      if (!issue.second && first.replyClass === 'B' && !first.followUp && escalationsOf(first) > 0) overdueNow++;
    } else {
      overdueNow++; // never answered: escalated, still open at the end
    }
    if (escalationsOf(first) > 0) escalated++;
    const latest = latestClass(issue);
    if (latest) classes[latest]++;
    const last = issue.second ?? first;
    if (last) {
      const finalGiven = last.replyClass !== 'B' || last.followUp !== null;
      if (last.rating) ratings[last.rating.rating]++;
      else if (finalGiven) notRated++;
    }
  }
  const collected = issues.length;
  const late = collected - onTime; // every unanswered issue's deadline has passed at the end
  const classified = classes.A + classes.B + classes.C;
  const rated = ratings.satisfied + ratings.basically_satisfied + ratings.unsatisfied;
  const satisfiedOrBasically = ratings.satisfied + ratings.basically_satisfied;
  return {
    collected,
    assigned: collected,
    replied,
    unreplied: collected - replied,
    repliedOnTime: onTime,
    late,
    onTimeEligible: onTime + late,
    overdueNow,
    escalated,
    classA: classes.A,
    classB: classes.B,
    classC: classes.C,
    classified,
    rated,
    satisfiedOrBasically,
    satisfied: ratings.satisfied,
    basicallySatisfied: ratings.basically_satisfied,
    unsatisfied: ratings.unsatisfied,
    notRated,
    sentBack: 0,
    sendBacks: 0,
    replyRate: percent(replied, collected),
    onTimeRate: percent(onTime, onTime + late),
    resolutionRate: percent(classes.A, classified),
    satisfactionRate: percent(satisfiedOrBasically, rated),
  };
}

/** What each issue looks like once the county-year has played out, for the driver to wait for. */
export interface FinalState {
  status: 'closed' | 'escalated' | 'follow_up';
  escalationLevel?: number;
}

export function finalStateOf(issue: IssueScript): FinalState {
  if (!issue.first) return { status: 'escalated', escalationLevel: ESCALATION_LEVELS };
  const last = issue.second ?? issue.first;
  if (last.replyClass === 'B' && !last.followUp) return { status: 'follow_up' };
  return { status: 'closed' };
}

/** Working days from the first submission to the last instant anything in the plan happens (for sizing runs). */
export function planLength(plan: CountyYearPlan): number {
  let longest = 0;
  for (const issue of plan.issues) {
    const due = REPLY_WORKING_DAYS[issue.urgency];
    let end = issue.submitDay + due;
    const h = issue.first;
    if (!h) end += ESCALATION_LEVELS * ESCALATION_EVERY_WORKING_DAYS;
    else {
      end += h.replyDays + (h.followUp?.afterDays ?? 0) + (h.rating?.afterDays ?? FEEDBACK_WORKING_DAYS);
      const s = issue.second;
      if (s) end += due + s.replyDays + (s.rating?.afterDays ?? FEEDBACK_WORKING_DAYS);
    }
    longest = Math.max(longest, end);
  }
  return longest;
}
