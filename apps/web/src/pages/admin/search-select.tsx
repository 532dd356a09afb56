// Picks one deputy or department by typing part of its name: the list is searched on the server (GET /api/deputies
// or /api/departments ?q=), so a county's hundreds of deputies need not load into the page.
import { useEffect, useMemo, useState } from 'react';
import { Select, Spin } from 'antd';
import { searchNamed } from '../../api/endpoints';
import type { NamedRef } from '../../api/types';

/** Typing pauses this long before the server is asked: one request per word typed, not per key. */
const DEBOUNCE_MS = 250;

export function SearchSelect({
  kind,
  value,
  onChange,
  initial,
  id,
  placeholder,
  ...rest
}: {
  kind: 'deputies' | 'departments';
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** The row already chosen, so its name shows before any search. */
  initial?: NamedRef | null;
  id?: string;
  placeholder?: string;
  'aria-label'?: string;
}) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<NamedRef[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      searchNamed(kind, q.trim(), controller.signal).then(
        (page) => {
          setFound(page.items);
          setLoading(false);
        },
        () => {
          if (!controller.signal.aborted) setLoading(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [kind, q]);

  const options = useMemo(() => {
    const rows = new Map(found.map((row) => [row.id, row.name]));
    if (initial && !rows.has(initial.id)) rows.set(initial.id, initial.name);
    return [...rows].map(([optionValue, label]) => ({ value: optionValue, label }));
  }, [found, initial]);

  return (
    <Select<string>
      id={id}
      aria-label={rest['aria-label']}
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      onClear={() => onChange?.(null)}
      options={options}
      allowClear
      placeholder={placeholder}
      showSearch
      filterOption={false}
      onSearch={setQ}
      notFoundContent={loading ? <Spin size="small" /> : undefined}
      style={{ width: '100%' }}
    />
  );
}
