// The admin API's own English messages in the user's language (the app's general list, api-messages.ts, knows the
// messages every form meets; these only the reference-data screens do). Unknown messages pass through unchanged.
import { ADMIN_API_ZH } from '../../../i18n/messages-admin';

export function localizeAdminMessage(lang: 'zh' | 'en', message: string): string {
  if (lang !== 'zh') return message;
  for (const [pattern, replacement] of ADMIN_API_ZH) {
    const match = pattern.exec(message);
    if (match) return typeof replacement === 'string' ? replacement : replacement(...match.slice(1));
  }
  return message;
}
