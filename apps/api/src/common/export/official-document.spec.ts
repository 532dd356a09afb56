// The official document read back from its Word and PDF files with a reader's tools: the words in order, the
// tables, A4, the issuing office and date line, and every PDF page rendering with ink on it (test/support).
import { readDocx, readPdf } from '../../../../../test/support/document-reader';
import { toDocx } from './docx';
import { chineseDate, issuerPointSize, TEXT_WIDTH_PT, type OfficialDocument } from './official-document';
import { toPdf } from './pdf';

const TOWNSHIPS = Array.from({ length: 40 }, (_, i) => `第${i + 1}号乡镇`);

const document: OfficialDocument = {
  issuer: '岳阳县人大常委会办公室',
  title: '岳阳县代表联络站群众意见建议办理情况月报',
  subtitle: ['（2025年1月）'],
  date: '2026-03-05',
  blocks: [
    { kind: 'heading', text: '一、总体情况' },
    { kind: 'paragraph', text: '本月共收集群众意见建议279件，已答复257件，答复率92.1%。' },
    {
      kind: 'table',
      header: ['乡镇（街道）', '收集', '答复率'],
      widths: [3, 1, 1],
      rows: TOWNSHIPS.map((name, i) => [name, String(i + 1), `${i}.0%`]),
      footer: ['全县合计', '820', '—'],
    },
    { kind: 'heading', text: '二、指标说明' },
    { kind: 'list', items: ['收集：本期登记的事项', '答复率：已答复 / 收集'], note: true },
    // A control character a user could not type through the API, but which must not break the file either.
    { kind: 'paragraph', text: '本报告由系统生成\u0007。', align: 'right', note: true },
  ],
};

describe('official documents (公文) as Word and PDF', () => {
  it('writes the date line as a person writes it', () => {
    expect(chineseDate('2026-03-05')).toBe('2026年3月5日');
    expect(chineseDate('2025-12-31')).toBe('2025年12月31日');
  });

  it('prints the issuing office on one line: 26 pt, smaller for a long name', () => {
    expect(issuerPointSize('岳阳县人大常委会办公室')).toBe(26);
    const long = '湘潭市第十六届人民代表大会常务委员会办公室';
    expect(issuerPointSize(long) * [...long].length).toBeLessThanOrEqual(TEXT_WIDTH_PT);
  });

  it('writes a .docx whose paragraphs read back in order, on A4, with its tables and the date line at the foot', async () => {
    const docx = await readDocx(await toDocx(document), 'official-document.docx');
    const body = docx.paragraphs.filter((p) => p !== '');
    expect(body.slice(0, 5)).toEqual([
      '岳阳县人大常委会办公室',
      '岳阳县代表联络站群众意见建议办理情况月报',
      '（2025年1月）',
      '一、总体情况',
      '本月共收集群众意见建议279件，已答复257件，答复率92.1%。',
    ]);
    expect(body.slice(-5)).toEqual([
      '1. 收集：本期登记的事项',
      '2. 答复率：已答复 / 收集',
      '本报告由系统生成。',
      '岳阳县人大常委会办公室',
      '2026年3月5日',
    ]);
    expect(docx.tables).toHaveLength(1);
    expect(docx.tables[0][0]).toEqual(['乡镇（街道）', '收集', '答复率']);
    expect(docx.tables[0][40]).toEqual(['第40号乡镇', '40', '39.0%']);
    expect(docx.tables[0][41]).toEqual(['全县合计', '820', '—']);
    expect(docx.page).toEqual({ width: 11906, height: 16838, top: 2097, left: 1587 });
    expect(docx.fonts).toEqual(expect.arrayContaining(['仿宋', '黑体', '宋体']));
  });

  it('writes a PDF with the Chinese font embedded, whose text reads back and whose every page renders', async () => {
    const pdf = await readPdf(await toPdf(document), 'official-document.pdf');
    expect(pdf.pageSize).toEqual({ width: 595.28, height: 841.89 });
    expect(pdf.pages).toBeGreaterThanOrEqual(2); // 40 townships do not fit on the first page
    expect(pdf.ink).toHaveLength(pdf.pages);
    for (const share of pdf.ink) expect(share).toBeGreaterThan(0.002);
    expect(pdf.fonts.join('\n')).toMatch(/WenQuanYi|MicroHei|UMing/);
    expect(pdf.fonts.every((line) => / yes +yes +yes /.test(line))).toBe(true); // embedded, subset, with ToUnicode
    for (const words of [
      '岳阳县人大常委会办公室',
      '岳阳县代表联络站群众意见建议办理情况月报',
      '一、总体情况',
      '答复率92.1%',
      '乡镇（街道）收集答复率',
      '第1号乡镇 1 0.0%',
      '第40号乡镇 40 39.0%',
      '全县合计 820 —',
      '2026年3月5日',
      '— 2 —',
    ]) {
      // A line may wrap anywhere between two Chinese characters: compare without the spaces a wrap leaves.
      expect(pdf.text.replace(/ /g, '')).toContain(words.replace(/ /g, ''));
    }
    expect(pdf.text.indexOf('2026年3月5日')).toBeGreaterThan(pdf.text.indexOf('第40号乡镇'));
  });
});
