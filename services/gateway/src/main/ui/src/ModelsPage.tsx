import { useEffect, useState } from 'preact/hooks';
import { AdminModelList, Api, Batch, DeploymentHealth } from './api';
import { integer, usd } from './format';

const BATCHES_SHOWN = 20;

const REFRESH_MS = 15_000;

const BREAKERS: Record<DeploymentHealth['breaker'], string> = {
  closed: 'closed',
  half_open: 'half-open (trying)',
  open: 'open (ejected)',
  not_called: 'not called yet',
};

/**
 * Models and health from GET /v1/admin/models: prices, and per chat deployment its breaker and what its recent calls
 * measured in the inference service; then the newest batches and their progress. Refreshed every 15 s while the
 * page is open.
 */
export function ModelsPage({ api }: { api: Api }) {
  const [list, setList] = useState<AdminModelList | null>(null);
  const [batches, setBatches] = useState<Batch[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadedAt, setLoadedAt] = useState<Date | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let current = true;
    api.models()
      .then((models) => {
        if (!current) return;
        setList(models);
        setLoadedAt(new Date());
        setError(null);
      })
      .catch((e: Error) => current && setError(e.message));
    api.batches(BATCHES_SHOWN)
      .then((page) => current && setBatches(page.data))
      .catch((e: Error) => current && setError(e.message));
    const timer = setTimeout(() => setReload((count) => count + 1), REFRESH_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, reload]);

  return (
    <section aria-labelledby="models-title">
      <div class="page-head">
        <h1 id="models-title">Models and health</h1>
        <button type="button" class="secondary" onClick={() => setReload(reload + 1)}>Refresh</button>
      </div>
      {list && (
        <p class="hint">
          Deployment numbers cover each deployment's provider calls of the last {Math.round(list.window_seconds / 60)}{' '}
          minutes, as the inference service measured them{loadedAt ? `; as of ${loadedAt.toISOString().slice(11, 19)} UTC` : ''}.
        </p>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      {list && (
        <table class="models">
          <caption class="visually-hidden">Models, their prices and their deployments' health</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Price in / out (per 1M tokens)</th>
              <th scope="col">Deployment</th>
              <th scope="col">Breaker</th>
              <th scope="col" class="num">Requests</th>
              <th scope="col" class="num">Error rate</th>
              <th scope="col" class="num">Latency p50 / p99</th>
              <th scope="col" class="num">TTFT p50 / p99</th>
            </tr>
          </thead>
          <tbody>
            {list.data.flatMap((model) => {
              const rows = model.deployments.length ? model.deployments : [null];
              return rows.map((deployment, index) => (
                <tr key={`${model.id}/${deployment?.name ?? ''}`} data-model={model.id}>
                  {index === 0 && (
                    <>
                      <th scope="row" rowSpan={rows.length}>
                        {model.id} <span class="hint">({model.kind})</span>
                      </th>
                      <td rowSpan={rows.length}>
                        {usd(model.input_usd_per_million_tokens)} / {usd(model.output_usd_per_million_tokens)}
                      </td>
                    </>
                  )}
                  {deployment ? <DeploymentCells deployment={deployment} /> : (
                    <td colSpan={6} class="hint">No deployment health for {model.kind} models.</td>
                  )}
                </tr>
              ));
            })}
          </tbody>
        </table>
      )}
      {batches && <Batches batches={batches} />}
    </section>
  );
}

/** The newest batches of every key (file batches; inline ones are not listed by the API) and their progress. */
function Batches({ batches }: { batches: Batch[] }) {
  return (
    <section class="panel" aria-labelledby="batches-title">
      <h2 id="batches-title">Batches</h2>
      {batches.length === 0 ? <p class="empty">No batches.</p> : (
        <table>
          <thead>
            <tr>
              <th scope="col">Batch</th><th scope="col">Endpoint</th><th scope="col">Status</th>
              <th scope="col">Progress</th><th scope="col">Created (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((batch) => {
              const counts = batch.request_counts ?? { total: 0, completed: 0, failed: 0 };
              const done = counts.completed + counts.failed;
              return (
                <tr key={batch.id} data-batch-id={batch.id}>
                  <th scope="row"><code>{batch.id}</code></th>
                  <td><code>{batch.endpoint}</code></td>
                  <td>{batch.status.replaceAll('_', ' ')}</td>
                  <td>
                    <div class="spend">
                      <progress max={Math.max(counts.total, 1)} value={done} aria-label={`Progress of ${batch.id}`} />
                      <span>{`${integer(done)} of ${integer(counts.total)}`}{counts.failed > 0 && ` (${integer(counts.failed)} failed)`}</span>
                    </div>
                  </td>
                  <td>{new Date(batch.created_at * 1000).toISOString().slice(0, 16).replace('T', ' ')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DeploymentCells({ deployment }: { deployment: DeploymentHealth }) {
  const rate = deployment.requests === 0 ? '—' : `${((100 * deployment.errors) / deployment.requests).toFixed(1)} %`;
  return (
    <>
      <td><code>{deployment.name}</code>{deployment.weight !== 1 && <span class="hint"> (weight {deployment.weight})</span>}</td>
      <td><span class={`breaker ${deployment.breaker}`}>{BREAKERS[deployment.breaker]}</span></td>
      <td class="num">{integer(deployment.requests)}</td>
      <td class="num">{rate}{deployment.errors > 0 && ` (${integer(deployment.errors)})`}</td>
      <td class="num">{millis(deployment.requests, deployment.latency_p50_ms, deployment.latency_p99_ms)}</td>
      <td class="num">{millis(deployment.ttft_p50_ms > 0 ? 1 : 0, deployment.ttft_p50_ms, deployment.ttft_p99_ms)}</td>
    </>
  );
}

function millis(samples: number, p50: number, p99: number): string {
  if (samples === 0) return '—';
  const format = (value: number) => (value < 10 ? value.toFixed(1) : integer(Math.round(value)));
  return `${format(p50)} / ${format(p99)} ms`;
}
