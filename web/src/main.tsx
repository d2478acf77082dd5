import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './App.tsx';
import { ConfirmProvider } from './components/Confirm.tsx';
import { ToastProvider } from './components/Toasts.tsx';
import { JobsProvider } from './lib/jobs.tsx';
import { SessionProvider } from './lib/session.tsx';
import { LiveProvider } from './lib/live.tsx';
import { ApiError, isUnreachable } from './lib/api.ts';
import { ConnectionBanner } from './components/ConnectionBanner.tsx';
import './styles/app.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // A refusal (403, 404) will not change by asking again. An unreachable server may
      // come back: ask again until it does (the banner says so), backing off to 10 s.
      retry: (count, err) => isUnreachable(err) || (!(err instanceof ApiError && err.status < 500) && count < 2),
      retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 10_000),
      refetchOnWindowFocus: true,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <BrowserRouter>
      <ToastProvider>
        <ConfirmProvider>
          <SessionProvider>
            <LiveProvider>
              <JobsProvider>
                <ConnectionBanner />
                <App />
              </JobsProvider>
            </LiveProvider>
          </SessionProvider>
        </ConfirmProvider>
      </ToastProvider>
    </BrowserRouter>
  </QueryClientProvider>,
);
