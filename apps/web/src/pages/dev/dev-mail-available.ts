// Whether to offer the development mailbox: only to an admin acting as admin, and only when the API answers
// /api/dev/mail (only with DEV_MAILBOX_DIR set, which production refuses; admins only). Asked once per sign-in.
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useSession } from '../../auth/auth';

const probes = new Map<string, Promise<boolean>>();

export function useDevMailAvailable(): boolean {
  const { profile, role } = useSession();
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    setAvailable(false);
    if (role !== 'admin') return;
    let probe = probes.get(profile.id);
    if (!probe) {
      probe = api.fetch('/api/dev/mail', { method: 'HEAD' }).then(
        (response) => response.ok,
        () => false,
      );
      probes.set(profile.id, probe);
    }
    let live = true;
    void probe.then((ok) => live && setAvailable(ok));
    return () => {
      live = false;
    };
  }, [profile.id, role]);
  return available;
}
