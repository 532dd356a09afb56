// Lets a form hold a calendar date as the API writes it (YYYY-MM-DD) while the user picks it with antd's DatePicker
// (which works in dayjs values): spread onto the Form.Item around the picker. One picker look and one date format
// on every page, where a native <input type="date"> shows whatever the browser's locale makes of it.
import dayjs, { type Dayjs } from 'dayjs';

export const calendarDateItem = {
  getValueProps: (value: string | undefined) => ({ value: value ? dayjs(value) : undefined }),
  normalize: (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : undefined),
};

/** The DatePicker's own format, the house's one: 2026-12-07. */
export const CALENDAR_DATE_FORMAT = 'YYYY-MM-DD';
