// What the reference screens' pickers search: each a function of the typed text answering options from the API's
// paged lists (the first 20 matches), labelled in the user's language.
import { useMemo } from 'react';
import {
  categories,
  departments,
  deputies,
  regions,
  stations,
  type CategoryView,
  type RegionLevel,
  type RegionView,
} from '../../../api/admin';
import { listUsers } from '../../../api/endpoints';
import { useI18n, type Translate } from '../../../i18n/i18n';
import type { Option } from './common';

const LIMIT = 20;

/** Regions seen in any answer, by id: picking one in a filter gives its id, and the screen wants its name and level. */
export const knownRegions = new Map<string, RegionView>();

export function regionLabel(t: Translate, region: Pick<RegionView, 'name' | 'level'>): string {
  return `${region.name} · ${t(`ref.level.${region.level}`)}`;
}

export function categoryName(lang: 'zh' | 'en', category: Pick<CategoryView, 'nameZh' | 'nameEn'>): string {
  return lang === 'zh' ? category.nameZh : category.nameEn;
}

export function useSearches() {
  const { t, lang } = useI18n();
  return useMemo(
    () => ({
      regions:
        (levels?: readonly RegionLevel[]) =>
        async (q: string, signal: AbortSignal): Promise<Option[]> => {
          // One level: the API filters; several: filter the page here (a few levels of a small hierarchy).
          const level = levels?.length === 1 ? levels[0] : undefined;
          const page = await regions.list({ q: q || undefined, level, limit: LIMIT }, signal);
          for (const region of page.items) knownRegions.set(region.id, region);
          return page.items
            .filter((region) => !levels || levels.includes(region.level))
            .map((region) => ({ value: region.id, label: regionLabel(t, region) }));
        },
      stations: async (q: string, signal: AbortSignal): Promise<Option[]> => {
        const page = await stations.list({ q: q || undefined, limit: LIMIT }, signal);
        return page.items.map((station) => ({ value: station.id, label: station.name }));
      },
      deputies: async (q: string, signal: AbortSignal): Promise<Option[]> => {
        const page = await deputies.list({ q: q || undefined, limit: LIMIT }, signal);
        return page.items.map((deputy) => ({
          value: deputy.id,
          label: `${deputy.name} · ${t(`ref.deputyLevel.${deputy.level}`)}`,
        }));
      },
      departments: async (q: string, signal: AbortSignal): Promise<Option[]> => {
        const page = await departments.list({ q: q || undefined, active: true, limit: LIMIT }, signal);
        return page.items.map((department) => ({ value: department.id, label: department.name }));
      },
      categories: async (q: string, signal: AbortSignal): Promise<Option[]> => {
        // A short list: all of it, filtered by the select as the user types.
        const page = await categories.list({ limit: 100 }, signal);
        const text = q.trim().toLowerCase();
        return page.items
          .map((category) => ({ value: category.id, label: categoryName(lang, category) }))
          .filter((option) => !text || option.label.toLowerCase().includes(text));
      },
      liaisonUsers: async (q: string, signal: AbortSignal): Promise<Option[]> => {
        const page = await listUsers({ q: q || undefined, role: 'liaison', limit: LIMIT }, signal);
        return page.items.map((user) => ({ value: user.id, label: `${user.displayName} · ${user.username}` }));
      },
    }),
    [t, lang],
  );
}
