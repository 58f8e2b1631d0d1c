package ai.novai.gateway.billing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32C;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One ledger row as a line of the spool file: {@code <crc32c of the JSON, 8 hex digits> <JSON>\n}. A line
 * is readable with {@code cut -d' ' -f2- | jq}; JSON escapes every newline inside strings, so a record is
 * exactly one line. A record torn by a crash (no newline yet, or a checksum that does not match) is
 * recognised as such and never read as a row. Amounts are decimal strings, exact; times are ISO-8601.
 */
final class SpoolFormat {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    private SpoolFormat() {
    }

    /** The record of a row, newline included. */
    static byte[] encode(LedgerEntry entry) {
        ObjectNode row = JSON.createObjectNode()
                .put("v", VERSION)
                .put("id", entry.id())
                .put("request_id", entry.requestId())
                .put("key_id", entry.keyId())
                .put("endpoint", entry.endpoint())
                .put("model", entry.model())
                .put("provider", entry.provider().orElse(null))
                .put("prompt_tokens", entry.promptTokens())
                .put("completion_tokens", entry.completionTokens())
                .put("cost_usd", entry.costUsd().toPlainString())
                .put("status", entry.status().dbName())
                .put("stream", entry.stream())
                .put("started_at", entry.startedAt().toString())
                .put("finished_at", entry.finishedAt().toString());
        row.put("ttft_nanos", entry.timeToFirstToken().map(Duration::toNanos).orElse(null));
        entry.batchId().ifPresent(batch -> row.put("batch_id", batch));
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a ledger row could not be written as JSON", e);
        }
        byte[] line = new byte[9 + json.length + 1];
        byte[] crc = HexFormat.of().formatHex(intBytes(crc(json, 0, json.length))).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(crc, 0, line, 0, 8);
        line[8] = ' ';
        System.arraycopy(json, 0, line, 9, json.length);
        line[line.length - 1] = '\n';
        return line;
    }

    /**
     * The row of one line (without its newline), or empty when the line is not a whole, intact record.
     */
    static Optional<LedgerEntry> decode(byte[] buffer, int offset, int length) {
        if (length < 10 || buffer[offset + 8] != ' ') {
            return Optional.empty();
        }
        int expected;
        try {
            expected = (int) Long.parseLong(new String(buffer, offset, 8, StandardCharsets.US_ASCII), 16);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (crc(buffer, offset + 9, length - 9) != expected) {
            return Optional.empty();
        }
        try {
            JsonNode row = JSON.readTree(buffer, offset + 9, length - 9);
            if (row == null || row.path("v").asInt() != VERSION) {
                return Optional.empty();
            }
            return Optional.of(new LedgerEntry(
                    text(row, "id"), text(row, "request_id"), text(row, "key_id"), text(row, "endpoint"),
                    text(row, "model"),
                    row.path("provider").isTextual() ? Optional.of(row.get("provider").asText()) : Optional.empty(),
                    number(row, "prompt_tokens"), number(row, "completion_tokens"),
                    new BigDecimal(text(row, "cost_usd")), status(row), row.path("stream").asBoolean(),
                    Instant.parse(text(row, "started_at")), Instant.parse(text(row, "finished_at")),
                    row.path("ttft_nanos").isNumber() ? Optional.of(Duration.ofNanos(row.get("ttft_nanos").asLong()))
                            : Optional.empty(),
                    row.path("batch_id").isTextual() ? Optional.of(row.get("batch_id").asText()) : Optional.empty()));
        } catch (java.io.IOException | NotARow | NumberFormatException | java.time.DateTimeException e) {
            // a checksum that matches a line that is not a row of this format: not ours to bill
            return Optional.empty();
        }
    }

    private static LedgerStatus status(JsonNode row) {
        return LedgerStatus.ofDbName(text(row, "status")).orElseThrow(NotARow::new);
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.path(field);
        if (!value.isTextual()) {
            throw new NotARow();
        }
        return value.asText();
    }

    private static long number(JsonNode row, String field) {
        JsonNode value = row.path(field);
        if (!value.canConvertToLong()) {
            throw new NotARow();
        }
        return value.asLong();
    }

    private static final class NotARow extends RuntimeException {
        NotARow() {
            super(null, null, false, false);
        }
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    private static byte[] intBytes(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
