import type { CreateChatCompletionStreamResponse, ModelError } from './generated/models/index.js';
import { APIStreamError, type RateLimit, rateLimitOf } from './errors.js';

/** One server-sent event: its `event:` name (if any) and its `data:` lines joined. */
export interface SseEvent {
  event: string | undefined;
  data: string;
}

/** Parses an SSE body: `:` comments (keep-alives, tool rounds) are skipped, `data:` lines joined per event. */
export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event: string | undefined;
  let data: string[] = [];
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\n|\r/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (data.length > 0) {
            yield { event, data: data.join('\n') };
          }
          event = undefined;
          data = [];
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let text = colon < 0 ? '' : line.slice(colon + 1);
          text = text.startsWith(' ') ? text.slice(1) : text;
          if (field === 'data') {
            data.push(text);
          } else if (field === 'event') {
            event = text;
          }
        }
      }
      if (done) {
        break;
      }
    }
    if (data.length > 0) {
      yield { event, data: data.join('\n') };
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * The chunks of a streamed chat completion, until `data: [DONE]`; an `error` event throws {@link APIStreamError}.
 * Breaking out of a `for await` loop closes the connection.
 */
export class Stream implements AsyncIterable<CreateChatCompletionStreamResponse> {
  readonly requestId: string | undefined;
  readonly rateLimit: RateLimit;

  constructor(readonly response: Response, private readonly controller: AbortController) {
    this.requestId = response.headers.get('x-request-id') ?? undefined;
    this.rateLimit = rateLimitOf(response.headers);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<CreateChatCompletionStreamResponse> {
    if (this.response.body === null) {
      return;
    }
    try {
      for await (const { event, data } of sseEvents(this.response.body)) {
        if (data === '[DONE]') {
          return;
        }
        const payload = JSON.parse(data);
        if (event === 'error' || (payload !== null && typeof payload === 'object' && 'error' in payload)) {
          throw new APIStreamError(payload?.error as ModelError | undefined, payload, this.requestId);
        }
        yield payload as CreateChatCompletionStreamResponse;
      }
    } finally {
      this.controller.abort();
    }
  }
}
