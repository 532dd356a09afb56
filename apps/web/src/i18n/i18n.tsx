// Owns the interface language: Simplified Chinese unless the user picked English (remembered on this device), with
// antd's and dayjs's locales following it, and <html lang> kept right for screen readers.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { en, zh, type MessageKey, type Messages } from './messages';

export type Lang = 'zh' | 'en';
const STORAGE_KEY = 'lianluo.lang';
const CATALOGUES: Record<Lang, Messages> = { zh, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** A label for an enum value (`status.closed`), falling back to what the API said, then to the raw value. */
  label: (prefix: string, value: string, fallback?: string | null) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);

  const value = useMemo<I18nValue>(() => {
    const messages = CATALOGUES[lang];
    const t: Translate = (key, vars) => format(messages[key] ?? zh[key] ?? key, vars);
    const label = (prefix: string, value: string, fallback?: string | null) => {
      const key = `${prefix}.${value}` as MessageKey;
      return messages[key] ?? fallback ?? value;
    };
    return { lang, setLang, t, label };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside <I18nProvider>');
  return value;
}
