// The deputy's unsent issue, kept on the device so that a dropped network loses nothing. The idempotency key is made
// once per draft and stays with it: every retry sends the same key, so the API records the issue once.
import type { Channel, Urgency } from '../../api/types';
import { newKey } from '../../components/format';
import type { DraftFile } from './draft-files';

export interface IssueFormValues {
  stationId?: string;
  categoryId?: string;
  placeRegionId?: string;
  channel?: Channel;
  urgency?: Urgency;
  description?: string;
  voter?: { name?: string; phone?: string; idNumber?: string; address?: string };
}

export interface Draft {
  key: string;
  values: IssueFormValues;
  savedAt: string;
  /** A submission was sent and no answer came back: the next one must be a retry with the same key. */
  pending: boolean;
  /** Photos and documents picked for it (their bytes in IndexedDB, draft-files.ts). */
  files: DraftFile[];
}

const storageKey = (userId: string) => `lianluo.issueDraft.${userId}`;

export function loadDraft(userId: string): Draft | null {
  try {
    const raw = localStorage.getItem(storageKey(userId));
    if (!raw) return null;
    const draft = JSON.parse(raw) as Partial<Draft>;
    if (typeof draft.key !== 'string' || typeof draft.values !== 'object' || draft.values === null) return null;
    return {
      key: draft.key,
      values: draft.values,
      savedAt: draft.savedAt ?? new Date().toISOString(),
      pending: draft.pending === true,
      files: Array.isArray(draft.files) ? draft.files : [],
    };
  } catch {
    return null;
  }
}

export function saveDraft(userId: string, draft: Draft): void {
  try {
    localStorage.setItem(storageKey(userId), JSON.stringify(draft));
  } catch {
    // storage full or blocked: the form still holds the values
  }
}

export function clearDraft(userId: string): void {
  try {
    localStorage.removeItem(storageKey(userId));
  } catch {
    // nothing kept
  }
}

export function freshDraft(): Draft {
  return { key: newKey(), values: {}, savedAt: new Date().toISOString(), pending: false, files: [] };
}

/** True when the form holds something worth keeping. */
export function hasContent(values: IssueFormValues): boolean {
  return Boolean(
    values.description?.trim() ||
    values.voter?.name ||
    values.voter?.phone ||
    values.voter?.idNumber ||
    values.voter?.address,
  );
}
