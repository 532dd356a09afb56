// The API speaks English in its error messages (they are also for developers and logs). Chinese users get the ones
// a form can meet in Chinese; an English one not listed here becomes a general Chinese sentence (the request id shown
// beside it lets support find the original in the logs), so no English reaches the zh-CN screen.
const ZH: [RegExp, string | ((...groups: string[]) => string)][] = [
  [/must be shorter than or equal to (\d+) characters/, (n) => `不能超过 ${n} 个字`],
  [/must be longer than or equal to (\d+) characters/, (n) => `至少 ${n} 个字符`],
  [/must not be (blank|empty)/, '不能为空'],
  [/ is not allowed$/, '不接受此项'],
  [/this username is taken/, '该用户名已被使用'],
  [/this deputy already has a user/, '该代表已有账号'],
  [/does not name (a|an) /, '编号不存在'],
  [/you are not a deputy of this station/, '您不是该联络站的代表'],
  [/placeRegionId must be a village/, '所在地点须是该联络站所在乡镇或其村（社区）'],
  [/no longer in use/, '该问题类别已停用'],
  [/promised date must be after today/i, '承诺办结日期须在今天以后'],
  [/(needs the promised date|promisedDate is required)/, 'B 类答复须填写承诺办结日期'],
  [/(Only a class B reply has a promised date|only for a class B reply)/, '只有 B 类答复填写承诺办结日期'],
  [/already at the highest escalation level/, '已是最高督办层级'],
  [/already assigned to these departments/, '该事项已交办给这些单位'],
  [/co-handlers must be distinct/, '协办单位不能重复，也不能是主办单位'],
  [/newDueDate must be after the current deadline (\S+)/, (date) => `新的办理期限须晚于当前期限 ${date}`],
  [/(give either|Give either|give extraWorkingDays or newDueDate)/, '延长工作日数和新期限须二选一'],
  [/The issue is closed/, '该事项已办结'],
  // Requests from the people concerned (apps/api/src/subject-requests): why data cannot be erased or corrected yet.
  [
    /The submission is still being handled/,
    '这条反映尚在办理，需要用联系方式告知选民结果：不予受理或所转事项办结后才能删除',
  ],
  [/must be declined, or its issue closed/, '须先不予受理或所转事项办结，才能删除联系方式'],
  [/The contact of this submission was already erased/, '这条反映的联系方式已删除'],
  [/The issue is still open: its voter data is needed/, '事项尚未办结，需要用选民信息答复选民：办结后才能删除'],
  [/must be closed before its voter data is erased/, '事项须先办结，才能删除选民信息'],
  [/voter data of this issue was (already )?erased/, '该事项的选民信息已删除'],
  [/Cannot \w[\w ]* while the issue is/, '该事项当前的状态不允许此操作'],
  [/already acknowledged/, '本单位已签收'],
  [/Only the lead department/, '只有主办单位可以进行此操作'],
  [/(is not assigned this issue|is not a co-handler)/, '本单位不是该事项的承办单位'],
  [/Only the deputy who submitted/, '只有登记该意见的代表可以评价'],
  [/no longer open for a reply/, '该事项当前不能答复（可能已答复、已退回或已改办）'],
  [/mainland mobile/, '请输入正确的手机号或固定电话'],
  [/resident identity card/, '请输入正确的 18 位身份证号码'],
  [/must be an email/, '请输入正确的电子邮箱'],
  [/you cannot remove your own admin role/, '不能移除自己的管理员角色'],
  [/need a regionId|needs a regionId/, '联络员和督办人员须指定辖区'],
  [/did not answer in time/, '系统繁忙，请稍后用同一操作重试'],
  // A database outage (503): each says truthfully whether the request was saved.
  [/may or may not be saved/, '数据库暂时不可用，本次提交可能已保存也可能未保存：请稍后原样重新提交，系统只会保存一次'],
  [/could not be read back/, '已保存；数据库暂时不可用，结果暂时无法显示：请稍后原样重试查看'],
  [/The database \(PostgreSQL\) is unavailable/, '数据库暂时不可用，本次请求未执行，未保存任何内容：请稍后重试'],
  [/outside your regions/, '超出您的辖区范围'],
  // Webhook URLs (libs/webhooks/src/webhook-target.ts).
  [/must not carry a user name or password/, '推送地址中不能包含用户名或密码'],
  [/must not point at this host or the internal network/, '推送地址不能指向本机或内部网络'],
  [/must be an (absolute )?http or https URL/, '请输入以 http:// 或 https:// 开头的完整地址'],
  [/must not have a fragment/, '推送地址不能包含 # 片段'],
  [/^Invalid input/, '输入有误'],
  [
    /Too many failed sign-ins (for this account|from this address): try again in (\d+) (seconds|minutes)/,
    (who, n, unit) =>
      `${who === 'for this account' ? '该账号' : '本机所在网络'}登录失败次数过多，请 ${n} ${unit === 'seconds' ? '秒' : '分钟'}后再试`,
  ],
  [/Choose a new password first/, '请先修改密码：管理员发放的一次性密码只能用于设置新密码'],
  [/you cannot disable your own account/, '不能停用自己的账号'],
  [/currentPassword is wrong/, '当前密码不正确'],
  [/password must differ from the current one/, '新密码不能与当前密码相同'],
  [/password must not contain the username/, '密码不能包含用户名'],
  [/password must be at least (\d+) characters/, (n) => `密码至少 ${n} 个字符`],
  [/Too Many Requests|ThrottlerException/, '请求过于频繁，请稍后再试'],
  [/an unsatisfied rating needs a comment/, '选择“不满意”须写明原因：哪些问题仍未解决'],
  [/not found/i, '没有找到，可能已被删除或不在您的查看范围内'],
  [/^Forbidden|not allowed to|needs? the \w+ role/i, '您没有进行此操作的权限'],
];

/** What a Chinese user reads for an API message nobody has translated yet: never the English itself. */
const ZH_FALLBACK = '操作未能完成，请检查填写的内容后重试';
const HAS_CHINESE = /[\u4e00-\u9fff]/;

export function localizeApiMessage(lang: 'zh' | 'en', message: string): string {
  if (lang !== 'zh') return message;
  for (const [pattern, replacement] of ZH) {
    const match = pattern.exec(message);
    if (match) return typeof replacement === 'string' ? replacement : replacement(...match.slice(1));
  }
  // Already Chinese (the API writes some in Chinese, the admin screens translate theirs first): as written.
  return HAS_CHINESE.test(message) ? message : ZH_FALLBACK;
}
