package ai.novai.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The batch phase's part of the report: per configuration of batch workers, lines a second to completion and the
 * interactive chat p99 without batches, beside them and after them, against the goal that batches cost interactive
 * requests at most a fifth more at p99.
 */
final class BatchReport {

    /** What the batches may cost interactive chat at p99: beside them ≤ this times without. */
    static final double P99_GOAL = 1.2;

    /**
     * One configuration's figures.
     *
     * @param workers     the gateway's batch workers, as it logged them
     * @param lines       lines submitted
     * @param batches     inline batches they were submitted as
     * @param submit      from the first submission to the last one accepted
     * @param toEnd       from the first submission to the last batch seen ended
     * @param completed   lines answered
     * @param failed      lines failed
     * @param margin      how long after the chat step beside them the last batch ended (negative: before)
     * @param without     chat before the batches
     * @param beside      chat while they ran
     * @param after       chat after they ended
     */
    record Row(OptionalInt workers, int lines, int batches, Duration submit, Duration toEnd, long completed,
               long failed, Duration margin, StepResult without, StepResult beside, StepResult after) {

        double linesPerSecond() {
            return lines / (toEnd.toNanos() / 1e9);
        }

        double p99Ratio() {
            return beside.latency().p99() / without.latency().p99();
        }

        /** Whether the batches ran through the whole chat step beside them. */
        boolean overlapped() {
            return !margin.isNegative();
        }

        String workersName() {
            return workers.isPresent() ? Integer.toString(workers.getAsInt()) : "?";
        }
    }

    private final BenchSettings settings;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    BatchReport(BenchSettings settings) {
        this.settings = settings;
    }

    void row(Row row) {
        rows.add(row);
    }

    void problem(String problem) {
        problems.add(problem);
    }

    void goals(StringBuilder out) {
        for (Row row : rows) {
            BenchReport.goal(out, "chat p99 beside batches vs without, concurrency " + settings.batches().concurrency()
                                     + ", " + row.workersName() + " batch workers"
                                     + (row.overlapped() ? "" : " (batches ended before the step did)"),
                             "≤ " + P99_GOAL + "×", OptionalDouble.of(row.p99Ratio()),
                             ratio -> String.format(Locale.ROOT, "%.2f×", ratio), ratio -> ratio <= P99_GOAL);
        }
    }

    void section(StringBuilder out) {
        BenchSettings.Batches batches = settings.batches();
        out.append("## Batches\n\n")
                .append(String.format(Locale.ROOT, "%,d chat lines of the inline form (`POST /v1/batches {\"inputs\": "
                        + "[...]}`) in batches of %,d, run by the gateway's batch workers through inference to the fake "
                        + "upstream (the run's key has no limits). Beside them, non-streaming chat at concurrency %d: "
                        + "one step without batches, one while they run (submitted just before it), one after they "
                        + "ended; each warms up %d s and measures %d s. Lines/s: from the first submission to the "
                        + "last batch seen ended (polled every 250 ms). Warm-up: chat, then one batch run to its "
                        + "end.%n%n", batches.lines(), batches.perBatch(), batches.concurrency(),
                                        settings.stepWarmup().toSeconds(), settings.measure().toSeconds()));
        problems.forEach(problem -> out.append("Not measured: ").append(problem).append(".\n\n"));
        if (rows.isEmpty()) {
            return;
        }
        out.append("| workers | lines | submitted in | to completion | lines/s | failed lines | chat p50 / p99 "
                           + "without | beside | after | p99 beside / without | batches ran through the step |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | --- |\n");
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %,d | %.1f s | %.1f s | **%,.0f** | %,d | %s | %s | %s | "
                                             + "**%.2f×** | %s |\n", row.workersName(), row.lines(),
                                     row.submit().toMillis() / 1000.0, row.toEnd().toMillis() / 1000.0,
                                     row.linesPerSecond(), row.failed(), BenchReport.latency(row.without()),
                                     BenchReport.latency(row.beside()), BenchReport.latency(row.after()),
                                     row.p99Ratio(), row.overlapped()
                                             ? String.format(Locale.ROOT, "yes (ended %.1f s after)",
                                                             row.margin().toMillis() / 1000.0)
                                             : String.format(Locale.ROOT, "no: ended %.1f s before its end",
                                                             -row.margin().toMillis() / 1000.0)));
        }
        out.append("\nLatencies in ms. \"after\" is the same step once the batches ended: how much two steps without "
                           + "batches differ by themselves.\n\n");
    }

    void failures(Map<String, Long> all) {
        for (Row row : rows) {
            String where = "batch, " + row.workersName() + " workers, ";
            row.without().failures().forEach((reason, count) -> all.merge(where + "chat without: " + reason, count,
                                                                          Long::sum));
            row.beside().failures().forEach((reason, count) -> all.merge(where + "chat beside: " + reason, count,
                                                                         Long::sum));
            row.after().failures().forEach((reason, count) -> all.merge(where + "chat after: " + reason, count,
                                                                        Long::sum));
            if (row.failed() > 0) {
                all.merge(where + "lines failed", row.failed(), Long::sum);
            }
        }
    }
}
