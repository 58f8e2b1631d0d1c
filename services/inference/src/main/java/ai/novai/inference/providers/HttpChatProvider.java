package ai.novai.inference.providers;

import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.upstream.UpstreamClient;
import ai.novai.upstream.UpstreamResponse;

/**
 * A provider reached over HTTP: its {@link ChatTranslator} says what to send and how to read the answer, the
 * shared {@link UpstreamClient} sends it, reads the body or the events, aborts the exchange when the caller
 * cancels and classifies every failure. A stream counts as complete only when the translator saw its end marker.
 */
public final class HttpChatProvider implements ChatProvider {

    private final ChatTranslator translator;
    private final UpstreamClient client;

    public HttpChatProvider(ChatTranslator translator, UpstreamClient client) {
        this.translator = translator;
        this.client = client;
    }

    @Override
    public ProviderFeatures features() {
        return translator.features();
    }

    @Override
    public ChatCompletion complete(ProviderCall call) {
        UpstreamResponse response = client.send(translator.request(call, false), call.cancel());
        return translator.completion(client.json(response, call.cancel()), call);
    }

    @Override
    public void stream(ProviderCall call, ChunkSink sink) {
        UpstreamResponse response = client.send(translator.request(call, true), call.cancel());
        switch (translator.stream(call, sink)) {
            case StreamTranslation events -> client.events(response, call.cancel(), events.endMarker(), events::accept);
            case EventStreamTranslation messages ->
                    client.eventStream(response, call.cancel(), messages.endMarker(), messages::accept);
        }
    }
}
