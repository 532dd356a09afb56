// The words of the Open311 clients page (admin), kept apart like the other features'. Spread into zh and en in
// messages.ts.

export const zhOpen311 = {
  'nav.open311Clients': 'Open311 接入',
  'open311.title': 'Open311 接入系统',
  'open311.intro':
    '12345 热线平台、地图报事等外部系统通过 Open311 GeoReport v2 接口（/open311/v2）提交和查询事项，每个系统使用自己的 API 密钥。密钥只在登记时显示一次；吊销后该系统的提交即被拒绝，已提交的事项保留。登记和吊销都记入管理审计日志。',
  'open311.add': '登记接入系统',
  'open311.name': '系统名称',
  'open311.keyPrefix': '密钥开头',
  'open311.createdAt': '登记时间',
  'open311.status': '状态',
  'open311.active': '使用中',
  'open311.revoked': '已吊销',
  'open311.revokedAt': '吊销于',
  'open311.actions': '操作',
  'open311.revoke': '吊销密钥',
  'open311.confirmRevoke': '吊销后该系统的提交将被拒绝，且无法恢复。确定吊销？',
  'open311.revokedDone': '密钥已吊销',
  'open311.save': '登记',
  'open311.keyTitle': 'API 密钥（仅显示这一次）',
  'open311.keyHint': '请把密钥交给该系统的管理员（请求参数 api_key）。关闭后无法再次查看，遗失只能吊销后重新登记。',
  'open311.none': '还没有登记接入系统',
};

export const enOpen311: Record<keyof typeof zhOpen311, string> = {
  'nav.open311Clients': 'Open311 clients',
  'open311.title': 'Open311 clients',
  'open311.intro':
    'Hotline platforms and map-based reporting tools submit and read issues through the Open311 GeoReport v2 API (/open311/v2), each with its own API key. The key is shown once, when the client is registered; once revoked, the client’s posts are refused and its requests stay. Registering and revoking are recorded in the admin audit log.',
  'open311.add': 'Register a client',
  'open311.name': 'Name',
  'open311.keyPrefix': 'Key starts with',
  'open311.createdAt': 'Registered',
  'open311.status': 'Status',
  'open311.active': 'In use',
  'open311.revoked': 'Revoked',
  'open311.revokedAt': 'Revoked at',
  'open311.actions': 'Actions',
  'open311.revoke': 'Revoke key',
  'open311.confirmRevoke': 'Its posts will be refused from now on, for good. Revoke?',
  'open311.revokedDone': 'Key revoked',
  'open311.save': 'Register',
  'open311.keyTitle': 'API key (shown only this once)',
  'open311.keyHint':
    'Give the key to the client’s operator (parameter api_key). It cannot be shown again: if lost, revoke it and register anew.',
  'open311.none': 'No client registered yet',
};
