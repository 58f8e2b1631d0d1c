package ai.novai.gateway.batches;

import java.util.Optional;

import ai.novai.gateway.http.ApiNames;

/** The endpoints a batch can run. */
public enum BatchEndpoint {
    CHAT_COMPLETIONS("/v1/chat/completions", "chat.completions"),
    EMBEDDINGS("/v1/embeddings", "embeddings");

    private final String url;
    private final String ledgerName;

    BatchEndpoint(String url, String ledgerName) {
        this.url = url;
        this.ledgerName = ledgerName;
    }

    /** As OpenAI's {@code endpoint} and each line's {@code url} name it. */
    public String url() {
        return url;
    }

    /** As the usage ledger's {@code endpoint} names it. */
    public String ledgerName() {
        return ledgerName;
    }

    /** The endpoint of that URL. */
    public static Optional<BatchEndpoint> of(String url) {
        return ApiNames.find(values(), BatchEndpoint::url, url);
    }
}
