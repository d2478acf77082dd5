import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { onReachabilityChange, probeServer, serverReachable } from '../lib/api.ts';
import { useLive } from '../lib/live.tsx';
import { useSession } from '../lib/session.tsx';
import './connection.css';

// Says so when the app cannot work: the browser is offline, or the server does not answer.
// The asking again is React Query's: failed reads retry with its backoff (main.tsx), and a
// probe of /healthz (a query too, so with the same backoff) runs while the server seems
// gone, so the banner clears by itself once the server answers, even with nothing else
// on screen to read. "Retry now" asks at once.

function subscribeOnline(fn: () => void): () => void {
  window.addEventListener('online', fn);
  window.addEventListener('offline', fn);
  return () => {
    window.removeEventListener('online', fn);
    window.removeEventListener('offline', fn);
  };
}

/** The browser's own word on whether it has a network. */
export function useBrowserOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

/** Whether the server answered the last request. */
export function useServerReachable(): boolean {
  return useSyncExternalStore(onReachabilityChange, serverReachable);
}

export function ConnectionBanner() {
  const online = useBrowserOnline();
  const reachable = useServerReachable();
  const { session } = useSession();
  const live = useLive();
  const queryClient = useQueryClient();
  // A live feed that dropped may mean the server is gone: find out rather than wait for a read.
  // (Before it first connects the feed says "offline" too: that is no sign of anything.)
  const wasLive = useRef(false);
  if (live.status === 'live') wasLive.current = true;
  if (!session) wasLive.current = false;
  const suspect = !reachable || (wasLive.current && live.status === 'offline');
  const probe = useQuery({
    queryKey: ['reachability'],
    queryFn: probeServer,
    enabled: online && suspect,
    retry: true,
    gcTime: 0,
    staleTime: 0,
  });

  // Back: what is on screen is read again at once, not at the next step of each backoff.
  const was = useRef(reachable);
  useEffect(() => {
    if (reachable && !was.current) void queryClient.refetchQueries({ type: 'active' });
    was.current = reachable;
  }, [reachable, queryClient]);

  if (!online) {
    return (
      <div className="connection connection--offline" role="alert">
        <strong>You are offline.</strong> <span>Nothing can be read or saved until your connection is back; Oubli reconnects by itself.</span>
      </div>
    );
  }
  if (reachable) return null;
  const retryNow = () => {
    void probe.refetch();
    void queryClient.refetchQueries({ type: 'active' });
  };
  return (
    <div className="connection connection--unreachable" role="alert">
      <span>
        <strong>Can't reach the Oubli server — retrying…</strong> Changes you make now are not saved until it answers.
      </span>
      <button type="button" className="btn btn--small" onClick={retryNow}>
        Retry now
      </button>
    </div>
  );
}
