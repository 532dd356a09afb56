// Whether the development mailbox is on: the API answers /api/dev/mail only when DEV_MAILBOX_DIR is set, which
// never happens in production. Asked once per page load.
import { useEffect, useState } from 'react';
import { api } from '../../api/client';

let probe: Promise<boolean> | null = null;

export function useDevMailAvailable(): boolean {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    probe ??= api.fetch('/api/dev/mail', { method: 'HEAD' }).then(
      (response) => response.ok,
      () => false,
    );
    let live = true;
    void probe.then((ok) => live && setAvailable(ok));
    return () => {
      live = false;
    };
  }, []);
  return available;
}
