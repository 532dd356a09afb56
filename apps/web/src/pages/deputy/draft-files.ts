// The photos and documents of the deputy's unsent issue, kept on the device with the draft: in IndexedDB, since
// localStorage holds a few megabytes of text at most. Each has its own key, which is also its upload key, so a
// submission retried after a dropped connection uploads each file once.
const DB_NAME = 'lianluo-drafts';
const STORE = 'files';

/** A file of the draft: its bytes are in IndexedDB under `key`; `attachmentId` once the API has stored it. */
export interface DraftFile {
  key: string;
  name: string;
  type: string;
  size: number;
  attachmentId?: string;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = work(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

export function keepFile(key: string, blob: Blob): Promise<IDBValidKey> {
  return run('readwrite', (store) => store.put(blob, key));
}

export async function keptFile(key: string): Promise<Blob | undefined> {
  return (await run<unknown>('readonly', (store) => store.get(key))) as Blob | undefined;
}

export async function forgetFiles(keys: string[]): Promise<void> {
  for (const key of keys) {
    try {
      await run('readwrite', (store) => store.delete(key));
    } catch {
      // gone already, or storage blocked: nothing to keep
    }
  }
}
