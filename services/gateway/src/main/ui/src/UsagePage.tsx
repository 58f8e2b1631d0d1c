import { useEffect, useState } from 'preact/hooks';
import { Api, ApiKey, UsageRecord } from './api';
import { Cell, download, toCsv } from './csv';
import { daysBetween, integer, isoDay, usd } from './format';
import { Bar, StackedBars } from './StackedBars';
import { Role } from './session';

const TOP_KEYS = 10;

interface Metric {
  id: 'tokens' | 'cost';
  title: string;
  value: (row: UsageRecord) => number;
  format: (value: number) => string;
}

const METRICS: Metric[] = [
  { id: 'tokens', title: 'Tokens per day', value: (row) => row.total_tokens, format: integer },
  { id: 'cost', title: 'Cost per day (USD)', value: (row) => row.cost_usd, format: usd },
];

/**
 * Spend and usage from /v1/usage: tokens and cost per UTC day stacked by model, for every key or one, over a date
 * range; the top keys by spend (group_by=key); each table downloadable as CSV. An API key sees its own usage only.
 */
export function UsagePage({ api, role }: { api: Api; role: Role }) {
  const [start, setStart] = useState(isoDay(-13));
  const [end, setEnd] = useState(isoDay());
  const [keyId, setKeyId] = useState('');
  const [applied, setApplied] = useState({ start, end, keyId });
  const [rows, setRows] = useState<UsageRecord[] | null>(null);
  const [top, setTop] = useState<{ row: UsageRecord; key: ApiKey | null }[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setError(null);
    api.usage({ start: applied.start, end: applied.end, groupBy: 'day,model', keyId: applied.keyId || undefined })
      .then((usage) => current && setRows(usage.data))
      .catch((e: Error) => current && setError(e.message));
    if (role === 'admin' && !applied.keyId) {
      api.usage({ start: applied.start, end: applied.end, groupBy: 'key' })
        .then(async (usage) => {
          const ranked = [...usage.data].sort((a, b) => b.cost_usd - a.cost_usd || b.total_tokens - a.total_tokens)
            .slice(0, TOP_KEYS);
          const keys = await Promise.all(ranked.map((row) => api.getKey(row.key_id!).catch(() => null)));
          if (current) setTop(ranked.map((row, index) => ({ row, key: keys[index] ?? null })));
        })
        .catch((e: Error) => current && setError(e.message));
    } else {
      setTop(null);
    }
    return () => {
      current = false;
    };
  }, [api, applied]);

  const submit = (event: Event) => {
    event.preventDefault();
    setApplied({ start, end, keyId: keyId.trim() });
  };

  const days = daysBetween(applied.start, applied.end);
  const models = [...new Set((rows ?? []).map((row) => row.model ?? ''))].sort();
  const scope = applied.keyId ? `key ${applied.keyId}` : role === 'admin' ? 'all keys' : 'this key';

  return (
    <section aria-labelledby="usage-title">
      <h1 id="usage-title">{role === 'admin' ? 'Spend and usage' : 'My usage'}</h1>
      <form class="toolbar" onSubmit={submit}>
        <label for="usage-start">From</label>
        <input id="usage-start" type="date" required value={start} max={end}
               onInput={(e) => setStart((e.target as HTMLInputElement).value)} />
        <label for="usage-end">To</label>
        <input id="usage-end" type="date" required value={end} min={start}
               onInput={(e) => setEnd((e.target as HTMLInputElement).value)} />
        {role === 'admin' && (
          <>
            <label for="usage-key">Key id</label>
            <input id="usage-key" placeholder="all keys" value={keyId} pattern="key_[A-Za-z0-9]+" maxLength={64}
                   onInput={(e) => setKeyId((e.target as HTMLInputElement).value)} />
          </>
        )}
        <button type="submit">Show</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {rows && METRICS.map((metric) => (
        <MetricChart key={metric.id} metric={metric} rows={rows} days={days} models={models} scope={scope}
                     range={applied} />
      ))}
      {rows && <UsageTable rows={rows} range={applied} />}
      {top && <TopKeys top={top} range={applied} onPick={(id) => {
        setKeyId(id);
        setApplied({ ...applied, keyId: id });
      }} />}
    </section>
  );
}

function MetricChart({ metric, rows, days, models, scope, range }: {
  metric: Metric; rows: UsageRecord[]; days: string[]; models: string[]; scope: string;
  range: { start: string; end: string };
}) {
  const bars: Bar[] = days.map((day) => ({ label: day, parts: new Map() }));
  const byDay = new Map(bars.map((bar) => [bar.label, bar]));
  for (const row of rows) {
    const bar = byDay.get(row.date ?? '');
    if (bar) bar.parts.set(row.model ?? '', (bar.parts.get(row.model ?? '') ?? 0) + metric.value(row));
  }
  const csv = () => download(`novai-${metric.id}-${range.start}-${range.end}.csv`,
                             toCsv(['date', 'model', metric.id === 'cost' ? 'cost_usd' : 'total_tokens'],
                                   rows.map((row): Cell[] => [row.date, row.model, metric.value(row)])));
  const headingId = `chart-${metric.id}`;
  return (
    <section class="panel" aria-labelledby={headingId} data-chart={metric.id}>
      <div class="page-head">
        <h2 id={headingId}>{metric.title}, by model ({scope})</h2>
        <button type="button" class="secondary" onClick={csv}>Download CSV</button>
      </div>
      {rows.length === 0 ? <p class="empty">No usage in this range.</p> : (
        <StackedBars bars={bars} series={models} format={metric.format}
                     label={`${metric.title} from ${range.start} to ${range.end}, stacked by model`} />
      )}
    </section>
  );
}

function UsageTable({ rows, range }: { rows: UsageRecord[]; range: { start: string; end: string } }) {
  const header = ['date', 'model', 'requests', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'cost_usd'];
  const csv = () => download(`novai-usage-${range.start}-${range.end}.csv`, toCsv(header, rows.map((row): Cell[] => [
    row.date, row.model, row.requests, row.prompt_tokens, row.completion_tokens, row.total_tokens, row.cost_usd])));
  return (
    <details class="panel">
      <summary>Table behind the charts ({rows.length} rows)</summary>
      <button type="button" class="secondary" onClick={csv}>Download CSV</button>
      <table>
        <thead><tr>{header.map((name) => <th scope="col" key={name}>{name}</th>)}</tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.date}/${row.model}`}>
              <td>{row.date}</td><td>{row.model}</td><td class="num">{integer(row.requests)}</td>
              <td class="num">{integer(row.prompt_tokens)}</td><td class="num">{integer(row.completion_tokens)}</td>
              <td class="num">{integer(row.total_tokens)}</td><td class="num">{usd(row.cost_usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function TopKeys({ top, range, onPick }: {
  top: { row: UsageRecord; key: ApiKey | null }[];
  range: { start: string; end: string };
  onPick: (keyId: string) => void;
}) {
  const csv = () => download(`novai-top-keys-${range.start}-${range.end}.csv`,
                             toCsv(['key_id', 'name', 'owner', 'requests', 'total_tokens', 'cost_usd'],
                                   top.map(({ row, key }): Cell[] => [row.key_id ?? null, key?.name ?? null,
                                                                      key?.owner ?? null, row.requests,
                                                                      row.total_tokens, row.cost_usd])));
  return (
    <section class="panel" aria-labelledby="top-keys-title">
      <div class="page-head">
        <h2 id="top-keys-title">Top keys by spend</h2>
        <button type="button" class="secondary" onClick={csv}>Download CSV</button>
      </div>
      {top.length === 0 ? <p class="empty">No usage in this range.</p> : (
        <table>
          <thead>
            <tr><th scope="col">Key</th><th scope="col">Owner</th><th scope="col">Requests</th>
              <th scope="col">Tokens</th><th scope="col">Cost</th></tr>
          </thead>
          <tbody>
            {top.map(({ row, key }) => (
              <tr key={row.key_id}>
                <th scope="row">
                  <button type="button" class="link" onClick={() => onPick(row.key_id!)}
                          aria-label={`Show usage of ${key?.name ?? row.key_id}`}>
                    {key?.name ?? row.key_id}
                  </button>
                </th>
                <td>{key?.owner ?? '—'}</td>
                <td class="num">{integer(row.requests)}</td>
                <td class="num">{integer(row.total_tokens)}</td>
                <td class="num">{usd(row.cost_usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
