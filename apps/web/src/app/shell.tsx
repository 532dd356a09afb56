// The frame every signed-in screen sits in: header (brand, role switch, language, sign-out), the navigation for the
// active role (a side menu on desktop, a drawer on phones), and the <main> landmark that takes focus on navigation.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Select, Space } from 'antd';
import type { MenuProps } from 'antd';
import {
  AlertOutlined,
  AuditOutlined,
  PhoneOutlined,
  SolutionOutlined,
  CalendarOutlined,
  BarChartOutlined,
  DatabaseOutlined,
  IdcardOutlined,
  EditOutlined,
  ExportOutlined,
  FireOutlined,
  InboxOutlined,
  KeyOutlined,
  LogoutOutlined,
  MailOutlined,
  MenuOutlined,
  OrderedListOutlined,
  ProfileOutlined,
  TeamOutlined,
  UserOutlined,
  ApiOutlined,
} from '@ant-design/icons';
import type { Role } from '../api/types';
import { homeOf, useAuth, useSession } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useDevMailAvailable } from '../pages/dev/dev-mail-available';
import { NotificationBell } from '../components/notification-bell';
import { CalendarCoverageBanner } from '../pages/admin/calendar-coverage-banner';

interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
}

function navFor(role: Role): NavItem[] {
  switch (role) {
    case 'deputy':
      return [
        { path: '/deputy/new', label: 'nav.newIssue', icon: <EditOutlined aria-hidden /> },
        { path: '/deputy/issues', label: 'nav.myIssues', icon: <ProfileOutlined aria-hidden /> },
        { path: '/attendance/my', label: 'nav.attMine', icon: <SolutionOutlined aria-hidden /> },
        { path: '/deputy/duties', label: 'nav.myDuties', icon: <CalendarOutlined aria-hidden /> },
        { path: '/voter-submissions', label: 'nav.voterSubmissions', icon: <InboxOutlined aria-hidden /> },
      ];
    case 'department':
      return [{ path: '/department/inbox', label: 'nav.inbox', icon: <InboxOutlined aria-hidden /> }];
    case 'liaison':
      // Where they land first (homeOf), then the supervisor's screens.
      return [
        { path: '/reception/days', label: 'nav.receptions', icon: <CalendarOutlined aria-hidden /> },
        ...navFor('supervisor').filter((item) => item.path !== '/reception/days'),
        { path: '/voter-submissions', label: 'nav.voterSubmissions', icon: <InboxOutlined aria-hidden /> },
      ];
    case 'supervisor':
      return [
        { path: '/supervisor/queue', label: 'nav.queue', icon: <AlertOutlined aria-hidden /> },
        { path: '/supervisor/dashboard', label: 'nav.dashboard', icon: <BarChartOutlined aria-hidden /> },
        { path: '/supervisor/issues', label: 'nav.issues', icon: <OrderedListOutlined aria-hidden /> },
        { path: '/supervisor/exports', label: 'nav.exports', icon: <ExportOutlined aria-hidden /> },
        { path: '/supervisor/hotspots', label: 'nav.hotspots', icon: <FireOutlined aria-hidden /> },
        { path: '/attendance/meetings', label: 'nav.attMeetings', icon: <AuditOutlined aria-hidden /> },
        { path: '/attendance/phone-tasks', label: 'nav.attPhoneTasks', icon: <PhoneOutlined aria-hidden /> },
        { path: '/attendance/reports', label: 'nav.attReports', icon: <BarChartOutlined aria-hidden /> },
        { path: '/reception/days', label: 'nav.receptions', icon: <CalendarOutlined aria-hidden /> },
      ];
    case 'admin':
      return [
        { path: '/admin/users', label: 'nav.users', icon: <TeamOutlined aria-hidden /> },
        { path: '/admin/reference', label: 'nav.reference', icon: <DatabaseOutlined aria-hidden /> },
        { path: '/admin/subject-requests', label: 'nav.subjectRequests', icon: <IdcardOutlined aria-hidden /> },
        { path: '/admin/webhooks', label: 'nav.webhooks', icon: <ApiOutlined aria-hidden /> },
        { path: '/admin/open311-clients', label: 'nav.open311Clients', icon: <KeyOutlined aria-hidden /> },
        { path: '/attendance/meetings', label: 'nav.attMeetings', icon: <AuditOutlined aria-hidden /> },
        { path: '/reception/days', label: 'nav.receptions', icon: <CalendarOutlined aria-hidden /> },
      ];
  }
}

export function AppShell({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const { roles, switchRole, logout } = useAuth();
  const { profile, role } = useSession();
  const screens = Grid.useBreakpoint();
  const desktop = screens.lg === true;
  const location = useLocation();
  const navigate = useNavigate();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const devMail = useDevMailAvailable();

  const items = navFor(role);
  if (devMail) items.push({ path: '/dev/mailbox', label: 'nav.devMail', icon: <MailOutlined aria-hidden /> });
  const selected = items.filter((item) => location.pathname.startsWith(item.path)).map((item) => item.path);

  // A new screen: close the drawer and move focus to <main>, so keyboard and screen-reader users start there.
  const firstRender = useRef(true);
  useEffect(() => {
    setDrawerOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  const menuItems: MenuProps['items'] = items.map((item) => ({
    key: item.path,
    icon: item.icon,
    label: <Link to={item.path}>{t(item.label)}</Link>,
  }));

  const roleSelect =
    roles.length > 1 ? (
      <Select<Role>
        aria-label={t('app.role')}
        value={role}
        style={{ minWidth: 128 }}
        onChange={(next) => {
          switchRole(next);
          void navigate(homeOf(next));
        }}
        options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
      />
    ) : null;

  const nav = (
    <nav aria-label={t('app.mainNav')}>
      <Menu mode="inline" selectedKeys={selected} items={menuItems} style={{ borderInlineEnd: 0 }} />
    </nav>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="app-header">
        {!desktop ? (
          <Button
            type="text"
            aria-label={t('app.menu')}
            aria-expanded={drawerOpen}
            icon={<MenuOutlined aria-hidden style={{ color: '#fff', fontSize: 18 }} />}
            onClick={() => setDrawerOpen(true)}
          />
        ) : null}
        <Link to={homeOf(role)} className="brand">
          {t('app.name')}
          {screens.sm ? <small>{t('app.subtitle')}</small> : null}
        </Link>
        <div style={{ flex: 1 }} />
        <Space size={8}>
          {desktop ? roleSelect : null}
          <NotificationBell />
          <Button
            size="small"
            type="text"
            className="header-button"
            lang={lang === 'zh' ? 'en' : 'zh-CN'}
            aria-label={`${t('app.language')}: ${t('app.switchLanguage')}`}
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            {t('app.switchLanguage')}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'who', label: `${profile.displayName} · ${t(`role.${role}`)}`, disabled: true },
                { type: 'divider' },
                { key: 'password', icon: <KeyOutlined aria-hidden />, label: t('password.title') },
                { key: 'logout', icon: <LogoutOutlined aria-hidden />, label: t('app.signOut') },
              ],
              onClick: ({ key }) => {
                if (key === 'password') void navigate('/account/password');
                if (key === 'logout') void logout().then(() => navigate('/login'));
              },
            }}
          >
            <Button
              type="text"
              className="header-button borderless"
              aria-label={`${profile.displayName}, ${t('app.signOut')}`}
            >
              <UserOutlined aria-hidden />
              {screens.md ? <span style={{ marginInlineStart: 6 }}>{profile.displayName}</span> : null}
            </Button>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout>
        {desktop ? (
          <Layout.Sider width={208} theme="light" style={{ borderInlineEnd: '1px solid #eee' }}>
            {nav}
          </Layout.Sider>
        ) : (
          <Drawer
            placement="left"
            width={260}
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            title={t('app.name')}
            styles={{ body: { padding: 0 } }}
          >
            {roleSelect ? <div style={{ padding: 12 }}>{roleSelect}</div> : null}
            {nav}
          </Drawer>
        )}
        {/* Not Layout.Content: that renders a <main> of its own, and a page has one main landmark. */}
        <div style={{ flex: 1, minWidth: 0 }}>
          <main id="main" ref={mainRef} tabIndex={-1} className="app-main" aria-labelledby="page-title">
            {role === 'admin' ? <CalendarCoverageBanner /> : null}
            {children}
          </main>
        </div>
      </Layout>
    </Layout>
  );
}
