// Owns the voter's pages (代表码): plain server-rendered HTML in Chinese, phone-first, no script (the security headers
// allow none inline), forms that post back to the server. A printable poster per station or deputy, too.
import { HttpException } from '@nestjs/common';
import { chinaTimeOf } from '@app/contracts';
import type { FieldErrors } from '../common/api-error';
import { escapeHtml } from '../common/html';
import type { CaptchaView, CodeTargetView, SubmissionReceiptView, TrackView } from './voter.dto';
import { VOTER_DESCRIPTION_MAX_LENGTH } from './voter.dto';

export interface SubmitFormValues {
  placeRegionId?: string;
  description?: string;
  phone?: string;
  email?: string;
  noticeAccepted?: boolean;
}

/** What a voter reads for a refused field: the API's messages are for developers. */
const FIELD_MESSAGES: Record<string, string> = {
  description: `请填写问题描述（5至${VOTER_DESCRIPTION_MAX_LENGTH}字）`,
  placeRegionId: '请选择问题所在地点',
  phone: '请填写正确的手机或固定电话号码，或留下电子邮箱',
  email: '请填写正确的电子邮箱，或留下手机号码',
  noticeAccepted: '请阅读并同意个人信息告知',
  captchaAnswer: '验证码不正确或已失效，请输入新图片中的数字',
  captchaToken: '验证码已失效，请输入新图片中的数字',
  stationId: '二维码无效，请重新扫码',
  deputyId: '二维码无效，请重新扫码',
  code: '请填写提交时获得的查询码',
};

const STYLE = `body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;padding:1rem;
max-width:36rem;margin:auto;line-height:1.6;color:#222;font-size:17px}h1{font-size:1.3rem;margin:.5rem 0}
label{display:block;margin:.75rem 0 .25rem;font-weight:600}textarea,input[type=text],input[type=tel],input[type=email],
select{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #bbb;border-radius:6px}
textarea{min-height:8rem}.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}.check input{margin-top:.4rem}
button{font:inherit;padding:.7rem 1.2rem;background:#b71c1c;color:#fff;border:0;border-radius:6px;width:100%;margin-top:1rem}
.errors{background:#fdecea;border:1px solid #f5c2c0;border-radius:6px;padding:.5rem 1rem}.note{color:#555;font-size:.9rem}
.box{border:1px solid #ddd;border-radius:6px;padding:.75rem;margin:1rem 0;white-space:pre-wrap;word-break:break-all}
.captcha{display:flex;gap:.5rem;align-items:center}.captcha svg{flex:none;border:1px solid #ddd;border-radius:4px}
ol.steps{padding-left:1.2rem}ol.steps li{margin:.25rem 0}.code{font-family:ui-monospace,monospace;font-size:1rem}
.ok{background:#edf7ed;border:1px solid #b7dfb9;border-radius:6px;padding:.5rem 1rem}
.inline{display:inline}.inline button{width:auto;margin-right:.5rem;background:#555}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} · 联络</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function errorList(errors: FieldErrors): string {
  const fields = Object.keys(errors);
  if (!fields.length) return '';
  const items = [...new Set(fields.map((field) => FIELD_MESSAGES[field] ?? '请检查填写的内容'))];
  return `<div class="errors" role="alert"><p>请修改以下内容后再提交：</p><ul>${items
    .map((item) => `<li>${escapeHtml(item)}</li>`)
    .join('')}</ul></div>`;
}

function targetTitle(target: CodeTargetView): string {
  return target.deputy ? `向${target.deputy.name}代表反映问题` : `向${target.station.name}反映问题`;
}

/** The submission form, with the values and problems of a refused post kept. */
export function renderSubmitPage(
  target: CodeTargetView,
  captcha: CaptchaView,
  action: string,
  values: SubmitFormValues = {},
  errors: FieldErrors = {},
  problem?: string,
): string {
  const place = values.placeRegionId ?? target.defaultPlaceId;
  const options = target.places
    .map(
      (p) => `<option value="${escapeHtml(p.id)}"${p.id === place ? ' selected' : ''}>${escapeHtml(p.name)}</option>`,
    )
    .join('');
  const reception = target.receptionDays ? `<p class="note">接待日：${escapeHtml(target.receptionDays)}</p>` : '';
  return page(
    targetTitle(target),
    `<h1>${escapeHtml(targetTitle(target))}</h1><p class="note">${escapeHtml(target.station.name)}</p>${reception}
${problem ? `<div class="errors" role="alert">${escapeHtml(problem)}</div>` : ''}${errorList(errors)}
<form method="post" action="${escapeHtml(action)}">
<label for="description">问题描述</label>
<textarea id="description" name="description" maxlength="${VOTER_DESCRIPTION_MAX_LENGTH}" required
 placeholder="请写明什么问题、在哪里、持续多久">${escapeHtml(values.description ?? '')}</textarea>
<label for="placeRegionId">所在地点</label>
<select id="placeRegionId" name="placeRegionId">${options}</select>
<label for="phone">手机号码（用于告知进展）</label>
<input type="tel" id="phone" name="phone" maxlength="20" value="${escapeHtml(values.phone ?? '')}" autocomplete="tel">
<label for="email">电子邮箱（用于告知进展）</label>
<input type="email" id="email" name="email" maxlength="254" value="${escapeHtml(values.email ?? '')}" autocomplete="email">
<p class="note">手机号码和电子邮箱至少填写一项。目前进展通知通过电子邮件发送。</p>
<div class="box note">${escapeHtml(target.notice)}</div>
<label class="check"><input type="checkbox" id="noticeAccepted" name="noticeAccepted" value="true"${
      values.noticeAccepted ? ' checked' : ''
    }> 我已阅读并同意上述个人信息告知</label>
<label for="captchaAnswer">验证码（输入图中的数字）</label>
<div class="captcha">${captcha.svg}<input type="text" id="captchaAnswer" name="captchaAnswer" inputmode="numeric"
 maxlength="8" autocomplete="off" required></div>
<input type="hidden" name="captchaToken" value="${escapeHtml(captcha.token)}">
<button type="submit">提交</button>
</form>`,
  );
}

export function renderSubmitted(receipt: SubmissionReceiptView, target: CodeTargetView): string {
  return page(
    '提交成功',
    `<h1>提交成功</h1><div class="ok">您反映的问题已送达${escapeHtml(
      target.deputy ? `${target.deputy.name}代表` : target.station.name,
    )}，代表将尽快处理。</div>
<p>您的查询码（请截图或抄写保存，凭此码查询办理进展）：</p>
<p class="box code" id="tracking-code">${escapeHtml(receipt.trackingCode)}</p>
<p><a href="/v/track?code=${encodeURIComponent(receipt.trackingCode)}">查看办理进展</a></p>
<p class="note">如留有电子邮箱，查询码也已发送至您的邮箱。</p>`,
  );
}

export function renderTrackForm(problem?: string): string {
  return page(
    '查询办理进展',
    `<h1>查询办理进展</h1>${problem ? `<div class="errors" role="alert">${escapeHtml(problem)}</div>` : ''}
<form method="post" action="/v/track"><label for="code">查询码</label>
<input type="text" id="code" name="code" maxlength="100" autocomplete="off" required>
<button type="submit">查询</button></form>`,
  );
}

export function renderTrack(view: TrackView, code: string): string {
  const steps = view.steps
    .map((s) => `<li><strong>${escapeHtml(s.label)}</strong> <span class="note">${chinaTimeOf(s.at)}</span></li>`)
    .join('');
  const replies = view.replies
    .map(
      (r) =>
        `<div class="box"><p class="note">${escapeHtml(r.departmentName)} · ${chinaTimeOf(r.repliedAt)} · ${escapeHtml(
          r.replyClassLabel,
        )}</p>${escapeHtml(r.text)}</div>`,
    )
    .join('');
  const decline = view.declineReason ? `<div class="box">未受理理由：${escapeHtml(view.declineReason)}</div>` : '';
  const issue = view.issue
    ? `<p>事项：${escapeHtml(view.issue.number ?? view.issue.id)}（${escapeHtml(view.issue.statusLabel)}）</p>`
    : '';
  const solved =
    view.voterSolved === null ? '' : `<p class="ok">您的反馈：${view.voterSolved ? '问题已解决' : '问题未解决'}</p>`;
  const ask = view.canSaySolved
    ? `<p>问题解决了吗？</p>${[true, false]
        .map(
          (value) => `<form class="inline" method="post" action="/v/track/solved">
<input type="hidden" name="code" value="${escapeHtml(code)}"><input type="hidden" name="solved" value="${value}">
<button type="submit">${value ? '已解决' : '未解决'}</button></form>`,
        )
        .join('')}`
    : '';
  return page(
    '办理进展',
    `<h1>办理进展：${escapeHtml(view.statusLabel)}</h1>
<p class="note">${escapeHtml(view.stationName)} · ${escapeHtml(view.placeName)} · 联系方式 ${escapeHtml(view.contact)}</p>
<div class="box">${escapeHtml(view.description)}</div>${issue}
<ol class="steps">${steps}</ol>${decline}
${replies ? `<h2>答复</h2>${replies}` : view.steps.some((s) => s.step === 'replied') ? '<p class="note">承办部门已答复，答复公开后将在此显示。</p>' : ''}
${solved}${ask}`,
  );
}

export function renderProblem(error: HttpException): string {
  const status = error.getStatus();
  const text =
    status === 404
      ? '没有找到对应的内容：请检查二维码或查询码是否完整。'
      : status === 429
        ? '提交过于频繁，请稍后再试。'
        : status === 409
          ? '当前不能进行此操作。'
          : '请求未能完成，请稍后再试。';
  return page('提示', `<h1>提示</h1><div class="errors" role="alert">${escapeHtml(text)}</div>`);
}

/** The poster's title (HTML and PDF): a deputy's contact code or the station's 民情码. */
export function posterTitle(target: CodeTargetView): string {
  return target.deputy ? `${target.deputy.name}代表联系码` : `${target.station.name}民情码`;
}

/** An A4 poster to print: the station (and deputy), the reception days, the code, what it is for. */
export function renderPoster(target: CodeTargetView, qrSvg: string, url: string): string {
  const title = posterTitle(target);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>@page{size:A4;margin:15mm}body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
text-align:center;color:#222;margin:0}h1{font-size:32pt;color:#b71c1c;margin:10mm 0 4mm}h2{font-size:20pt;margin:2mm 0}
.qr svg{width:120mm;height:120mm}.lead{font-size:16pt}.url{font-family:monospace;font-size:10pt;color:#555;word-break:break-all}
</style></head><body><h1>${escapeHtml(title)}</h1><h2>${escapeHtml(target.station.name)}</h2>
${target.receptionDays ? `<p class="lead">接待日：${escapeHtml(target.receptionDays)}</p>` : ''}
<div class="qr">${qrSvg}</div>
<p class="lead">微信或手机相机扫码，向人大代表反映问题、提出意见建议，<br>凭查询码随时查看办理进展。</p>
<p class="url">${escapeHtml(url)}</p></body></html>`;
}
