package ai.novai.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The tracing phase's part of the report: each round's throughput with tracing off and on (100 % sampled,
 * exported), their ratio, the median ratio against the goal, and how much trace data the sink received.
 */
final class TracingReport {

    /** One off/on pair of steps. */
    record Round(StepResult off, StepResult on) {
        double ratio() {
            return on.perSecond() / off.perSecond();
        }

        /** Both steps ran with successes and without failures: a round whose ratio means something. */
        boolean valid() {
            return off.succeeded() > 0 && on.succeeded() > 0 && off.failed() == 0 && on.failed() == 0;
        }
    }

    private final BenchSettings settings;
    private final List<Round> rounds = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private Optional<long[]> exported = Optional.empty();

    TracingReport(BenchSettings settings) {
        this.settings = settings;
    }

    void round(StepResult off, StepResult on) {
        rounds.add(new Round(off, on));
    }

    void exported(long exports, long spans, long bytes) {
        exported = Optional.of(new long[] {exports, spans, bytes});
    }

    void problem(String problem) {
        problems.add(problem);
    }

    /** The median of the rounds' on/off throughput ratios. */
    OptionalDouble medianRatio() {
        List<Double> ratios = rounds.stream().filter(Round::valid).map(Round::ratio).sorted().toList();
        if (ratios.isEmpty()) {
            return OptionalDouble.empty();
        }
        int middle = ratios.size() / 2;
        return OptionalDouble.of(ratios.size() % 2 == 1 ? ratios.get(middle)
                                         : (ratios.get(middle - 1) + ratios.get(middle)) / 2);
    }

    void goals(StringBuilder out) {
        BenchReport.goal(out, "throughput with tracing at 100 % vs off, concurrency " + settings.tracingConcurrency()
                                 + " (median of rounds)", "≥ 90 %", medianRatio(), BenchReport::percent,
                         v -> v >= 0.90);
    }

    void section(StringBuilder out) {
        out.append("## Tracing overhead\n\n")
                .append("Non-streaming chat through two NovAI instances (gateway and inference each) side by side: "
                                + "one with tracing off (the default), one with every request sampled "
                                + "(`OTEL_TRACES_SAMPLER=always_on`) and exported over OTLP/HTTP to a sink in the "
                                + "benchmark's JVM that accepts and drops. After a warm-up of both, in turns, steps "
                                + "alternate off/on, then on/off, at concurrency ").append(settings.tracingConcurrency())
                .append("; each warms up ").append(settings.stepWarmup().toSeconds()).append(" s and measures ")
                .append(settings.measure().toSeconds()).append(" s.\n\n");
        problems.forEach(problem -> out.append("Not measured: ").append(problem).append(".\n\n"));
        if (rounds.isEmpty()) {
            return;
        }
        out.append("| round | off req/s | on req/s | on/off | off p50 / p99 | on p50 / p99 |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (int i = 0; i < rounds.size(); i++) {
            Round round = rounds.get(i);
            out.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s |\n", i + 1,
                                     BenchReport.perSecond(round.off()), BenchReport.perSecond(round.on()),
                                     BenchReport.percent(round.ratio()), BenchReport.latency(round.off()),
                                     BenchReport.latency(round.on())));
        }
        List<Round> valid = rounds.stream().filter(Round::valid).toList();
        double min = valid.stream().mapToDouble(Round::ratio).min().orElse(Double.NaN);
        double max = valid.stream().mapToDouble(Round::ratio).max().orElse(Double.NaN);
        out.append(String.format(Locale.ROOT, "\nMedian on/off: **%s** over %d of %d rounds (from %s to %s; a round with "
                                         + "a failed request does not count).",
                                 BenchReport.percent(medianRatio().orElse(Double.NaN)), valid.size(), rounds.size(),
                                 BenchReport.percent(min), BenchReport.percent(max)));
        long traced = rounds.stream().mapToLong(round -> round.on().succeeded()).sum();
        exported.ifPresent(sink -> out.append(String.format(Locale.ROOT,
                " The sink received %,d OTLP exports: %,d spans, %,d bytes (warm-ups included; the measured "
                        + "steps alone completed %,d traced requests, of 4 spans each).",
                sink[0], sink[1], sink[2], traced)));
        out.append("\n\n");
    }

    void failures(Map<String, Long> all) {
        for (Round round : rounds) {
            round.off().failures().forEach((reason, count) -> all.merge("tracing off: " + reason, count, Long::sum));
            round.on().failures().forEach((reason, count) -> all.merge("tracing on: " + reason, count, Long::sum));
        }
    }
}
