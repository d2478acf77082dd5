import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './App.tsx';
import { ConfirmProvider } from './components/Confirm.tsx';
import { ToastProvider } from './components/Toasts.tsx';
import { JobsProvider } from './lib/jobs.tsx';
import { SessionProvider } from './lib/session.tsx';
import { LiveProvider } from './lib/live.tsx';
import { ApiError } from './lib/api.ts';
import './styles/app.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // A refusal (403, 404) will not change by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
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
                <App />
              </JobsProvider>
            </LiveProvider>
          </SessionProvider>
        </ConfirmProvider>
      </ToastProvider>
    </BrowserRouter>
  </QueryClientProvider>,
);
