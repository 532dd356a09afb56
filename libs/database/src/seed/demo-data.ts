// Demo data modelled on Yueyang county (岳阳县), Yueyang city (岳阳市): invented people, plausible places.
// References between rows use codes, usernames and keys, never ids, so the seed can be re-run.
import type { DeputyLevel, Gender, RegionLevel, Role, StationLevel } from '../entities';

export interface DemoRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parent: string | null;
  /** The first part of its issue numbers (事项编号), where the region has its own. */
  numberPrefix?: string;
}

export interface DemoDeputy {
  key: string;
  name: string;
  gender: Gender;
  level: DeputyLevel;
  employer: string;
  post: string;
  phone: string;
}

export interface DemoStation {
  code: string;
  name: string;
  level: StationLevel;
  region: string;
  receptionRule: string | null;
  deputies: string[];
  head: string;
  liaisonOfficer: string;
}

export interface DemoDepartment {
  code: string;
  name: string;
  region: string;
}

export interface DemoCategory {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface DemoRoutingRule {
  key: string;
  /** null: any category. */
  category: string | null;
  region: string;
  lead: string;
  co: string[];
  priority: number;
}

export interface DemoUser {
  username: string;
  displayName: string;
  department?: string;
  deputy?: string;
  roles: { role: Role; region: string | null }[];
}

export const DEMO_EMAIL_DOMAIN = 'demo.lianluo.local';

export const DEMO_REGIONS: DemoRegion[] = [
  { code: 'yueyang', name: '岳阳市', level: 'city', parent: null, numberPrefix: 'YY' },
  { code: 'yueyang-county', name: '岳阳县', level: 'county', parent: 'yueyang', numberPrefix: 'YYX' },
  { code: 'rongjiawan', name: '荣家湾镇', level: 'township', parent: 'yueyang-county' },
  { code: 'huangshajie', name: '黄沙街镇', level: 'township', parent: 'yueyang-county' },
  { code: 'xinqiang', name: '新墙镇', level: 'township', parent: 'yueyang-county' },
  { code: 'gangkou', name: '筻口镇', level: 'township', parent: 'yueyang-county' },
  { code: 'chengdong', name: '城东社区', level: 'village', parent: 'rongjiawan' },
  { code: 'baishi', name: '白石村', level: 'village', parent: 'rongjiawan' },
  { code: 'huangsha', name: '黄沙社区', level: 'village', parent: 'huangshajie' },
  { code: 'xinkai', name: '新开村', level: 'village', parent: 'huangshajie' },
  { code: 'qingshui', name: '清水村', level: 'village', parent: 'xinqiang' },
  { code: 'yanglin', name: '杨林村', level: 'village', parent: 'xinqiang' },
  { code: 'sangang', name: '三港村', level: 'village', parent: 'gangkou' },
  { code: 'tongxi', name: '潼溪村', level: 'village', parent: 'gangkou' },
];

export const DEMO_DEPUTIES: DemoDeputy[] = [
  {
    key: 'zhangzhiqiang',
    name: '张志强',
    gender: 'male',
    level: 'city',
    employer: '岳阳县第一中学',
    post: '副校长',
    phone: '13807301001',
  },
  {
    key: 'wangxiuying',
    name: '王秀英',
    gender: 'female',
    level: 'township',
    employer: '荣家湾镇城东社区居民委员会',
    post: '党总支书记',
    phone: '13807301002',
  },
  {
    key: 'lijianguo',
    name: '李建国',
    gender: 'male',
    level: 'county',
    employer: '荣家湾镇白石村村民委员会',
    post: '村委会主任',
    phone: '13807301003',
  },
  {
    key: 'liuchunhua',
    name: '刘春花',
    gender: 'female',
    level: 'county',
    employer: '黄沙街镇新开村种养专业合作社',
    post: '理事长',
    phone: '13807301004',
  },
  {
    key: 'chendeming',
    name: '陈德明',
    gender: 'male',
    level: 'township',
    employer: '黄沙街镇黄沙社区',
    post: '居民小组长',
    phone: '13807301005',
  },
  {
    key: 'yanglijuan',
    name: '杨丽娟',
    gender: 'female',
    level: 'provincial',
    employer: '岳阳县人民医院',
    post: '主任医师',
    phone: '13807301006',
  },
  {
    key: 'zhouguoping',
    name: '周国平',
    gender: 'male',
    level: 'county',
    employer: '新墙镇清水村村民委员会',
    post: '村委会主任',
    phone: '13807301007',
  },
  {
    key: 'huangmeilan',
    name: '黄美兰',
    gender: 'female',
    level: 'township',
    employer: '新墙镇中心小学',
    post: '教师',
    phone: '13807301008',
  },
  {
    key: 'zhaoweidong',
    name: '赵卫东',
    gender: 'male',
    level: 'county',
    employer: '筻口镇潼溪村党支部',
    post: '党支部书记',
    phone: '13807301009',
  },
  {
    key: 'wuguifang',
    name: '吴桂芳',
    gender: 'female',
    level: 'national',
    employer: '岳阳县洞庭湖生态农业有限公司',
    post: '董事长',
    phone: '13807301010',
  },
  {
    key: 'sunhaibo',
    name: '孙海波',
    gender: 'male',
    level: 'township',
    employer: '筻口镇三港村',
    post: '种粮大户',
    phone: '13807301011',
  },
];

export const DEMO_STATIONS: DemoStation[] = [
  {
    code: 'rongjiawan',
    name: '荣家湾镇人大代表之家',
    level: 'township',
    region: 'rongjiawan',
    receptionRule: 'monthly:8',
    deputies: ['zhangzhiqiang', 'wangxiuying', 'lijianguo'],
    head: 'zhangzhiqiang',
    liaisonOfficer: 'liaison.rongjiawan',
  },
  {
    code: 'chengdong',
    name: '城东社区代表工作站',
    level: 'village',
    region: 'chengdong',
    receptionRule: 'monthly:20',
    deputies: ['wangxiuying', 'zhangzhiqiang'],
    head: 'wangxiuying',
    liaisonOfficer: 'liaison.chengdong',
  },
  {
    code: 'huangshajie',
    name: '黄沙街镇人大代表之家',
    level: 'township',
    region: 'huangshajie',
    receptionRule: 'monthly:15',
    deputies: ['liuchunhua', 'chendeming'],
    head: 'liuchunhua',
    liaisonOfficer: 'liaison.huangshajie',
  },
  {
    code: 'xinqiang',
    name: '新墙镇人大代表之家',
    level: 'township',
    region: 'xinqiang',
    receptionRule: 'monthly:10',
    deputies: ['zhouguoping', 'huangmeilan', 'yanglijuan'],
    head: 'zhouguoping',
    liaisonOfficer: 'liaison.xinqiang',
  },
  {
    code: 'qingshui',
    name: '清水村代表工作站',
    level: 'village',
    region: 'qingshui',
    receptionRule: null,
    deputies: ['zhouguoping', 'huangmeilan'],
    head: 'zhouguoping',
    liaisonOfficer: 'liaison.qingshui',
  },
  {
    code: 'gangkou',
    name: '筻口镇人大代表之家',
    level: 'township',
    region: 'gangkou',
    receptionRule: 'monthly:5',
    deputies: ['wuguifang', 'zhaoweidong', 'sunhaibo'],
    head: 'wuguifang',
    liaisonOfficer: 'liaison.gangkou',
  },
  {
    code: 'tongxi',
    name: '潼溪村代表工作站',
    level: 'village',
    region: 'tongxi',
    receptionRule: null,
    deputies: ['zhaoweidong'],
    head: 'zhaoweidong',
    liaisonOfficer: 'liaison.tongxi',
  },
];

const TOWNSHIP_OFFICES: Record<string, string> = {
  nongye: '农业综合服务中心',
  shehui: '社会事务办',
  ziran: '自然资源所',
  jiaotong: '交通管理站',
  shuili: '水利站',
  sifa: '司法所',
  paichusuo: '派出所',
};

const TOWNSHIP_NAMES: Record<string, string> = {
  rongjiawan: '荣家湾镇',
  huangshajie: '黄沙街镇',
  xinqiang: '新墙镇',
  gangkou: '筻口镇',
};

const OFFICES_BY_TOWNSHIP: Record<string, string[]> = {
  rongjiawan: ['nongye', 'shehui', 'ziran', 'jiaotong', 'shuili', 'sifa', 'paichusuo'],
  huangshajie: ['nongye', 'shehui', 'jiaotong', 'shuili', 'sifa'],
  xinqiang: ['nongye', 'shehui', 'jiaotong', 'shuili', 'paichusuo'],
  gangkou: ['nongye', 'shehui', 'ziran', 'shuili'],
};

/** County bureaus take the county-wide defaults; their code suffix is the county's pinyin. */
const COUNTY_BUREAUS: Record<string, string> = {
  jiaotong: '岳阳县交通运输局',
  shuili: '岳阳县水利局',
  nongye: '岳阳县农业农村局',
  renshe: '岳阳县人力资源和社会保障局',
  huanjing: '岳阳市生态环境局岳阳县分局',
  jiaoyu: '岳阳县教育体育局',
  weijian: '岳阳县卫生健康局',
};

/** Department codes are also the local part of their e-mail address, e.g. nongye.rongjiawan@demo.lianluo.local. */
export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  ...Object.entries(OFFICES_BY_TOWNSHIP).flatMap(([township, offices]) =>
    offices.map((office) => ({
      code: `${office}.${township}`,
      name: `${TOWNSHIP_NAMES[township]}${TOWNSHIP_OFFICES[office]}`,
      region: township,
    })),
  ),
  ...Object.entries(COUNTY_BUREAUS).map(([bureau, name]) => ({
    code: `${bureau}.yueyangxian`,
    name,
    region: 'yueyang-county',
  })),
];

export const DEMO_CATEGORIES: DemoCategory[] = [
  { code: 'roads', nameZh: '道路交通', nameEn: 'Roads and transport' },
  { code: 'water', nameZh: '饮水与水利', nameEn: 'Drinking water and irrigation' },
  { code: 'agriculture', nameZh: '农业农村', nameEn: 'Agriculture and rural affairs' },
  { code: 'social-security', nameZh: '社会保障', nameEn: 'Social security' },
  { code: 'environment', nameZh: '生态环境', nameEn: 'Environment' },
  { code: 'education', nameZh: '教育', nameEn: 'Education' },
  { code: 'healthcare', nameZh: '医疗卫生', nameEn: 'Healthcare' },
  { code: 'other', nameZh: '其他', nameEn: 'Other' },
];

const COUNTY_DEFAULTS: Record<string, string> = {
  roads: 'jiaotong.yueyangxian',
  water: 'shuili.yueyangxian',
  agriculture: 'nongye.yueyangxian',
  'social-security': 'renshe.yueyangxian',
  environment: 'huanjing.yueyangxian',
  education: 'jiaoyu.yueyangxian',
  healthcare: 'weijian.yueyangxian',
  // 'other' has no county default: in a township without its own rule it goes to triage (see 筻口镇).
};

export const DEMO_ROUTING_RULES: DemoRoutingRule[] = [
  ...Object.entries(COUNTY_DEFAULTS).map(([category, lead]) => ({
    key: `yueyang-county:${category}`,
    category,
    region: 'yueyang-county',
    lead,
    co: [],
    priority: 0,
  })),
  // 荣家湾镇 handles its everyday matters in its own offices.
  rule('rongjiawan', 'roads', 'jiaotong.rongjiawan', ['ziran.rongjiawan']),
  rule('rongjiawan', 'water', 'shuili.rongjiawan'),
  rule('rongjiawan', 'agriculture', 'nongye.rongjiawan'),
  rule('rongjiawan', 'social-security', 'shehui.rongjiawan'),
  rule('rongjiawan', 'other', 'shehui.rongjiawan', ['sifa.rongjiawan']),
  // 黄沙街镇 sends everything to its social affairs office unless a more specific rule applies.
  rule('huangshajie', null, 'shehui.huangshajie'),
  rule('huangshajie', 'water', 'shuili.huangshajie', ['nongye.huangshajie']),
  rule('huangshajie', 'agriculture', 'nongye.huangshajie'),
  rule('xinqiang', 'roads', 'jiaotong.xinqiang', ['jiaotong.yueyangxian']),
  rule('xinqiang', 'water', 'shuili.xinqiang'),
  rule('xinqiang', 'other', 'shehui.xinqiang', ['paichusuo.xinqiang']),
  // 清水村 draws on a reservoir under the county's protection: water goes straight to the county bureau.
  rule('qingshui', 'water', 'shuili.yueyangxian', ['shuili.xinqiang']),
  rule('gangkou', 'agriculture', 'nongye.gangkou'),
  rule('gangkou', 'social-security', 'shehui.gangkou'),
];

function rule(region: string, category: string | null, lead: string, co: string[] = []): DemoRoutingRule {
  return { key: `${region}:${category ?? '*'}`, category, region, lead, co, priority: 0 };
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '系统管理员', roles: [{ role: 'admin', region: null }] },
  {
    username: 'supervisor.yueyangxian',
    displayName: '刘敏（县人大常委会选联工委）',
    roles: [{ role: 'supervisor', region: 'yueyang-county' }],
  },
  {
    username: 'supervisor.rongjiawan',
    displayName: '彭建华（荣家湾镇人大主席团）',
    roles: [{ role: 'supervisor', region: 'rongjiawan' }],
  },
  liaison('rongjiawan', '邓丽'),
  liaison('huangshajie', '胡小军'),
  liaison('xinqiang', '任芳'),
  liaison('gangkou', '方志勇'),
  liaison('chengdong', '罗敏'),
  liaison('qingshui', '姚红梅'),
  liaison('tongxi', '易超'),
  deputyUser('zhangzhiqiang', '张志强'),
  deputyUser('wangxiuying', '王秀英'),
  deputyUser('liuchunhua', '刘春花'),
  deputyUser('zhouguoping', '周国平'),
  deputyUser('zhaoweidong', '赵卫东'),
  departmentUser('jiaotong.rongjiawan', '彭志刚'),
  departmentUser('shehui.rongjiawan', '李娟'),
  departmentUser('shehui.huangshajie', '汤建平'),
  departmentUser('shuili.xinqiang', '钟伟'),
  departmentUser('nongye.gangkou', '许春来'),
  departmentUser('shuili.yueyangxian', '龚文斌'),
  departmentUser('jiaotong.yueyangxian', '谢晓东'),
];

function liaison(region: string, name: string): DemoUser {
  const station = DEMO_STATIONS.find((s) => s.region === region);
  return {
    username: `liaison.${region}`,
    displayName: `${name}（${station?.name ?? region}联络员）`,
    roles: [{ role: 'liaison', region }],
  };
}

function deputyUser(deputy: string, name: string): DemoUser {
  return { username: `deputy.${deputy}`, displayName: name, deputy, roles: [{ role: 'deputy', region: null }] };
}

function departmentUser(department: string, name: string): DemoUser {
  const dept = DEMO_DEPARTMENTS.find((d) => d.code === department);
  return {
    username: `dept.${department}`,
    displayName: `${name}（${dept?.name ?? department}）`,
    department,
    roles: [{ role: 'department', region: null }],
  };
}
