package ai.novai.gateway.batches;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Predicate;

import ai.novai.gateway.http.Json;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * A batch's results as OpenAI's output and error files hold them: one {@code BatchRequestOutput} JSON line per
 * request, in input order, read from the database a page at a time as the stream is read.
 * <ul>
 *     <li>a request that ran: {@code {"id", "custom_id", "response": {"status_code", "request_id", "body"},
 *     "error": null}}, the body being the endpoint's answer or its {@code {"error": …}};</li>
 *     <li>one that never ran: {@code "response": null, "error": {"code": "batch_cancelled" | "batch_expired",
 *     "message"}}.</li>
 * </ul>
 */
final class LineResults extends InputStream {

    private static final int PAGE = 500;

    private final BatchStore store;
    private final String batchId;
    private final Predicate<BatchStore.LineResult> wanted;
    private byte[] current = new byte[0];
    private int position;
    private int afterLineNo = -1;
    private boolean ended;

    LineResults(BatchStore store, String batchId, Predicate<BatchStore.LineResult> wanted) {
        this.store = store;
        this.batchId = batchId;
        this.wanted = wanted;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (ended) {
                return -1;
            }
            nextPage();
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    private void nextPage() throws IOException {
        List<BatchStore.LineResult> page = store.results(batchId, afterLineNo, PAGE);
        ended = page.size() < PAGE;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BatchStore.LineResult result : page) {
            afterLineNo = result.lineNo();
            if (wanted.test(result)) {
                write(out, batchId, result);
                out.write('\n');
            }
        }
        current = out.toByteArray();
        position = 0;
    }

    /** One result as its output line (without the newline). */
    static void write(ByteArrayOutputStream out, String batchId, BatchStore.LineResult result) throws IOException {
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", lineId(batchId, result.lineNo()));
            json.writeStringField("custom_id", result.customId());
            if (result.statusCode().isPresent()) {
                json.writeObjectFieldStart("response");
                json.writeNumberField("status_code", result.statusCode().get());
                json.writeStringField("request_id", result.requestId().orElse(""));
                json.writeFieldName("body");
                json.writeRawValue(result.response().orElse("{}"));
                json.writeEndObject();
                json.writeNullField("error");
            } else {
                json.writeNullField("response");
                json.writeObjectFieldStart("error");
                json.writeStringField("code", result.state().neverRanCode());
                json.writeStringField("message", result.state().neverRanMessage());
                json.writeEndObject();
            }
            json.writeEndObject();
        }
    }

    /** The {@code batch_req_…} id of a line: the same every time it is written. */
    static String lineId(String batchId, int lineNo) {
        return DerivedIds.of("batch_req_", batchId + "/" + lineNo);
    }
}
