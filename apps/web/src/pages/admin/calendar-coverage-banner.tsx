// Warns an admin when running deadlines reach a year whose official holidays are not entered yet: until they are,
// deadlines there count holidays as working days and fall due too early. Shown above every admin page (except the
// calendar itself, which shows its own, refreshed after each edit); silent when all is entered or on any error.
import { Alert } from 'antd';
import { Link, useLocation } from 'react-router-dom';
import { calendar } from '../../api/admin';
import { useApi } from '../../api/use-api';
import { useI18n } from '../../i18n/i18n';

const CALENDAR_PATH = '/admin/reference/calendar';

export function CalendarCoverageBanner({
  refresh,
  onCalendarPage = false,
}: {
  refresh?: unknown;
  onCalendarPage?: boolean;
}) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const hidden = !onCalendarPage && pathname === CALENDAR_PATH;
  const state = useApi((signal) => calendar.coverage(signal), [refresh]);
  const missing = state.data?.missingYears ?? [];
  if (hidden || missing.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      message={t('ref.coverageMissing', { years: missing.join('、') })}
      description={
        <>
          {t('ref.coverageDetail')}
          {onCalendarPage ? null : (
            <>
              {' '}
              <Link to={CALENDAR_PATH}>{t('ref.coverageGo')}</Link>
            </>
          )}
        </>
      }
    />
  );
}
