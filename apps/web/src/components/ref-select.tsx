// Picks reference rows (departments, regions) from the names the screen knows, and accepts an id (UUID) typed in,
// so that a form never dead-ends while the API has no list endpoint for them.
import { useMemo, useState } from 'react';
import { Select } from 'antd';
import type { NamedRef } from '../api/types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function RefSelect({
  known,
  value,
  onChange,
  multiple = false,
  id,
  ...rest
}: {
  known: NamedRef[];
  value?: string | string[];
  onChange?: (value: string | string[]) => void;
  multiple?: boolean;
  id?: string;
  'aria-describedby'?: string;
  'aria-label'?: string;
}) {
  const [typed, setTyped] = useState('');
  const options = useMemo(() => {
    const seen = new Map(known.map((d) => [d.id, d.name]));
    const chosen = Array.isArray(value) ? value : value ? [value] : [];
    for (const idValue of chosen) if (!seen.has(idValue)) seen.set(idValue, idValue);
    if (UUID.test(typed.trim()) && !seen.has(typed.trim().toLowerCase())) seen.set(typed.trim().toLowerCase(), typed);
    return [...seen].map(([optionValue, label]) => ({ value: optionValue, label }));
  }, [known, typed, value]);

  return (
    <Select
      id={id}
      aria-describedby={rest['aria-describedby']}
      aria-label={rest['aria-label']}
      mode={multiple ? 'multiple' : undefined}
      value={value}
      onChange={(next: string | string[]) => onChange?.(next)}
      options={options}
      allowClear
      showSearch={{ optionFilterProp: 'label', onSearch: setTyped }}
    />
  );
}
