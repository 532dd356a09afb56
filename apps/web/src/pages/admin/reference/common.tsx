// The parts every reference-data screen shares: a select that searches the API as one types, a modal form that puts
// the API's field errors under its fields, a paged list that is a table on desktop and cards on a phone, a section
// heading, and the active switch.
import { useEffect, useId, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Flex,
  Form,
  Grid,
  List,
  Modal,
  Pagination,
  Select,
  Switch,
  Table,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import { ApiError } from '../../../api/client';
import type { Page } from '../../../api/types';
import { toApiError, type ApiState } from '../../../api/use-api';
import { ApiErrorAlert, applyFieldErrors } from '../../../components/api-form';
import { Async, EmptyState, errorText } from '../../../components/states';
import { localizeApiMessage } from '../../../i18n/api-messages';
import { useI18n, type Lang } from '../../../i18n/i18n';
import { localizeAdminMessage } from './admin-api-messages';

export const PAGE_SIZE = 20;

export interface Option {
  value: string;
  label: string;
}

/** The same error with its messages in the user's language (admin-only messages first, then the app's list). */
export function localizedError(error: ApiError, lang: Lang): ApiError {
  const say = (text: string) => localizeApiMessage(lang, localizeAdminMessage(lang, text));
  const fields = Object.fromEntries(
    Object.entries(error.fields).map(([path, messages]) => [path, messages.map(say)] as const),
  );
  return new ApiError(error.kind, {
    statusCode: error.status,
    error: error.error,
    message: say(error.message),
    fields,
    requestId: error.requestId,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Remote select

/**
 * A select whose options come from the API as the user types (the lists are paged, so never all loaded at once).
 * `selected` names the current values, so a row being edited shows names, not ids, before anything is searched.
 */
export function RemoteSelect({
  search,
  selected = [],
  value,
  onChange,
  multiple = false,
  id,
  placeholder,
  allowClear = true,
  disabled,
  style,
  ...aria
}: {
  search: (q: string, signal: AbortSignal) => Promise<Option[]>;
  selected?: Option[];
  value?: string | string[] | null;
  /** With the chosen option(s), whose labels a filter may want to keep. */
  onChange?: (value: string | string[] | undefined, option?: Option | Option[]) => void;
  multiple?: boolean;
  id?: string;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  'aria-label'?: string;
  'aria-describedby'?: string;
  'aria-required'?: boolean;
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState<string | null>(null);
  const [found, setFound] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  // Every label seen, so that a chosen value keeps its name after the user searches for something else.
  const labels = useRef(new Map<string, string>());
  const searchRef = useRef(search);
  searchRef.current = search;

  useEffect(() => {
    if (query === null) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      searchRef.current(query.trim(), controller.signal).then(
        (options) => {
          if (controller.signal.aborted) return;
          for (const option of options) labels.current.set(option.value, option.label);
          setFound(options);
          setFailed(false);
          setLoading(false);
        },
        () => {
          if (controller.signal.aborted) return;
          setFailed(true);
          setLoading(false);
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  for (const option of selected) if (!labels.current.has(option.value)) labels.current.set(option.value, option.label);
  const chosen = Array.isArray(value) ? value : value ? [value] : [];
  const options = useMemo(() => {
    const seen = new Map(found.map((option) => [option.value, option.label]));
    for (const v of chosen) if (!seen.has(v)) seen.set(v, labels.current.get(v) ?? v);
    return [...seen].map(([optionValue, label]) => ({ value: optionValue, label }));
    // `chosen` is derived from value; its identity changes every render.
  }, [found, value]);

  return (
    <Select
      id={id}
      aria-label={aria['aria-label']}
      aria-describedby={aria['aria-describedby']}
      aria-required={aria['aria-required']}
      mode={multiple ? 'multiple' : undefined}
      value={multiple ? chosen : (value ?? undefined)}
      onChange={(next: string | string[] | undefined, option?: Option | Option[]) =>
        onChange?.(next ?? undefined, option)
      }
      options={options}
      allowClear={allowClear}
      disabled={disabled}
      placeholder={placeholder}
      loading={loading}
      style={style}
      notFoundContent={loading ? t('app.loading') : failed ? t('ref.searchFailed') : t('app.empty')}
      onOpenChange={(open) => {
        if (open && query === null) setQuery('');
      }}
      onFocus={() => {
        if (query === null) setQuery('');
      }}
      showSearch={{ filterOption: false, onSearch: (text) => setQuery(text) }}
    />
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Modal form

/**
 * A modal with a form that submits through `onSubmit`; what the API refuses comes back under the fields it names
 * (an error on `coHandlerDepartmentIds.1` goes under `coHandlerDepartmentIds`), and the rest in an alert above.
 */
export function FormModal<V extends object>({
  title,
  form,
  fields,
  labels,
  initialValues,
  onClose,
  onSubmit,
  children,
  okText,
  width = 560,
}: {
  title: string;
  form: FormInstance<V>;
  /** The field names the form shows. */
  fields: readonly string[];
  /** Names for the API's paths the form does not show, in the alert. */
  labels?: Record<string, string>;
  initialValues?: Partial<V>;
  onClose: () => void;
  onSubmit: (values: V) => Promise<void>;
  children: ReactNode;
  okText?: string;
  width?: number;
}) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  // The form's name prefixes its fields' ids, so that a label never points at a same-named field elsewhere on the
  // page (the routing tester's categoryId under the rule form's).
  const formName = `ref-form-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [unshown, setUnshown] = useState<Record<string, string[]>>({});

  async function finish(values: V) {
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(values);
      void message.success(t('app.saved'));
    } catch (reason) {
      const apiError = localizedError(toApiError(reason), lang);
      const rename: Record<string, string> = {};
      for (const path of Object.keys(apiError.fields)) {
        const head = path.split('.')[0];
        if (head !== path && fields.includes(head)) rename[path] = head;
      }
      setUnshown(applyFieldErrors(form, apiError, fields, rename));
      setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      okText={okText ?? t('app.save')}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
      width={width}
    >
      {error ? <ApiErrorAlert error={error} unshown={unshown} labels={labels} /> : null}
      <Form<V>
        form={form}
        name={formName}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void finish(values)}
        scrollToFirstError
      >
        {children}
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Paged list

export interface Column<T> {
  key: string;
  title: string;
  render: (row: T) => ReactNode;
  width?: number;
}

/**
 * One page of rows: a table from the md breakpoint up, cards below it (a 360 px phone cannot show six columns).
 * The first column is the card's title; `actions`, when given, sits at the foot of each card and in the last column.
 */
export function PagedList<T extends { id?: string }>({
  state,
  columns,
  actions,
  rowKey,
  onPage,
  empty,
}: {
  state: ApiState<Page<T>>;
  columns: Column<T>[];
  actions?: (row: T) => ReactNode;
  rowKey: (row: T) => string;
  onPage: (page: number) => void;
  empty?: ReactNode;
}) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  return (
    <Async state={state} isEmpty={(data) => data.total === 0} empty={empty ?? <EmptyState />}>
      {(data) =>
        screens.md ? (
          <Table<T>
            rowKey={rowKey}
            size="middle"
            loading={state.loading}
            dataSource={data.items}
            pagination={{
              current: data.page,
              pageSize: data.limit,
              total: data.total,
              onChange: onPage,
              showSizeChanger: false,
              hideOnSinglePage: false,
              showTotal: (total) => t('app.total', { total }),
            }}
            columns={[
              ...columns.map((column) => ({
                key: column.key,
                title: column.title,
                width: column.width,
                render: (_: unknown, row: T) => column.render(row),
              })),
              ...(actions
                ? [{ key: 'actions', title: t('ref.actions'), render: (_: unknown, row: T) => actions(row) }]
                : []),
            ]}
          />
        ) : (
          <>
            <List
              loading={state.loading}
              dataSource={data.items}
              renderItem={(row) => (
                <List.Item key={rowKey(row)} style={{ padding: '6px 0', borderBlockEnd: 0 }}>
                  <Card size="small" style={{ width: '100%' }}>
                    <div style={{ fontWeight: 500 }}>{columns[0].render(row)}</div>
                    <dl style={{ margin: '6px 0 0' }}>
                      {columns.slice(1).map((column) => (
                        <Flex key={column.key} gap={8} wrap style={{ fontSize: 13, lineHeight: '22px' }}>
                          <dt style={{ color: 'rgba(0,0,0,0.55)', flex: '0 0 auto' }}>{column.title}</dt>
                          <dd style={{ margin: 0, minWidth: 0 }}>{column.render(row)}</dd>
                        </Flex>
                      ))}
                    </dl>
                    {actions ? <div style={{ marginTop: 8 }}>{actions(row)}</div> : null}
                  </Card>
                </List.Item>
              )}
            />
            <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
              <Typography.Text type="secondary">{t('app.total', { total: data.total })}</Typography.Text>
              {data.total > data.limit ? (
                <Pagination
                  size="small"
                  current={data.page}
                  pageSize={data.limit}
                  total={data.total}
                  onChange={onPage}
                  showSizeChanger={false}
                />
              ) : null}
            </Flex>
          </>
        )
      }
    </Async>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Section heading, filters, notices

/** A section's <h2> (under the page's <h1>), its main action, and its filters below. */
export function SectionHeader({
  title,
  id,
  extra,
  children,
  search = true,
}: {
  title: string;
  /** The heading's id, for the section's aria-labelledby. */
  id: string;
  extra?: ReactNode;
  children?: ReactNode;
  /** Whether the controls below the heading filter the list (a search landmark) or only move around (the year). */
  search?: boolean;
}) {
  return (
    <Flex vertical gap={8} style={{ marginBottom: 12 }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }} id={id}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children ? (
        <Flex gap={8} wrap role={search ? 'search' : undefined} aria-label={search ? title : undefined}>
          {children}
        </Flex>
      ) : null}
    </Flex>
  );
}

/** An error of an action taken from a list (a delete the API refused with 409), shown until dismissed. */
export function ActionError({ error, onClose }: { error: ApiError | undefined; onClose: () => void }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      closable={{ onClose, 'aria-label': t('ref.dismiss') }}
      style={{ marginBottom: 12 }}
      message={errorText(t, error, lang)}
      description={
        error.requestId ? (
          <span style={{ fontSize: 12, opacity: 0.75 }}>
            {t('app.requestId')}: {error.requestId}
          </span>
        ) : undefined
      }
    />
  );
}

/**
 * Runs a command from a list row and reports it: a toast when it worked, the error in `onError` (for ActionError)
 * when not. Answers whether it worked.
 */
export function useCommand(onError: (error: ApiError | undefined) => void) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  return async (run: () => Promise<unknown>, done: string = t('app.saved')): Promise<boolean> => {
    onError(undefined);
    try {
      await run();
      void message.success(done);
      return true;
    } catch (reason) {
      onError(localizedError(toApiError(reason), lang));
      return false;
    }
  };
}

/** The active switch of a row: flips at once and says so; a refusal comes back through `onError`. */
export function ActiveSwitch({
  active,
  name,
  onToggle,
}: {
  active: boolean;
  /** The row's name, so that a screen reader says which row's switch this is. */
  name: string;
  onToggle: (next: boolean) => Promise<boolean>;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <Switch
      size="small"
      checked={active}
      loading={busy}
      aria-label={t('ref.activeOf', { name })}
      checkedChildren={t('ref.on')}
      unCheckedChildren={t('ref.off')}
      onChange={(next) => {
        setBusy(true);
        void onToggle(next).finally(() => setBusy(false));
      }}
    />
  );
}

/** Looks like a link, is a button: it acts on this screen, goes nowhere, and the keyboard reaches it. */
export function LinkButton({
  onClick,
  children,
  ...aria
}: {
  onClick: () => void;
  children: ReactNode;
  'aria-label'?: string;
}) {
  return (
    <Button
      type="link"
      size="small"
      onClick={onClick}
      aria-label={aria['aria-label']}
      style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
    >
      {children}
    </Button>
  );
}

/** Lines of a filter bar: a filter select at most this wide, full width on a phone. */
export const FILTER_STYLE = { minWidth: 160, flex: '1 1 180px', maxWidth: 280 } as const;
