// Whether this is a development server with its mailbox on, and whether to offer that mailbox. The API keeps the
// mailbox only where DEV_MAILBOX_DIR is set (production refuses it) and shows it to admins only: anyone may learn
// that it is on (GET /dev/mail redirects to the web page instead of answering 404), only an admin acting as admin
// gets the menu entry and the mail.
import { useEffect, useState } from 'react';
import { useAuth } from '../../auth/auth';

let probe: Promise<boolean> | null = null;

/** True on a development server (its mailbox on): where the demo runs. Asked once per page load. */
export function useDevelopmentServer(): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    // Not followed: an 'opaqueredirect' answer is the redirect to the mailbox page; off, the answer is a 404.
    probe ??= fetch('/dev/mail', { method: 'HEAD', redirect: 'manual' }).then(
      (response) => response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400),
      () => false,
    );
    let live = true;
    void probe.then((ok) => live && setOn(ok));
    return () => {
      live = false;
    };
  }, []);
  return on;
}

/** Offer the development mailbox: a development server, and the signed-in user acting as admin. */
export function useDevMailAvailable(): boolean {
  const { state } = useAuth();
  const development = useDevelopmentServer();
  return development && state.status === 'signedIn' && state.role === 'admin';
}
