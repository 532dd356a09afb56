// Owns the reply page a department opens from its referral email: plain server-rendered HTML in Chinese, readable on a
// phone, with a form that posts back to the server (no script: the security headers allow none inline).
import { HttpException } from '@nestjs/common';
import { ISSUE_URGENCY_LABELS, REPLY_CLASS_LABELS, REPLY_CLASSES, chinaDateOf, type ReplyClass } from '@app/contracts';
import { ReplyLinkError } from '../auth/reply-link.service';
import type { FieldErrors } from '../common/api-error';
import { escapeHtml } from '../common/html';
import type { IssueCommandResult } from './issues.dto';
import type { ReplyLinkView } from './reply-links.dto';

export interface ReplyFormValues {
  replyClass?: string;
  text?: string;
  promisedDate?: string;
}

const FIELD_LABELS: Record<string, string> = { replyClass: '答复类别', text: '答复内容', promisedDate: '承诺办结日期' };

const STYLE = `body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;padding:1rem;
max-width:40rem;margin:auto;line-height:1.6;color:#222}h1{font-size:1.3rem}dl{display:grid;grid-template-columns:auto 1fr;
gap:.25rem .75rem}dt{color:#666}dd{margin:0}fieldset{border:1px solid #ccc;border-radius:6px;margin:1rem 0}
label{display:block;margin:.5rem 0}textarea,input[type=date]{width:100%;box-sizing:border-box;font:inherit;padding:.4rem}
button{font:inherit;padding:.6rem 1.2rem;background:#b71c1c;color:#fff;border:0;border-radius:6px;width:100%}
.errors{background:#fdecea;border:1px solid #f5c2c0;border-radius:6px;padding:.5rem 1rem}.note{color:#666;font-size:.9rem}
.box{border:1px solid #ddd;border-radius:6px;padding:.75rem;margin:1rem 0;white-space:pre-wrap}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} · 联络</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The issue and the reply form; `errors` from a refused submission are shown above it, its values kept. */
export function renderReplyForm(
  view: ReplyLinkView,
  token: string,
  values: ReplyFormValues = {},
  errors: FieldErrors = {},
): string {
  const issue = view.issue;
  const summary = `<dl>
<dt>事项编号</dt><dd>${escapeHtml(issue.number)}</dd>
<dt>办理单位</dt><dd>${escapeHtml(view.department.name)}（${view.assignment.role === 'lead' ? '主办' : '协办'}）</dd>
<dt>问题类别</dt><dd>${escapeHtml(issue.category.name)}</dd>
<dt>所在地点</dt><dd>${escapeHtml(issue.place.name)}</dd>
<dt>联络站</dt><dd>${escapeHtml(issue.station.name)}</dd>
<dt>紧急程度</dt><dd>${escapeHtml(ISSUE_URGENCY_LABELS[issue.urgency])}</dd>
<dt>办理期限</dt><dd>${escapeHtml(chinaDateOf(view.assignment.dueAt))}</dd>
<dt>反映群众</dt><dd>${escapeHtml(issue.voter.name ?? '未留姓名')}</dd>
</dl><div class="box">${escapeHtml(issue.description)}</div>`;
  if (!view.canReply) {
    return page(
      '意见办理答复',
      `<h1>意见办理答复</h1>${summary}<p class="errors">该事项当前不能通过此链接答复（可能已答复、已退回、已改办或已办结）。</p>`,
    );
  }
  const problems = Object.entries(errors).flatMap(([field, messages]) =>
    messages.map((message) => `<li>${escapeHtml(fieldMessage(field, message))}</li>`),
  );
  const classes = REPLY_CLASSES.map(
    (replyClass) =>
      `<label><input type="radio" name="replyClass" value="${replyClass}" required${
        values.replyClass === replyClass ? ' checked' : ''
      }> ${replyClass}类：${escapeHtml(REPLY_CLASS_LABELS[replyClass])}</label>`,
  ).join('\n');
  const action = `/reply?token=${encodeURIComponent(token)}`;
  return page(
    '意见办理答复',
    `<h1>意见办理答复</h1>${summary}
${problems.length ? `<ul class="errors">${problems.join('')}</ul>` : ''}
<form method="post" action="${escapeHtml(action)}">
<fieldset><legend>答复类别</legend>${classes}</fieldset>
<label>答复内容<textarea name="text" rows="6" maxlength="4000" required>${escapeHtml(values.text ?? '')}</textarea></label>
<label>承诺办结日期（B类答复必填）<input type="date" name="promisedDate" value="${escapeHtml(values.promisedDate ?? '')}"></label>
<button type="submit">提交答复</button>
<p class="note">此链接仅供贵单位答复本事项，提交一次后失效，有效期至 ${escapeHtml(chinaDateOf(view.expiresAt))}。</p>
</form>`,
  );
}

export function renderReplyDone(result: IssueCommandResult, replyClass: ReplyClass): string {
  const followUp =
    replyClass === 'B' && result.issue.promisedDate
      ? `<p>请于 ${escapeHtml(result.issue.promisedDate)} 前续报办理结果。</p>`
      : '<p>答复已转交代表，请代表评价办理结果。</p>';
  return page(
    '答复已提交',
    `<h1>答复已提交</h1><p>${replyClass}类：${escapeHtml(REPLY_CLASS_LABELS[replyClass])}</p>${followUp}
<p class="note">此链接已失效。如需补充，请登录系统办理。</p>`,
  );
}

/** A page for a refused link or a refused reply, in words a department can act on. */
export function renderReplyProblem(error: HttpException): string {
  return page('无法答复', `<h1>无法答复</h1><p class="errors">${escapeHtml(problemMessage(error))}</p>`);
}

function problemMessage(error: HttpException): string {
  if (error instanceof ReplyLinkError) {
    switch (error.reason) {
      case 'invalid':
        return '此链接无效。请使用邮件中的完整链接，或登录系统办理。';
      case 'other_assignment':
        return '此链接不能用于答复本事项。请登录系统办理。';
      case 'expired':
        return '此链接已过期。请使用最新邮件中的链接，或登录系统办理。';
      case 'used':
        return '此链接已使用过，答复已经提交。如需补充，请登录系统办理。';
      case 'in_use':
        return '此链接的另一次提交正在处理中。请稍候一分钟再刷新查看结果。';
    }
  }
  const status = error.getStatus();
  if (status === 403) return '此链接不能用于答复本事项（协办单位请登录系统提交协办意见）。';
  if (status === 409) return '该事项当前不能通过此链接答复（可能已答复、已退回、已改办或已办结）。';
  if (status >= 500) return '系统暂时无法处理，请稍后再试。';
  return '无法处理此请求。';
}

function fieldMessage(field: string, message: string): string {
  const label = FIELD_LABELS[field] ?? field;
  if (field === 'promisedDate') {
    if (/required/.test(message)) return 'B类答复须填写承诺办结日期。';
    if (/only for a class B/.test(message)) return '只有B类答复填写承诺办结日期，A类、C类请留空。';
    if (/after today/.test(message)) return '承诺办结日期须晚于今天。';
    return '承诺办结日期格式不正确。';
  }
  if (field === 'text') return /blank|empty/.test(message) ? '请填写答复内容。' : `${label}：${message}`;
  if (field === 'replyClass') return '请选择答复类别（A、B或C）。';
  return `${label}：${message}`;
}
