// Owns escaping text into the HTML pages the API renders itself (reply page, deliberation document, monthly report,
// the web shell, the dev mailbox): every interpolated value goes through escapeHtml.

/** Text safe inside an element or a quoted attribute: & < > " ' become numeric character references. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
