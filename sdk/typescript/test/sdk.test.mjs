// The TypeScript SDK (dist/, compiled by tsc) against a running NovAI: NOVAI_BASE_URL, NOVAI_API_KEY,
// NOVAI_ADMIN_TOKEN. Prints one JSON line per check ({"check", "ok", "detail"}); SdkLiveTest in the sdk module
// runs it against NovaiCluster and reports each check as one JUnit test. Exits 1 when a check failed.
import NovAI, {
  APIStreamError, APITimeoutError, AuthenticationError, BadRequestError, InternalServerError, NotFoundError,
  RateLimitError, Stream, sseEvents,
} from '../dist/index.js';

const CHAT_MODEL = 'novai-echo';
const EMBEDDING_MODEL = 'all-minilm-l6-v2';
const HELLO = [{ role: 'user', content: 'hello' }];
const client = new NovAI({ maxRetries: 0, timeout: 20_000 });

class CheckFailed extends Error {}

function expect(condition, message, extra) {
  if (!condition) {
    const error = new CheckFailed(message);
    error.extra = extra;
    throw error;
  }
}

async function expectThrows(run, type) {
  try {
    await run();
  } catch (error) {
    expect(error instanceof type, `threw ${error?.name}, not ${type.name}: ${error?.message}`);
    return error;
  }
  throw new CheckFailed(`did not throw ${type.name}`);
}

const checks = [];
const check = (name, run) => checks.push({ name, run });

check('models-list', async () => {
  const listed = await client.models.list();
  const ids = listed.data.map((model) => model.id);
  expect(listed.object === 'list' && ids.includes(CHAT_MODEL), `${CHAT_MODEL} not listed`, { ids });
  expect(listed._response.requestId, 'no x-request-id');
  const model = await client.models.retrieve(CHAT_MODEL);
  expect(model.id === CHAT_MODEL, 'models.retrieve() answered another model', { model });
});

check('chat-completion', async () => {
  const reply = await client.chat.completions.create({ model: CHAT_MODEL, messages: HELLO, max_completion_tokens: 32 });
  expect(reply.object === 'chat.completion', 'not a chat.completion', { reply });
  expect(reply.choices[0].message.content, 'no content', { reply });
  expect(reply.usage.total_tokens > 0, 'no usage', { reply });
  expect(reply._response.requestId?.startsWith('req_'), 'no x-request-id', { requestId: reply._response.requestId });
});

check('chat-stream-to-done', async () => {
  const stream = await client.chat.completions.create({
    model: CHAT_MODEL, messages: HELLO, stream: true, stream_options: { include_usage: true },
  });
  expect(stream instanceof Stream && stream.requestId, 'not a Stream with a request id');
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }
  expect(chunks.length > 0 && chunks.every((c) => c.object === 'chat.completion.chunk'), 'bad chunks', { chunks });
  const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
  expect(text.length > 0, 'no text streamed', { chunks });
  expect(chunks.some((c) => c.choices[0]?.finish_reason === 'stop'), 'no finish_reason stop', { chunks });
  expect(chunks.at(-1).usage?.total_tokens > 0, 'no usage chunk', { last: chunks.at(-1) });
});

check('embeddings', async () => {
  const result = await client.embeddings.create({ model: EMBEDDING_MODEL, input: ['a', 'b'], encoding_format: 'float' });
  expect(result.data.map((e) => e.index).join() === '0,1', 'indexes', { result });
  expect(Array.isArray(result.data[0].embedding) && result.data[0].embedding.length === 384, 'not 384 floats');
});

check('usage-retrieve', async () => {
  await client.chat.completions.create({ model: CHAT_MODEL, messages: HELLO });
  const today = new Date();
  const usage = await client.usage.retrieve({ start_date: new Date(today.getTime() - 86_400_000), end_date: today });
  expect(usage.object === 'list' && Array.isArray(usage.data), 'not a usage list', { usage });
  expect(usage.end_date === today.toISOString().slice(0, 10), 'end_date', { usage });
  expect(typeof usage.total_cost_usd === 'number', 'total_cost_usd', { usage });
  const refused = await expectThrows(() => client.usage.retrieve({ start_date: '2026-02-02', end_date: '2026-02-01' }),
    BadRequestError);
  expect(refused.code === 'invalid_value', 'code', { code: refused.code });
});

check('batches-create-retrieve', async () => {
  let batch = await client.batches.create({
    inputs: [
      { model: CHAT_MODEL, messages: [{ role: 'user', content: 'one' }] },
      { model: CHAT_MODEL, messages: [{ role: 'user', content: 'two' }] },
    ],
  });
  expect(batch.object === 'batch.inline' && batch.total === 2, 'not an inline batch of 2', { batch });
  const deadline = Date.now() + 30_000;
  while (!['completed', 'failed', 'expired', 'cancelled'].includes(batch.status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    batch = await client.batches.retrieve(batch.id);
  }
  expect(batch.status === 'completed', 'batch did not complete', { batch });
  expect(batch.results.map((r) => r.index).join() === '0,1', 'results', { batch });
  expect(batch.results[0].body.object === 'chat.completion', 'result body', { batch });
  await expectThrows(() => client.batches.retrieve('batch_doesnotexist'), NotFoundError);
});

check('admin-keys-create-list-revoke', async () => {
  const created = await client.admin.keys.create({ name: 'ts-sdk-admin', owner: 'ts-sdk-tests', rpm_limit: 100 });
  expect(created.key.startsWith('sk-novai-') && created.rpm_limit === 100, 'created key', { created });
  const listed = await client.admin.keys.list({ owner: 'ts-sdk-tests' });
  expect(listed.data.some((key) => key.id === created.id), 'new key not listed', { listed });
  const revoked = await client.admin.keys.revoke(created.id);
  expect(revoked.revoked === true, 'not revoked', { revoked });
  const stranger = new NovAI({ apiKey: created.key, maxRetries: 0 });
  const refused = await expectThrows(() => stranger.models.list(), AuthenticationError);
  expect(refused.status === 401, 'status', { status: refused.status });
});

check('error-unknown-model-404', async () => {
  const error = await expectThrows(
    () => client.chat.completions.create({ model: 'no-such-model', messages: HELLO }), NotFoundError);
  expect(error.status === 404 && error.code === 'model_not_found', 'status/code', { status: error.status, code: error.code });
  expect(error.error?.type === 'invalid_request_error' && 'param' in error.error, 'OpenAI error body', { body: error.body });
  expect(error.requestId?.startsWith('req_'), 'no x-request-id', { requestId: error.requestId });
});

check('rate-limited-key', async () => {
  const created = await client.admin.keys.create({ name: 'ts-sdk-rpm-1', rpm_limit: 1 });
  const limited = new NovAI({ apiKey: created.key });
  const first = await limited.chat.completions.create({ model: CHAT_MODEL, messages: HELLO });
  expect(first._response.rateLimit.limitRequests === 1, 'no x-ratelimit-limit-requests', { rateLimit: first._response.rateLimit });
  const error = await expectThrows(
    () => limited.chat.completions.create({ model: CHAT_MODEL, messages: HELLO }, { maxRetries: 0 }), RateLimitError);
  const detail = { status: error.status, code: error.code, retryAfter: error.retryAfter, rateLimit: error.rateLimit };
  expect(error.status === 429 && error.code === 'rate_limit_exceeded', 'status/code', detail);
  expect(error.retryAfter > 0, 'no retryAfter', detail);
  expect(error.rateLimit.limitRequests === 1 && error.rateLimit.remainingRequests === 0, 'x-ratelimit-*', detail);
  expect(error.rateLimit.resetRequests, 'no x-ratelimit-reset-requests', detail);
  expect(error.requestId, 'no x-request-id', detail);
});

// --- without the server: a scripted fetch -------------------------------------------------------------------

function scripted(answers) {
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ url: String(url), authorization: init.headers.Authorization });
    const next = answers.shift();
    if (next instanceof Error) {
      throw next;
    }
    const [status, headers, body] = next;
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
  };
  return { fetch, seen };
}

const errorBody = (code) => ({ error: { message: code, type: 'requests', param: null, code } });

check('retries-honour-retry-after', async () => {
  const { fetch, seen } = scripted([
    [429, { 'retry-after-ms': '50', 'retry-after': '1' }, errorBody('rate_limit_exceeded')],
    [503, { 'retry-after': '0' }, errorBody('provider_unavailable')],
    [200, { 'x-request-id': 'req_1' }, { object: 'list', data: [] }],
  ]);
  const started = Date.now();
  const listed = await new NovAI({ apiKey: 'k', baseURL: 'http://novai.invalid/v1', maxRetries: 2, fetch }).models.list();
  expect(listed._response.requestId === 'req_1' && seen.length === 3, 'not 3 attempts', { seen });
  expect(Date.now() - started < 900, 'waited retry-after (1 s), not retry-after-ms (50 ms)');
  expect(seen[0].authorization === 'Bearer k', 'authorization', { seen });
});

check('retries-are-bounded', async () => {
  const { fetch, seen } = scripted([0, 1, 2].map(() => [500, { 'retry-after': '0', 'x-request-id': 'req_5' },
    errorBody('server_error')]));
  const error = await expectThrows(
    () => new NovAI({ apiKey: 'k', baseURL: 'http://novai.invalid/v1', maxRetries: 1, fetch }).models.list(),
    InternalServerError);
  expect(seen.length === 2 && error.requestId === 'req_5', 'not 2 attempts', { seen });
  const bad = scripted([[400, {}, errorBody('invalid_value')]]);
  await expectThrows(() => new NovAI({ apiKey: 'k', baseURL: 'http://x/v1', maxRetries: 3, fetch: bad.fetch })
    .models.list(), BadRequestError);
  expect(bad.seen.length === 1, 'a 400 was retried', { seen: bad.seen });
});

check('timeout-aborts', async () => {
  const hang = (url, init) => new Promise((_, reject) =>
    init.signal.addEventListener('abort', () => reject(init.signal.reason)));
  await expectThrows(() => new NovAI({ apiKey: 'k', baseURL: 'http://x/v1', timeout: 50, maxRetries: 0, fetch: hang })
    .models.list(), APITimeoutError);
});

check('sse-comments-done-and-error-event', async () => {
  const body = (text) => new Response(text).body;
  const events = [];
  for await (const event of sseEvents(body(': keep-alive\n\ndata: {"a":\ndata: 1}\n\n: novai tool_call x\nevent: error\ndata: {}\n\n'))) {
    events.push(event);
  }
  expect(JSON.stringify(events) === JSON.stringify([{ data: '{"a":\n1}' }, { event: 'error', data: '{}' }]), 'events',
    { events });
  const chunk = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [] };
  const stream = new Stream(new Response(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\ndata: ${JSON.stringify(chunk)}\n\n`),
    new AbortController());
  const read = [];
  for await (const c of stream) {
    read.push(c);
  }
  expect(read.length === 1, 'read past [DONE]', { read });
  const failing = new Stream(new Response(`data: ${JSON.stringify({ error: { message: 'boom', type: 'server_error', param: null, code: null } })}\n\n`),
    new AbortController());
  const error = await expectThrows(async () => { for await (const c of failing) { read.push(c); } }, APIStreamError);
  expect(error.error.message === 'boom', 'error body', { error: error.error });
});

// --- run ----------------------------------------------------------------------------------------------------

let failed = 0;
for (const { name, run } of checks) {
  const started = Date.now();
  try {
    await run();
    console.log(JSON.stringify({ check: name, ok: true, ms: Date.now() - started }));
  } catch (error) {
    failed++;
    console.log(JSON.stringify({
      check: name, ok: false, ms: Date.now() - started,
      detail: { error: `${error?.name}: ${error?.message}`, extra: error?.extra, stack: error?.stack },
    }));
  }
}
process.exitCode = failed === 0 ? 0 : 1;
