// Owns the printable poster of a station's or a deputy's code as an A4 PDF (issue #15, item 1): the same facts as
// the HTML poster (title, station, reception days, the code, what it is for, its address), for print shops and
// notice boards that take a file rather than a web page. pdfkit with the Debian CJK font the exports already use.
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { requirePdfFont } from '../common/export/pdf';
import { posterTitle } from './voter-page';
import type { CodeTargetView } from './voter.dto';

const MM = 72 / 25.4;
const RED = '#b71c1c';

export async function posterPdf(target: CodeTargetView, url: string): Promise<Buffer> {
  const font = requirePdfFont();
  const title = posterTitle(target);
  const qr = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 1200 });
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 20 * MM, bottom: 15 * MM, left: 15 * MM, right: 15 * MM },
    info: { Title: title, Author: target.station.name, Creator: '联络 Lianluo' },
    lang: 'zh-CN',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.face);
  doc.font('cjk');
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const centred = { width, align: 'center' as const };

  doc.fillColor(RED).fontSize(32).text(title, doc.page.margins.left, doc.y, centred);
  doc.moveDown(0.3).fillColor('#222222').fontSize(20).text(target.station.name, centred);
  if (target.receptionDays) doc.moveDown(0.3).fontSize(16).text(`接待日：${target.receptionDays}`, centred);
  const side = 120 * MM;
  doc.moveDown(0.6);
  const top = doc.y;
  doc.image(qr, (doc.page.width - side) / 2, top, { width: side, height: side });
  doc.y = top + side + 6 * MM;
  doc
    .fontSize(16)
    .text('微信或手机相机扫码，向人大代表反映问题、提出意见建议，', doc.page.margins.left, doc.y, centred)
    .text('凭查询码随时查看办理进展。', centred);
  doc.moveDown(0.8).fillColor('#555555').fontSize(10).text(url, centred);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
