// Owns the meeting's deliberation opinions (审议意见) as files: a printable HTML page (A4, Chinese), an XLSX sheet, and
// the official document (Word, PDF) issued by the standing committee's office with its date line.
// Only speeches their speakers signed off (as transcribed or corrected) go in; the rest are counted as awaiting.
import { escapeHtml } from '../common/html';
import type { Sheet } from '../common/export/xlsx';
import type { DocumentBlock, OfficialDocument } from '../common/export/official-document';
import type { AgendaRow, MeetingRow, SpeechRow } from './attendance.repository';

export interface DeliberationInput {
  meeting: MeetingRow;
  congressName: string;
  agenda: AgendaRow[];
  speeches: SpeechRow[];
}

const signed = (speeches: SpeechRow[]) => speeches.filter((s) => s.status !== 'awaiting_signoff');

export function deliberationTitle(input: DeliberationInput): string {
  return `${input.meeting.title}审议意见`;
}

const speakerLine = (s: SpeechRow) => `${s.deputy_name}代表（${s.deputy_employer}${s.deputy_post}）`;
const signedLine = (s: SpeechRow) => `（本人已签阅${s.status === 'corrected' ? '，经本人修改' : ''}）`;
const subtitle = (input: DeliberationInput) =>
  `${input.congressName}常务委员会 · 会议日期：${input.meeting.meeting_date}`;
const NO_SPEECH = '本议题无列席代表发言。';

/** The closing line: what went in, and what is still awaiting its speaker's sign-off. */
function closing(input: DeliberationInput): string {
  const included = signed(input.speeches);
  const awaiting = input.speeches.length - included.length;
  const suggestions = included.reduce((sum, s) => sum + s.suggestions.length, 0);
  return `收入经本人签阅的列席代表发言 ${included.length} 篇，建议和意见 ${suggestions} 条${
    awaiting ? `；另有 ${awaiting} 篇待本人签阅，未收入` : ''
  }。印发市人民政府参阅。`;
}

export function renderDeliberationHtml(input: DeliberationInput): string {
  const title = deliberationTitle(input);
  const included = signed(input.speeches);
  const items = input.agenda
    .map((item) => {
      const speeches = included.filter((s) => s.agenda_item_id === item.id);
      const body = speeches.length
        ? speeches
            .map(
              (s) => `<section class="speech">
<h3>${escapeHtml(speakerLine(s))}</h3>
${s.text
  .split(/\n+/)
  .map((p) => `<p>${escapeHtml(p)}</p>`)
  .join('\n')}
${
  s.suggestions.length
    ? `<p class="sugg-title">建议：</p><ol class="sugg">${s.suggestions.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ol>`
    : ''
}
<p class="signed">${signedLine(s)}</p>
</section>`,
            )
            .join('\n')
        : `<p class="none">${NO_SPEECH}</p>`;
      return `<h2>议题${item.position}：${escapeHtml(item.title)}</h2>
<p class="committee">承办：${escapeHtml(item.committee)}</p>
${body}`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
  @page { size: A4; margin: 20mm 18mm; }
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 12pt; line-height: 1.8; max-width: 180mm; margin: 0 auto; color: #000; }
  h1 { font-size: 18pt; text-align: center; margin: 0 0 6pt; }
  .sub { text-align: center; margin: 0 0 16pt; }
  h2 { font-size: 14pt; margin: 18pt 0 4pt; }
  h3 { font-size: 12pt; margin: 10pt 0 2pt; }
  p { text-indent: 2em; margin: 0 0 4pt; }
  p.committee, p.signed, p.sugg-title, p.none { text-indent: 0; }
  p.signed { font-size: 10pt; text-align: right; }
  .speech { page-break-inside: avoid; }
  .foot { margin-top: 18pt; font-size: 10pt; text-align: right; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${escapeHtml(subtitle(input))}</p>
${items}
<p class="foot">${escapeHtml(closing(input))}</p>
</body>
</html>
`;
}

/** The opinions as an official document, issued by the standing committee's office and dated `date` (China day). */
export function deliberationDocument(input: DeliberationInput, date: string): OfficialDocument {
  const included = signed(input.speeches);
  const blocks: DocumentBlock[] = input.agenda.flatMap((item): DocumentBlock[] => {
    const speeches = included.filter((s) => s.agenda_item_id === item.id);
    return [
      { kind: 'heading', text: `议题${item.position}：${item.title}` },
      { kind: 'paragraph', text: `承办：${item.committee}`, plain: true },
      ...(speeches.length
        ? speeches.flatMap((s): DocumentBlock[] => [
            { kind: 'subheading', text: speakerLine(s) },
            ...s.text.split(/\n+/).map((text): DocumentBlock => ({ kind: 'paragraph', text })),
            ...(s.suggestions.length
              ? [
                  { kind: 'paragraph', text: '建议：', plain: true } as const,
                  { kind: 'list', items: s.suggestions } as const,
                ]
              : []),
            { kind: 'paragraph', text: signedLine(s), align: 'right', note: true },
          ])
        : [{ kind: 'paragraph', text: NO_SPEECH, plain: true } as const]),
    ];
  });
  return {
    issuer: `${input.congressName}常务委员会办公室`,
    title: deliberationTitle(input),
    subtitle: [subtitle(input)],
    blocks: [...blocks, { kind: 'paragraph', text: closing(input), align: 'right', note: true }],
    date,
  };
}

export function deliberationSheet(input: DeliberationInput): Sheet {
  const rows = signed(input.speeches).map((s, index) => [
    index + 1,
    `议题${s.item_position}：${s.item_title}`,
    s.item_committee,
    s.deputy_name,
    `${s.deputy_employer}${s.deputy_post}`,
    s.text,
    s.suggestions.map((x, i) => `${i + 1}. ${x}`).join('\n') || null,
    s.status === 'corrected' ? '本人修改后签阅' : '本人签阅',
  ]);
  return {
    name: '审议意见',
    header: ['序号', '议题', '承办委室', '代表', '单位及职务', '发言内容', '建议和意见', '签阅'],
    widths: [6, 36, 20, 10, 24, 60, 40, 14],
    rows,
  };
}
