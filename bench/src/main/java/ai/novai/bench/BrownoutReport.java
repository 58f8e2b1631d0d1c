package ai.novai.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The brownout phase's part of the report: per share of failing upstream answers, the success rates of
 * requests and streams directly and through NovAI, how many requests the upstream saw for NovAI's, and the
 * goal that NovAI succeeds at least as often as a direct client.
 */
final class BrownoutReport {

    static final String OK = "ok";

    /** Outcomes of one target's requests and streams at one share, by outcome ({@link #OK} or why not). */
    record Tally(Map<String, Long> requests, Map<String, Long> streams) {
        long sent() {
            return total(requests) + total(streams);
        }

        long ok() {
            return requests.getOrDefault(OK, 0L) + streams.getOrDefault(OK, 0L);
        }

        double rate() {
            return sent() == 0 ? Double.NaN : (double) ok() / sent();
        }

        static double rate(Map<String, Long> outcomes) {
            long total = total(outcomes);
            return total == 0 ? Double.NaN : (double) outcomes.getOrDefault(OK, 0L) / total;
        }

        private static long total(Map<String, Long> outcomes) {
            return outcomes.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public String toString() {
            return "requests " + requests + ", streams " + streams;
        }
    }

    private record Level(int percent, Tally direct, Optional<Tally> novai, long upstreamCalls) {
    }

    private final List<Level> levels = new ArrayList<>();

    void level(int percent, Tally direct, Optional<Tally> novai, long upstreamCalls) {
        levels.add(new Level(percent, direct, novai, upstreamCalls));
    }

    void goals(StringBuilder out) {
        for (Level level : levels) {
            level.novai().ifPresent(novai -> BenchReport.goal(
                    out, "success rate through NovAI vs direct, upstream brownout " + level.percent() + " %",
                    "≥ direct (" + percent(level.direct().rate()) + ")",
                    java.util.OptionalDouble.of(novai.rate()), BrownoutReport::percent,
                    rate -> rate >= level.direct().rate()));
        }
    }

    void section(StringBuilder out) {
        out.append("## Upstream brownout\n\n")
                .append("The fake upstream fails a share of the requests at random, half with 500 and half with 429 ")
                .append("(`Retry-After-Ms: ").append(UpstreamBrownout.RETRY_AFTER_MS).append("`); through NovAI the ")
                .append("model has that upstream as its one deployment, no fallback, and the default routing ")
                .append("settings (3 attempts, breaker 50 % of 10 calls). Per share, directly then through NovAI: ")
                .append("non-streamed requests, then streams, 16 at a time. A stream succeeds when it ends with its ")
                .append("finish reason and `[DONE]` and no error event.\n\n");
        if (levels.isEmpty()) {
            return;
        }
        out.append("| brownout | requests direct | requests NovAI | streams direct | streams NovAI | all direct | "
                           + "all NovAI | upstream calls for NovAI | NovAI's failures |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Level level : levels) {
            Optional<Tally> novai = level.novai();
            out.append(String.format(Locale.ROOT, "| %d %% | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                                     level.percent(), percent(Tally.rate(level.direct().requests())),
                                     novai.map(t -> percent(Tally.rate(t.requests()))).orElse("—"),
                                     percent(Tally.rate(level.direct().streams())),
                                     novai.map(t -> percent(Tally.rate(t.streams()))).orElse("—"),
                                     percent(level.direct().rate()),
                                     novai.map(t -> "**" + percent(t.rate()) + "**").orElse("—"),
                                     novai.map(t -> String.format(Locale.ROOT, "%,d for %,d", level.upstreamCalls(),
                                                                  t.sent())).orElse("—"),
                                     novai.map(BrownoutReport::failures).orElse("—")));
        }
        out.append("\n");
    }

    // one decimal: 99.6 % is not 100 %
    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }

    private static String failures(Tally tally) {
        List<String> failures = new ArrayList<>();
        tally.requests().forEach((outcome, count) -> {
            if (!outcome.equals(OK)) {
                failures.add(count + " × " + outcome);
            }
        });
        tally.streams().forEach((outcome, count) -> {
            if (!outcome.equals(OK)) {
                failures.add(count + " × stream " + outcome);
            }
        });
        return failures.isEmpty() ? "none" : String.join(", ", failures);
    }
}
