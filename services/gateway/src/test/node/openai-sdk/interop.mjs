// The official `openai` npm SDK (pinned in package.json) against a running NovAI gateway.
// Run by OpenAiNodeSdkInteropTest (services/gateway/src/test/java/ai/novai/gateway/interop/), which
// installs the package with `npm ci`, starts the three services and asserts on this script's output;
// by hand: `npm ci && NOVAI_BASE_URL=http://127.0.0.1:8080/v1 NOVAI_API_KEY=sk-... node interop.mjs`.
// Each check prints ONE JSON line to stdout: {"check": name, "ok": true|false, "detail": ...}; a failing
// check never stops the others, and the exit code (0, or 1 when any check failed) comes after all ran.
// Names given as arguments run only those checks. The checks drive what SDK users rely on: models,
// chat whole and streamed (include_usage or not), the stream helper's tool-call events, embeddings
// (the SDK's default base64, decoded by it, and float), typed errors with x-request-id, an aborted
// stream followed by a normal request, and the Files API (uploads streamed from disk with `file` before
// `purpose`, and from memory with `toFile` and expires_after; cursor paging; the content as a Response;
// delete), the Batch API (files.create → batches.create → poll → files.content; cancel), and server-side
// tools (an `mcp` entry run by NovAI, whole and streamed). The model is
// novai-echo: "You said: <last user message>".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI, { toFile } from 'openai';

const baseURL = process.env.NOVAI_BASE_URL;
const apiKey = process.env.NOVAI_API_KEY;
const CHECK_TIMEOUT_MS = Number(process.env.NOVAI_CHECK_TIMEOUT_MS || 10_000);
const CHAT_MODEL = 'novai-echo';
const EMBEDDING_MODEL = 'all-minilm-l6-v2';
const EMBEDDING_DIMENSIONS = 384;

// Every request the SDK sends, as it went on the wire (the check's detail shows what was asked).
const wire = [];
async function recordingFetch(url, init = {}) {
  const headers = new Headers(init.headers);
  wire.push({
    url: String(url),
    accept: headers.get('accept'),
    contentType: headers.get('content-type'),
    body: typeof init.body === 'string' ? safeJson(init.body) : undefined,
  });
  return fetch(url, init);
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: CHECK_TIMEOUT_MS, fetch: recordingFetch });

class CheckFailed extends Error {}

function expect(condition, message, extra) {
  if (!condition) {
    const error = new CheckFailed(message);
    error.extra = extra;
    throw error;
  }
}

// The last request sent, with long strings cut, for a failing check's detail.
function lastWire() {
  const last = wire[wire.length - 1];
  return last === undefined ? undefined : JSON.parse(JSON.stringify(last, (key, value) =>
      typeof value === 'string' && value.length > 120 ? `${value.slice(0, 120)}... (${value.length} chars)` : value));
}

// --- the checks -----------------------------------------------------------------------------------

const checks = [];
function check(name, run) {
  checks.push({ name, run });
}

check('models', async () => {
  const ids = [];
  for await (const model of client.models.list()) {
    ids.push(model.id);
  }
  expect(ids.includes(CHAT_MODEL), `models.list() lacks ${CHAT_MODEL}`, { ids });
  expect(ids.includes(EMBEDDING_MODEL), `models.list() lacks ${EMBEDDING_MODEL}`, { ids });
  const model = await client.models.retrieve(CHAT_MODEL);
  expect(model.id === CHAT_MODEL, 'models.retrieve() answered another model', { model });
  expect(model.object === 'model', 'models.retrieve(): object is not "model"', { model });
  return { ids, retrieved: model };
});

check('chat', async () => {
  const { data, request_id } = await client.chat.completions
    .create({ model: CHAT_MODEL, messages: [{ role: 'user', content: 'hello' }] })
    .withResponse();
  const choice = data.choices?.[0];
  expect(data.object === 'chat.completion', 'object is not chat.completion', { data });
  expect(choice?.message?.content === 'You said: hello', 'unexpected content', { data });
  expect(choice.message.role === 'assistant', 'role is not assistant', { data });
  expect(choice.finish_reason === 'stop', 'finish_reason is not stop', { data });
  const usage = data.usage;
  expect(usage && usage.prompt_tokens > 0 && usage.completion_tokens > 0, 'usage missing or empty', { data });
  expect(usage.total_tokens === usage.prompt_tokens + usage.completion_tokens, 'total_tokens != prompt + completion',
         { usage });
  expect(!!request_id, 'no x-request-id on the answer', { request_id });
  return { content: choice.message.content, usage, request_id };
});

check('chat-stream-include-usage', async () => {
  const stream = await client.chat.completions.create({
    model: CHAT_MODEL,
    messages: [{ role: 'user', content: 'hello' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }
  const accept = lastWire()?.accept;
  expect(chunks.length > 0, 'no chunk', { accept });
  const text = chunks.map((chunk) => chunk.choices?.[0]?.delta?.content ?? '').join('');
  const finishReasons = chunks.map((chunk) => chunk.choices?.[0]?.finish_reason).filter(Boolean);
  const last = chunks[chunks.length - 1];
  expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk'), 'a chunk is not chat.completion.chunk',
         { chunks });
  expect(text === 'You said: hello', 'concatenated content differs', { text, chunks: chunks.length });
  expect(finishReasons.includes('stop'), 'no finish_reason stop', { finishReasons });
  expect(last.usage && last.usage.total_tokens > 0, 'last chunk has no usage', { last });
  expect(Array.isArray(last.choices) && last.choices.length === 0, 'usage chunk has choices', { last });
  const earlyUsage = chunks.slice(0, -1).filter((chunk) => chunk.usage != null);
  expect(earlyUsage.length === 0, 'usage on a chunk before the last', { earlyUsage });
  return { chunks: chunks.length, text, usage: last.usage, accept };
});

check('chat-stream-tool-helper', async () => {
  const tool = {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'The current weather in a city.',
      parameters: {
        type: 'object',
        properties: {
          city: { type: 'string', description: 'City name' },
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        },
        required: ['city'],
        additionalProperties: false,
      },
    },
  };
  const question = 'What is the weather in Paris?';
  const stream = client.chat.completions.stream({
    model: CHAT_MODEL,
    messages: [{ role: 'user', content: question }],
    tools: [tool],
    tool_choice: 'auto',
  });
  const deltas = [];
  const done = [];
  let chunks = 0;
  stream.on('chunk', () => {
    chunks += 1;
  });
  stream.on('tool_calls.function.arguments.delta', (event) => {
    deltas.push({ name: event.name, index: event.index, arguments_delta: event.arguments_delta });
  });
  stream.on('tool_calls.function.arguments.done', (event) => {
    done.push({ name: event.name, index: event.index, arguments: event.arguments });
  });
  const completion = await stream.finalChatCompletion();
  const choice = completion.choices?.[0];
  const call = choice?.message?.tool_calls?.[0];
  expect(call, 'no tool call in finalChatCompletion()', { completion });
  expect(call.type === 'function', 'tool call type is not function', { call });
  expect(!!call.id, 'tool call has no id', { call });
  expect(call.function.name === tool.function.name, 'tool call names another function', { call });
  let args;
  try {
    args = JSON.parse(call.function.arguments);
  } catch (error) {
    expect(false, `arguments are not JSON: ${error.message}`, { call });
  }
  expect(typeof args.city === 'string', 'arguments have no string "city"', { args });
  expect(choice.finish_reason === 'tool_calls', 'finish_reason is not tool_calls', { choice });
  expect(chunks > 0, 'no chunk event', { chunks });
  expect(deltas.length > 0, 'no tool_calls.function.arguments.delta event', { deltas });
  expect(deltas.map((delta) => delta.arguments_delta).join('') === call.function.arguments,
         'argument deltas do not add up to the final arguments', { deltas, arguments: call.function.arguments });
  expect(done.length === 1 && done[0].arguments === call.function.arguments,
         'no (or a wrong) tool_calls.function.arguments.done event', { done });
  return { name: call.function.name, arguments: args, chunks, argumentDeltas: deltas.length };
});

let base64Embeddings; // the default call's vectors, compared with the float ones

function vectorsOf(response, label) {
  expect(response.object === 'list', `${label}: object is not list`, { object: response.object });
  expect(response.data?.length === 2, `${label}: not two embeddings`, { count: response.data?.length });
  const vectors = [];
  response.data.forEach((item, i) => {
    expect(item.index === i, `${label}: embedding ${i} has index ${item.index}`);
    const embedding = item.embedding;
    expect(Array.isArray(embedding) || ArrayBuffer.isView(embedding),
           `${label}: embedding ${i} is not decoded to numbers`, { type: typeof embedding, sample: String(embedding).slice(0, 40) });
    const vector = Array.from(embedding);
    expect(vector.length === EMBEDDING_DIMENSIONS, `${label}: embedding ${i} has ${vector.length} numbers`);
    expect(vector.every((x) => typeof x === 'number' && Number.isFinite(x)), `${label}: embedding ${i} has a non-finite value`);
    vectors.push(vector);
  });
  expect(vectors[0].some((x, j) => x !== vectors[1][j]), `${label}: 'a' and 'b' have the same embedding`);
  expect(response.usage?.prompt_tokens > 0, `${label}: no usage`, { usage: response.usage });
  return vectors;
}

check('embeddings-default-base64', async () => {
  const response = await client.embeddings.create({ model: EMBEDDING_MODEL, input: ['a', 'b'] });
  const sent = lastWire()?.body;
  expect(sent?.encoding_format === 'base64', 'the SDK did not ask for base64 (the check assumes it does)', { sent });
  base64Embeddings = vectorsOf(response, 'base64');
  return { encoding_format_sent: sent.encoding_format, dimensions: base64Embeddings[0].length, usage: response.usage };
});

check('embeddings-float', async () => {
  const response = await client.embeddings.create({ model: EMBEDDING_MODEL, input: ['a', 'b'], encoding_format: 'float' });
  expect(response.data?.every((item) => Array.isArray(item.embedding)), 'float embeddings are not arrays');
  const vectors = vectorsOf(response, 'float');
  let maxDifference = null;
  if (base64Embeddings) {
    maxDifference = 0;
    vectors.forEach((vector, i) => vector.forEach((x, j) => {
      maxDifference = Math.max(maxDifference, Math.abs(x - base64Embeddings[i][j]));
    }));
    expect(maxDifference < 1e-5, 'float and base64 embeddings of the same input differ', { maxDifference });
  }
  return { dimensions: vectors[0].length, maxDifferenceFromBase64: maxDifference };
});

async function expectApiError(request, ErrorClass, status) {
  try {
    const answer = await request();
    expect(false, `expected ${ErrorClass.name}, got an answer`, { answer });
  } catch (error) {
    if (error instanceof CheckFailed) {
      throw error;
    }
    const seen = {
      class: error?.constructor?.name,
      status: error?.status,
      code: error?.code,
      type: error?.type,
      param: error?.param,
      message: error?.message,
      requestID: error?.requestID,
      headerRequestId: error?.headers?.get?.('x-request-id'),
    };
    expect(error instanceof ErrorClass, `expected ${ErrorClass.name}`, seen);
    expect(error.status === status, `expected status ${status}`, seen);
    expect(!!error.code, 'error.code missing', seen);
    expect(!!error.type, 'error.type missing', seen);
    expect(!!seen.headerRequestId, 'no x-request-id header on the error', seen);
    expect(seen.requestID === seen.headerRequestId, 'err.requestID differs from the x-request-id header', seen);
    return seen;
  }
}

check('error-authentication-401', async () => {
  const stranger = new OpenAI({ baseURL, apiKey: 'sk-novai-not-a-real-key-0000000000000000', maxRetries: 0,
                                timeout: CHECK_TIMEOUT_MS });
  return expectApiError(
      () => stranger.chat.completions.create({ model: CHAT_MODEL, messages: [{ role: 'user', content: 'hello' }] }),
      OpenAI.AuthenticationError, 401);
});

check('error-unknown-model-404', async () => expectApiError(
    () => client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hello' }] }),
    OpenAI.NotFoundError, 404));

check('error-bad-request-400', async () => expectApiError(
    () => client.chat.completions.create({ model: CHAT_MODEL, messages: [] }),
    OpenAI.BadRequestError, 400));

check('abort-then-request', async () => {
  const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
  const controller = new AbortController();
  const stream = await client.chat.completions.create(
      { model: CHAT_MODEL, messages: [{ role: 'user', content: words }], max_tokens: 4096, stream: true },
      { signal: controller.signal });
  let chunks = 0;
  let sawStop = false;
  let ended;
  try {
    for await (const chunk of stream) {
      chunks += 1;
      sawStop ||= chunk.choices?.[0]?.finish_reason === 'stop';
      if (chunks === 1) {
        controller.abort();
      }
    }
    ended = 'iteration ended';
  } catch (error) {
    ended = error?.constructor?.name ?? String(error);
    const aborted = error instanceof OpenAI.APIUserAbortError || error?.name === 'AbortError';
    expect(aborted, 'the aborted stream failed with something other than an abort', { ended, message: error?.message });
  }
  expect(chunks >= 1, 'no first chunk before the abort', { chunks });
  expect(!sawStop, 'the stream ran to its end despite the abort', { chunks, ended });
  const after = await client.chat.completions.create({ model: CHAT_MODEL, messages: [{ role: 'user', content: 'hello' }] });
  expect(after.choices?.[0]?.message?.content === 'You said: hello', 'the request after the abort failed',
         { after });
  return { chunksRead: chunks, ended, after: after.choices[0].message.content };
});

check('chat-stream-without-usage', async () => {
  const stream = await client.chat.completions.create({
    model: CHAT_MODEL,
    messages: [{ role: 'user', content: 'hello' }],
    stream: true,
  });
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }
  const text = chunks.map((chunk) => chunk.choices?.[0]?.delta?.content ?? '').join('');
  expect(text === 'You said: hello', 'concatenated content differs', { text });
  const withUsage = chunks.filter((chunk) => chunk.usage != null);
  expect(withUsage.length === 0, 'a chunk carries usage without include_usage', { withUsage });
  expect(chunks.every((chunk) => chunk.choices?.length > 0), 'a chunk has no choices', { chunks });
  return { chunks: chunks.length, text };
});

// --- files ----------------------------------------------------------------------------------------

const BATCH_LINE = `${JSON.stringify({
  custom_id: 'request-1',
  method: 'POST',
  url: '/v1/chat/completions',
  body: { model: CHAT_MODEL, messages: [{ role: 'user', content: 'hello' }] },
})}\n`;
const THIRTY_DAYS = 30 * 24 * 3600;
const uploaded = []; // { id, filename, content } of the files the checks uploaded, in order

function expectFile(file, label) {
  expect(typeof file.id === 'string' && file.id.startsWith('file-'), `${label}: id is not file-...`, { file });
  expect(file.object === 'file', `${label}: object is not file`, { file });
  expect(file.purpose === 'batch', `${label}: purpose is not batch`, { file });
  expect(file.status === 'processed', `${label}: status is not processed`, { file });
  expect(Number.isInteger(file.created_at) && file.created_at > 0, `${label}: no created_at`, { file });
}

check('files-create-read-stream', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'novai-files-'));
  const local = path.join(dir, 'requests.jsonl');
  const content = BATCH_LINE.repeat(3);
  fs.writeFileSync(local, content);
  // the SDK streams a ReadStream (chunked) in the order given: the file before the purpose
  const created = await client.files.create({ file: fs.createReadStream(local), purpose: 'batch' });
  const sent = lastWire();
  fs.rmSync(dir, { recursive: true, force: true });
  expectFile(created, 'create');
  expect(created.filename === 'requests.jsonl', 'the filename is not the stream\'s', { created });
  expect(created.bytes === Buffer.byteLength(content), 'bytes differ from the file\'s', { created });
  expect(created.expires_at === created.created_at + THIRTY_DAYS, 'the default expiry is not 30 days', { created });
  expect(sent?.contentType?.startsWith('multipart/form-data; boundary='), 'not sent as multipart', { sent });
  uploaded.push({ id: created.id, filename: created.filename, content });
  return { created, contentType: sent.contentType };
});

check('files-create-to-file-expires-after', async () => {
  const content = BATCH_LINE;
  const created = await client.files.create({
    purpose: 'batch',
    file: await toFile(Buffer.from(content), 'in-memory.jsonl'),
    expires_after: { anchor: 'created_at', seconds: 3600 },
  });
  expectFile(created, 'create');
  expect(created.filename === 'in-memory.jsonl', 'the filename is not toFile\'s', { created });
  expect(created.expires_at === created.created_at + 3600, 'expires_after was not applied', { created });
  uploaded.push({ id: created.id, filename: created.filename, content });
  return { created };
});

check('files-list-paged', async () => {
  const before = wire.length;
  const ids = [];
  for await (const file of client.files.list({ limit: 1, purpose: 'batch' })) {
    expectFile(file, 'list');
    ids.push(file.id);
  }
  const requests = wire.slice(before).map((request) => new URL(request.url).search);
  const missing = uploaded.filter((file) => !ids.includes(file.id)).map((file) => file.id);
  expect(missing.length === 0, 'uploaded files missing from the list', { missing, ids });
  expect(new Set(ids).size === ids.length, 'a file listed twice', { ids });
  expect(requests.length >= uploaded.length && requests.slice(1).every((query) => query.includes('after=file-')),
         'the SDK did not page with after=<last id>', { requests });
  return { listed: ids.length, requests };
});

check('files-retrieve', async () => {
  const [first] = uploaded;
  expect(first, 'no uploaded file to retrieve');
  const file = await client.files.retrieve(first.id);
  expectFile(file, 'retrieve');
  expect(file.id === first.id && file.filename === first.filename, 'another file was retrieved', { file, first });
  return { file };
});

check('files-content', async () => {
  const [first] = uploaded;
  expect(first, 'no uploaded file to download');
  const response = await client.files.content(first.id);
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  const disposition = response.headers.get('content-disposition');
  expect(text === first.content, 'the content differs from the upload', { text: text.slice(0, 200) });
  expect(contentType?.startsWith('application/octet-stream'), 'not application/octet-stream', { contentType });
  expect(disposition === `attachment; filename="${first.filename}"`, 'no attachment filename', { disposition });
  return { bytes: text.length, contentType, disposition };
});

check('files-delete-then-404', async () => {
  expect(uploaded.length > 0, 'no uploaded file to delete');
  const deleted = [];
  for (const { id } of uploaded) {
    const answer = await client.files.delete(id);
    expect(answer.id === id && answer.object === 'file' && answer.deleted === true, 'not deleted', { answer });
    deleted.push(answer);
  }
  const missing = await expectApiError(() => client.files.retrieve(uploaded[0].id), OpenAI.NotFoundError, 404);
  expect(missing.code === 'file_not_found', 'the 404 is not file_not_found', missing);
  return { deleted, missing };
});

const ENDED = ['completed', 'failed', 'expired', 'cancelled'];

async function awaitBatchEnd(id) {
  const deadline = Date.now() + CHECK_TIMEOUT_MS - 1_000;
  let batch = await client.batches.retrieve(id);
  while (!ENDED.includes(batch.status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    batch = await client.batches.retrieve(id);
  }
  return batch;
}

// OpenAI's Batch API as its documentation drives it: upload the requests, create the batch, poll it, read the
// output file. novai-echo answers "You said: <input>", so each output line can be matched to its input.
check('batch-file-flow', async () => {
  const words = ['alpha', 'beta', 'gamma'];
  const jsonl = words.map((word) => JSON.stringify({
    custom_id: `req-${word}`,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: CHAT_MODEL, messages: [{ role: 'user', content: word }] },
  })).join('\n');
  const input = await client.files.create({ file: await toFile(Buffer.from(jsonl), 'batch.jsonl'), purpose: 'batch' });
  const created = await client.batches.create({
    input_file_id: input.id,
    endpoint: '/v1/chat/completions',
    completion_window: '24h',
    metadata: { job: 'interop' },
  });
  expect(created.object === 'batch' && created.status === 'validating', 'not a validating batch', { created });
  expect(created.metadata?.job === 'interop', 'metadata lost', { created });
  const batch = await awaitBatchEnd(created.id);
  expect(batch.status === 'completed', `the batch ended ${batch.status}`, { batch });
  expect(batch.request_counts?.total === 3 && batch.request_counts?.completed === 3, 'request_counts', { batch });
  expect(typeof batch.output_file_id === 'string' && batch.error_file_id === undefined, 'files', { batch });
  const output = await client.files.content(batch.output_file_id);
  const lines = (await output.text()).trim().split('\n').map((line) => JSON.parse(line));
  const answers = Object.fromEntries(lines.map((line) => [line.custom_id,
    line.response?.body?.choices?.[0]?.message?.content]));
  for (const word of words) {
    expect(answers[`req-${word}`] === `You said: ${word}`, `no answer to ${word}`, { lines });
  }
  expect(lines.every((line) => line.response.status_code === 200 && line.error === null), 'a line failed', { lines });
  const listed = [];
  for await (const each of client.batches.list({ limit: 10 })) {
    listed.push(each.id);
  }
  expect(listed.includes(batch.id), 'batches.list() lacks the batch', { listed });
  await client.files.delete(input.id);
  return { batch: batch.id, status: batch.status, request_counts: batch.request_counts, lines: lines.length };
});

check('batch-cancel', async () => {
  const jsonl = Array.from({ length: 50 }, (_, i) => JSON.stringify({
    custom_id: `c-${i}`, method: 'POST', url: '/v1/embeddings', body: { model: EMBEDDING_MODEL, input: `text ${i}` },
  })).join('\n');
  const input = await client.files.create({ file: await toFile(Buffer.from(jsonl), 'cancel.jsonl'), purpose: 'batch' });
  const created = await client.batches.create({
    input_file_id: input.id, endpoint: '/v1/embeddings', completion_window: '24h',
  });
  const cancelling = await client.batches.cancel(created.id);
  expect(['cancelling', 'cancelled'].includes(cancelling.status), 'cancel did not take', { cancelling });
  const batch = await awaitBatchEnd(created.id);
  expect(batch.status === 'cancelled', `the batch ended ${batch.status}`, { batch });
  expect(batch.request_counts.completed + batch.request_counts.failed === batch.request_counts.total,
         'lines unaccounted for', { batch });
  await client.files.delete(input.id);
  return { status: batch.status, request_counts: batch.request_counts };
});

// Server-side tools: an `mcp` entry naming NovAI's built-ins; the gateway runs the model's call of
// novai__current_time through the tools service and the model (novai-echo) answers with its result.
const SERVER_TOOL = { type: 'mcp', server_label: 'novai', allowed_tools: ['current_time'], require_approval: 'never' };

check('server-tools', async () => {
  const { data, request_id } = await client.chat.completions
    .create({ model: CHAT_MODEL, messages: [{ role: 'user', content: 'what time is it?' }], tools: [SERVER_TOOL] })
    .withResponse();
  const choice = data.choices?.[0];
  const content = choice?.message?.content ?? '';
  expect(content.startsWith('Tool novai__current_time returned: {'), 'no tool result in the answer', { data });
  const result = JSON.parse(content.slice('Tool novai__current_time returned: '.length));
  expect(result.timezone === 'UTC' || result.zone === 'UTC', 'the time is not UTC by default', { result });
  expect(choice.finish_reason === 'stop', 'finish_reason is not stop', { data });
  expect(!choice.message.tool_calls?.length, 'a server-side call reached the client', { data });
  expect(data.usage.total_tokens === data.usage.prompt_tokens + data.usage.completion_tokens, 'usage inconsistent',
         { usage: data.usage });
  return { content, usage: data.usage, request_id };
});

check('server-tools-stream', async () => {
  const stream = await client.chat.completions.create({
    model: CHAT_MODEL,
    messages: [{ role: 'user', content: 'what time is it?' }],
    tools: [SERVER_TOOL],
    stream: true,
    stream_options: { include_usage: true },
  });
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }
  const text = chunks.map((chunk) => chunk.choices?.[0]?.delta?.content ?? '').join('');
  const finishReasons = chunks.map((chunk) => chunk.choices?.[0]?.finish_reason).filter(Boolean);
  const ids = new Set(chunks.map((chunk) => chunk.id));
  expect(text.startsWith('Tool novai__current_time returned: {'), 'no tool result in the streamed text',
         { text, chunks: chunks.length });
  expect(finishReasons.length === 1 && finishReasons[0] === 'stop', 'not one finish_reason stop', { finishReasons });
  expect(ids.size === 1, 'the chunks carry more than one id', { ids: [...ids] });
  const last = chunks[chunks.length - 1];
  expect(last.usage && last.usage.total_tokens > 0 && last.choices.length === 0, 'no usage chunk last', { last });
  return { chunks: chunks.length, text, usage: last.usage };
});

// --- running them ---------------------------------------------------------------------------------

function describe(error) {
  if (error instanceof CheckFailed) {
    return { message: error.message, ...(error.extra === undefined ? {} : { seen: error.extra }) };
  }
  return {
    message: `${error?.constructor?.name ?? 'Error'}: ${error?.message ?? String(error)}`,
    status: error?.status,
    code: error?.code,
    type: error?.type,
    requestID: error?.requestID,
    cause: [error?.cause?.message, error?.cause?.cause?.code ?? error?.cause?.cause?.message].filter(Boolean).join(': ') || undefined,
    lastRequest: lastWire(),
  };
}

function withTimeout(promise, name) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailed(`${name} did not finish within ${CHECK_TIMEOUT_MS} ms`)),
                       CHECK_TIMEOUT_MS + 2_000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function report(line) {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

process.on('unhandledRejection', (reason) => {
  process.stderr.write(`unhandled rejection: ${reason?.stack ?? reason}\n`);
});

const only = process.argv.slice(2);
const toRun = only.length === 0 ? checks : checks.filter((entry) => only.includes(entry.name));
if (!baseURL || !apiKey) {
  for (const { name } of toRun) {
    report({ check: name, ok: false, detail: { message: 'NOVAI_BASE_URL and NOVAI_API_KEY must be set' } });
  }
  process.exit(1);
}

let failed = 0;
for (const { name, run } of toRun) {
  try {
    const detail = await withTimeout(Promise.resolve().then(run), name);
    report({ check: name, ok: true, detail: detail ?? null });
  } catch (error) {
    failed += 1;
    report({ check: name, ok: false, detail: describe(error) });
  }
}
process.exit(failed === 0 ? 0 : 1);
