import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useParams } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { Loading } from './components/Misc.tsx';
import { useSession } from './lib/session.tsx';
import { SignInPage } from './pages/sign-in/SignInPage.tsx';
import { SetPasswordPage } from './pages/set-password/SetPasswordPage.tsx';
import { TicketsPage } from './pages/tickets/TicketsPage.tsx';
import { TicketPage } from './pages/ticket/TicketPage.tsx';
import { HomePage } from './pages/home/HomePage.tsx';
import { NewTicketPage } from './pages/new-ticket/NewTicketPage.tsx';
import { SearchPage } from './pages/search/SearchPage.tsx';
import { ContactsPage } from './pages/contacts/ContactsPage.tsx';
import { ContactPage } from './pages/contact/ContactPage.tsx';
import { AuditLogPage } from './pages/audit-log/AuditLogPage.tsx';
import { SettingsPage } from './pages/settings/SettingsPage.tsx';
import { SatisfactionPage } from './pages/satisfaction/SatisfactionPage.tsx';
import { ErasureRequestsPage } from './pages/erasure-requests/ErasureRequestsPage.tsx';
import { NewErasureRequestPage } from './pages/erasure-requests/NewErasureRequestPage.tsx';
import { ChatsPage } from './pages/chats/ChatsPage.tsx';
import { HistoryPage } from './pages/chats/HistoryPage.tsx';
import { ErasureRequestPage } from './pages/erasure-requests/ErasureRequestPage.tsx';

// The help centre's pages load on first use: the editor (Tiptap) is large and most agents do not write articles every day.
const HelpCentrePage = lazy(() => import('./pages/help-centre/HelpCentrePage.tsx').then((m) => ({ default: m.HelpCentrePage })));
const ArticleEditorPage = lazy(() => import('./pages/help-centre/ArticleEditorPage.tsx').then((m) => ({ default: m.ArticleEditorPage })));
const RevisionsPage = lazy(() => import('./pages/help-centre/RevisionsPage.tsx').then((m) => ({ default: m.RevisionsPage })));
const ArchivedPage = lazy(() => import('./pages/help-centre/ArchivedPage.tsx').then((m) => ({ default: m.ArchivedPage })));
// Reports load on first use too: the charting library (recharts) is for this page only.
const ReportsPage = lazy(() => import('./pages/reports/ReportsPage.tsx').then((m) => ({ default: m.ReportsPage })));
const CommunityPage = lazy(() => import('./pages/help-centre/CommunityPage.tsx').then((m) => ({ default: m.CommunityPage })));

/** A help centre page, for those who write articles (`admin` narrows it to those who manage the help centre). */
function HelpCentre({ admin = false, children }: { admin?: boolean; children: ReactNode }) {
  const { session } = useSession();
  const a = session?.abilities;
  if (!a?.write_articles) return <p role="alert">Only agents and admins can open the help centre.</p>;
  if (admin && !a.manage_help_centre) return <p role="alert">Only admins can open this page.</p>;
  return <Suspense fallback={<Loading what="Opening the help centre" />}>{children}</Suspense>;
}

/** Signed-in pages only: others go to the sign-in form, and come back after. */
function RequireSession() {
  const { session } = useSession();
  const location = useLocation();
  if (session === undefined) return <Loading what="Opening Oubli" />;
  if (session === null) {
    const next = location.pathname + location.search;
    return <Navigate to={`/signin${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return <Layout />;
}

function AdminOnly({ ok, children }: { ok: boolean; children: ReactNode }) {
  return ok ? <>{children}</> : <p role="alert">Only admins can open this page.</p>;
}

function StaffOnly({ ok, children }: { ok: boolean; children: ReactNode }) {
  return ok ? <>{children}</> : <p role="alert">Only agents and admins can open this page.</p>;
}

function UserRedirect() {
  const { id } = useParams();
  return <Navigate to={`/contacts/${id ?? ''}`} replace />;
}

export function App() {
  const { session } = useSession();
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/set-password" element={<SetPasswordPage />} />
      <Route element={<RequireSession />}>
        <Route index element={<HomePage />} />
        <Route path="/views" element={<TicketsPage />} />
        <Route path="/views/:view" element={<TicketsPage />} />
        <Route path="/tickets/new" element={<NewTicketPage />} />
        <Route path="/search" element={<SearchPage />} />
        <Route path="/tickets/:id" element={<TicketPage />} />
        <Route path="/contacts" element={<ContactsPage />} />
        <Route path="/contacts/:id" element={<ContactPage />} />
        {/* A contact's address as the API spells it (/users/{id}): the visitor panel links there. */}
        <Route path="/users/:id" element={<UserRedirect />} />
        {/* One route, so that the page (and its drafts) stays mounted from chat to chat. */}
        <Route path="/chats/history/:id?" element={<StaffOnly ok={!!session?.abilities.work_tickets}><HistoryPage /></StaffOnly>} />
        <Route path="/chats/:id?" element={<StaffOnly ok={!!session?.abilities.work_tickets}><ChatsPage /></StaffOnly>} />
        <Route path="/erasure-requests" element={<ErasureRequestsPage />} />
        <Route path="/erasure-requests/new" element={<NewErasureRequestPage />} />
        <Route path="/erasure-requests/:id" element={<ErasureRequestPage />} />
        <Route path="/help-centre" element={<HelpCentre><HelpCentrePage /></HelpCentre>} />
        <Route path="/help-centre/articles/:id" element={<HelpCentre><ArticleEditorPage /></HelpCentre>} />
        <Route path="/help-centre/articles/:id/revisions" element={<HelpCentre><RevisionsPage /></HelpCentre>} />
        <Route path="/help-centre/archived" element={<HelpCentre admin><ArchivedPage /></HelpCentre>} />
        <Route path="/help-centre/community" element={<HelpCentre admin><CommunityPage /></HelpCentre>} />
        <Route path="/reports" element={<AdminOnly ok={!!session?.abilities.reports}><Suspense fallback={<Loading what="Opening the reports" />}><ReportsPage /></Suspense></AdminOnly>} />
        <Route path="/audit-log" element={<AdminOnly ok={!!session?.abilities.audit_log}><AuditLogPage /></AdminOnly>} />
        <Route path="/settings" element={<AdminOnly ok={!!session?.abilities.settings}><SettingsPage /></AdminOnly>} />
        <Route path="/satisfaction" element={<AdminOnly ok={!!session?.abilities.settings}><SatisfactionPage /></AdminOnly>} />
        <Route path="*" element={<p role="alert">There is no such page. Use the menu above.</p>} />
      </Route>
    </Routes>
  );
}
