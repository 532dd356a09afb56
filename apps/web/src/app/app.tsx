// The app: language and theme, sign-in gate, and the routes of every role.
import { lazy, Suspense, useEffect } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { App as AntApp, ConfigProvider, Result } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { Role } from '../api/types';
import { homeOf, useAuth, useSession } from '../auth/auth';
import { Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { UsersPage } from '../pages/admin/users-page';
import { ReferencePage } from '../pages/admin/reference-page';
import { SubjectRequestsPage } from '../pages/admin/subject-requests-page';
import { WebhooksPage } from '../pages/admin/webhooks-page';
import { Open311ClientsPage } from '../pages/admin/open311-clients-page';
import { InboxPage } from '../pages/department/inbox-page';
import { MyIssuesPage } from '../pages/deputy/my-issues-page';
import { NewIssuePage } from '../pages/deputy/new-issue-page';
import { DevMailPage } from '../pages/dev/dev-mail-page';
import { LoginPage } from '../pages/login-page';
import { ChangePasswordPage } from '../pages/change-password-page';
import { NotFoundPage } from '../pages/not-found-page';
import { IssuePage } from '../pages/shared/issue-page';
import { DrillPage } from '../pages/supervisor/drill-page';
import { ExportsPage } from '../pages/supervisor/exports-page';
import { HotspotsPage } from '../pages/supervisor/hotspots-page';
import { ScopeIssuesPage } from '../pages/supervisor/scope-issues-page';
import { QueuePage } from '../pages/supervisor/queue-page';
import { AdHocReceptionPage } from '../pages/reception/ad-hoc-page';
import { MyDutiesPage } from '../pages/reception/my-duties-page';
import { PlanPage } from '../pages/reception/plan-page';
import { ReceptionPage } from '../pages/reception/reception-page';
import { ReceptionsPage } from '../pages/reception/receptions-page';
import { AttendanceReportsPage } from '../pages/attendance/reports-page';
import { MeetingPage } from '../pages/attendance/meeting-page';
import { MeetingsPage } from '../pages/attendance/meetings-page';
import { MyInvitationsPage } from '../pages/attendance/my-invitations-page';
import { PhoneTasksPage } from '../pages/attendance/phone-tasks-page';
import { VoterSubmissionsPage } from '../pages/voter/voter-submissions-page';
import { AppShell } from './shell';

// The dashboard alone draws charts: it and ECharts load when it is opened, not with every other screen.
const DashboardPage = lazy(() =>
  import('../pages/supervisor/dashboard-page').then((module) => ({ default: module.DashboardPage })),
);

const THEME = {
  token: {
    colorPrimary: '#b71c1c',
    colorLink: '#b71c1c',
    borderRadius: 6,
    fontSize: 14,
  },
};

export function App() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={THEME}>
      <AntApp>
        <AppRoutes />
      </AntApp>
    </ConfigProvider>
  );
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginRoute />} />
      <Route element={<SignedIn />}>
        <Route index element={<Home />} />
        <Route path="issues/:id" element={<IssuePage />} />
        <Route path="reception/days/:id" element={<ReceptionPage />} />
        <Route element={<ForRoles roles={['supervisor', 'liaison', 'admin']} />}>
          <Route path="reception/days" element={<ReceptionsPage />} />
          <Route path="reception/stations/:id/plan" element={<PlanPage />} />
        </Route>
        <Route element={<ForRoles roles={['liaison', 'admin']} />}>
          <Route path="reception/ad-hoc/new" element={<AdHocReceptionPage />} />
        </Route>
        <Route element={<ForRoles roles={['deputy', 'liaison']} />}>
          <Route path="voter-submissions" element={<VoterSubmissionsPage />} />
          <Route path="voter-submissions/:id" element={<VoterSubmissionsPage />} />
        </Route>
        <Route element={<ForRoles roles={['deputy']} />}>
          <Route path="deputy/new" element={<NewIssuePage />} />
          <Route path="deputy/issues" element={<MyIssuesPage />} />
          <Route path="deputy/duties" element={<MyDutiesPage />} />
        </Route>
        <Route element={<ForRoles roles={['supervisor', 'liaison', 'admin']} />}>
          <Route path="attendance/meetings" element={<MeetingsPage />} />
          <Route path="attendance/meetings/:id" element={<MeetingPage />} />
          <Route path="attendance/phone-tasks" element={<PhoneTasksPage />} />
          <Route path="attendance/reports" element={<AttendanceReportsPage />} />
        </Route>
        <Route element={<ForRoles roles={['deputy']} />}>
          <Route path="attendance/my" element={<MyInvitationsPage />} />
        </Route>
        <Route element={<ForRoles roles={['department']} />}>
          <Route path="department/inbox" element={<InboxPage />} />
        </Route>
        <Route element={<ForRoles roles={['supervisor', 'liaison']} />}>
          <Route path="supervisor/queue" element={<QueuePage />} />
          <Route
            path="supervisor/dashboard"
            element={
              <Suspense fallback={<Loading />}>
                <DashboardPage />
              </Suspense>
            }
          />
          <Route path="supervisor/drill" element={<DrillPage />} />
          <Route path="supervisor/issues" element={<ScopeIssuesPage />} />
          <Route path="supervisor/exports" element={<ExportsPage />} />
          <Route path="supervisor/hotspots" element={<HotspotsPage />} />
        </Route>
        <Route element={<ForRoles roles={['admin']} />}>
          <Route path="admin/users" element={<UsersPage />} />
          <Route path="admin/reference" element={<ReferencePage />} />
          <Route path="admin/reference/:section" element={<ReferencePage />} />
          <Route path="admin/subject-requests" element={<SubjectRequestsPage />} />
          <Route path="admin/webhooks" element={<WebhooksPage />} />
          <Route path="admin/webhooks/:id" element={<WebhooksPage />} />
          <Route path="admin/open311-clients" element={<Open311ClientsPage />} />
        </Route>
        <Route path="dev/mailbox" element={<DevMailPage />} />
        <Route path="account/password" element={<ChangePasswordPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

function LoginRoute() {
  const { state } = useAuth();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signedIn') return <Navigate to={homeOf(state.role)} replace />;
  return <LoginPage />;
}

function SignedIn() {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signedOut') {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  // A one-time password from an admin opens nothing but choosing a new one (the API refuses everything else too).
  if (state.profile.mustChangePassword) return <ChangePasswordPage forced />;
  return (
    <AppShell>
      <Outlet />
    </AppShell>
  );
}

function Home() {
  const { role } = useSession();
  return <Navigate to={homeOf(role)} replace />;
}

/** Screens of other roles: switch to that role when the user holds it, else say it is not theirs. */
function ForRoles({ roles }: { roles: Role[] }) {
  const { role } = useSession();
  const { roles: held, switchRole } = useAuth();
  const { t } = useI18n();
  if (roles.includes(role)) return <Outlet />;
  const other = roles.find((candidate) => held.includes(candidate));
  if (other) return <SwitchRole to={other} switchRole={switchRole} />;
  return (
    <Result
      status="403"
      title={
        <h1 id="page-title" style={{ fontSize: 22, margin: 0 }}>
          {t('app.forbidden')}
        </h1>
      }
    />
  );
}

function SwitchRole({ to, switchRole }: { to: Role; switchRole: (role: Role) => void }) {
  useEffect(() => switchRole(to), [to, switchRole]);
  return <Loading />;
}
