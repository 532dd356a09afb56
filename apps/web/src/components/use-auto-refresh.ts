// Calls `refresh` every `ms` while the page is visible, and once when it becomes visible again.
import { useEffect } from 'react';

export function useAutoRefresh(refresh: () => void, ms: number): void {
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, ms);
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh, ms]);
}
