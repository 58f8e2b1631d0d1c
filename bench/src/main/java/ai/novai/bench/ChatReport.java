package ai.novai.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import static ai.novai.bench.BenchReport.goal;
import static ai.novai.bench.BenchReport.mark;
import static ai.novai.bench.BenchReport.ms;
import static ai.novai.bench.BenchReport.percent;

/**
 * The chat phase's part of the report: per step one row per target, the fake upstream direct, NovAI on
 * its embedded defaults and NovAI on the production path ({@link ProductionNovai}), with what each NovAI
 * adds to direct, their throughput against direct and against each other, and their CPU per request; the
 * goals of those figures; and whether the production key's usage ledger holds a row for every request
 * that succeeded through it.
 */
final class ChatReport {

    /** The label of the fake upstream's rows. */
    static final String DIRECT = "direct";

    private static final double LATENCY_P50_GOAL_MS = 0.5;
    private static final double LATENCY_P99_GOAL_MS = 2;
    private static final double VS_DIRECT_GOAL = 0.30;
    private static final double PRODUCTION_VS_EMBEDDED_GOAL = 0.85;
    private static final double CPU_GOAL_MICROS = 150;
    private static final double FIRST_EVENT_GOAL_MS = 1;

    private final BenchSettings settings;
    private final List<Step> requests = new ArrayList<>();
    private final List<Step> firstEvents = new ArrayList<>();
    private Optional<ProductionCheck> production = Optional.empty();

    /** The two ways through NovAI that the steps measure. */
    enum NovaiPath {
        /** H2, the in-process limiter, a development key: what a NovAI without configuration runs on. */
        EMBEDDED("embedded"),
        /** PostgreSQL, Redis, a key issued by the admin API with limits and a budget ({@link ProductionNovai}). */
        PRODUCTION("production");

        private final String label;

        NovaiPath(String label) {
            this.label = label;
        }

        /** Its name in the report and the progress lines. */
        String label() {
            return label;
        }

        /** Its part of a step. */
        Through of(Step step) {
            return this == EMBEDDED ? step.embedded() : step.production();
        }
    }

    /** CPU time NovAI's two processes spent during a measurement window. */
    record NovaiCpu(Duration gateway, Duration inference) {
        Duration total() {
            return gateway.plus(inference);
        }
    }

    /** One target's part of a step; NovAI's CPU over the window when the target is NovAI. */
    record Through(String label, StepResult result, Optional<NovaiCpu> cpu) {

        /** A target that was not measured (a NovAI that is not running). */
        static Through none(String label, int concurrency) {
            return new Through(label, StepResult.none(concurrency), Optional.empty());
        }

        boolean measured() {
            return result.ran() && result.latency().count() > 0;
        }

        /** CPU time per request of the window, in microseconds. */
        OptionalDouble cpuMicrosPerRequest() {
            long requests = result.succeeded() + result.failed();
            return cpu.isEmpty() || requests == 0 ? OptionalDouble.empty()
                    : OptionalDouble.of(cpu.get().total().toNanos() / 1000.0 / requests);
        }
    }

    /** One step at one concurrency: direct, then through each NovAI. */
    record Step(int concurrency, Through direct, Through embedded, Through production) {

        List<Through> all() {
            return List.of(direct, embedded, production);
        }

        OptionalDouble addedP50(Through novai) {
            return difference(novai, result -> result.latency().p50());
        }

        OptionalDouble addedP99(Through novai) {
            return difference(novai, result -> result.latency().p99());
        }

        OptionalDouble vsDirect(Through novai) {
            return ratio(novai, direct);
        }

        OptionalDouble productionVsEmbedded() {
            return ratio(production, embedded);
        }

        private OptionalDouble difference(Through novai, ToDoubleFunction<StepResult> figure) {
            return novai.measured() && direct.measured()
                    ? OptionalDouble.of(figure.applyAsDouble(novai.result()) - figure.applyAsDouble(direct.result()))
                    : OptionalDouble.empty();
        }

        private static OptionalDouble ratio(Through of, Through to) {
            return of.measured() && to.measured()
                    ? OptionalDouble.of(of.result().perSecond() / to.result().perSecond()) : OptionalDouble.empty();
        }
    }

    /**
     * Whether the production path did what it is there for, checked after the chat steps.
     *
     * @param keyId            the issued key's id
     * @param ledgerRows       the key's rows in the usage ledger
     * @param succeeded        the requests and streams the load generator sent through the production path and
     *                         saw succeed, warm-ups included
     * @param limiterFallbacks how often the gateway fell back from Redis to its in-process limiter during
     *                         the steps (the warm-ups left out: the first requests may find it still
     *                         connecting to Redis)
     */
    record ProductionCheck(String keyId, long ledgerRows, long succeeded, long limiterFallbacks) {

        /** Every success has its ledger row. */
        boolean billed() {
            return ledgerRows >= succeeded;
        }

        /** Every request was admitted through Redis. */
        boolean admittedThroughRedis() {
            return limiterFallbacks == 0;
        }
    }

    ChatReport(BenchSettings settings) {
        this.settings = settings;
    }

    void requests(Step step) {
        requests.add(step);
    }

    void firstEvent(Step step) {
        firstEvents.add(step);
    }

    void production(ProductionCheck check) {
        production = Optional.of(check);
    }

    void goals(StringBuilder out) {
        Optional<Step> one = find(requests, 1);
        Optional<Step> sixteen = find(requests, 16);
        for (NovaiPath path : NovaiPath.values()) {
            goal(out, "added latency p50, concurrency 1, " + path.label(), "≤ " + limit(LATENCY_P50_GOAL_MS) + " ms",
                 figure(one, step -> step.addedP50(path.of(step))), value -> ms(value) + " ms",
                 value -> value <= LATENCY_P50_GOAL_MS);
            goal(out, "added latency p99, concurrency 1, " + path.label(), "≤ " + limit(LATENCY_P99_GOAL_MS) + " ms",
                 figure(one, step -> step.addedP99(path.of(step))), value -> ms(value) + " ms",
                 value -> value <= LATENCY_P99_GOAL_MS);
        }
        for (NovaiPath path : NovaiPath.values()) {
            goal(out, "throughput " + path.label() + " vs direct, concurrency 16", "≥ " + percent(VS_DIRECT_GOAL),
                 figure(sixteen, step -> step.vsDirect(path.of(step))), BenchReport::percent,
                 value -> value >= VS_DIRECT_GOAL);
        }
        goal(out, "throughput production vs embedded, concurrency 16", "≥ " + percent(PRODUCTION_VS_EMBEDDED_GOAL),
             figure(sixteen, Step::productionVsEmbedded), BenchReport::percent,
             value -> value >= PRODUCTION_VS_EMBEDDED_GOAL);
        goal(out, "CPU per request, gateway + inference, concurrency 16, production",
             "≤ " + limit(CPU_GOAL_MICROS) + " µs", figure(sixteen, step -> step.production().cpuMicrosPerRequest()),
             value -> String.format(Locale.ROOT, "%.0f µs", value), value -> value <= CPU_GOAL_MICROS);
        for (NovaiPath path : NovaiPath.values()) {
            goal(out, "streaming time to first event added, p50, concurrency 1, " + path.label(),
                 "≤ " + limit(FIRST_EVENT_GOAL_MS) + " ms",
                 figure(find(firstEvents, 1), step -> step.addedP50(path.of(step))), value -> ms(value) + " ms",
                 value -> value <= FIRST_EVENT_GOAL_MS);
        }
        out.append("| usage ledger rows of the production key | ≥ requests that succeeded through it | ")
                .append(production.map(check -> String.format(Locale.ROOT, "%,d rows, %,d succeeded",
                                                              check.ledgerRows(), check.succeeded())
                        + " | " + mark(check.billed())).orElse("not measured | —"))
                .append(" |\n");
        out.append("| production requests admitted through Redis, all steps | no fallback to the in-process limiter | ")
                .append(production.map(check -> String.format(Locale.ROOT, "%,d fallbacks", check.limiterFallbacks())
                        + " | " + mark(check.admittedThroughRedis())).orElse("not measured | —"))
                .append(" |\n");
    }

    void section(StringBuilder out) {
        out.append("## Non-streaming chat completions\n\n").append(stepNote())
                .append(table("req/s", "p50 / p99 ms", "CPU per request: gateway + inference", requests))
                .append("\nCPU per request: the process's user + system CPU time over the measurement window, divided "
                                + "by the window's requests; at low rates it is dominated by the JVM's background work "
                                + "(JIT, GC, timers) rather than by the requests.\n\n");
        out.append("## Streaming: time to first event\n\n")
                .append("Each stream is read to its `[DONE]`; the latency is the time from sending the request to the "
                                + "first `data:` event. The fake upstream sends its first event at once, then "
                                + Pace.FAST.chunks() + " content chunks without pauses.\n\n")
                .append(stepNote())
                .append(table("streams/s", "first event p50 / p99 ms", "CPU per stream: gateway + inference",
                              firstEvents))
                .append('\n');
        production.ifPresent(check -> out.append(String.format(
                Locale.ROOT, "The production path after the chat steps: the key `%s` has %,d rows in `usage_ledger` "
                        + "for %,d requests and streams that succeeded through it, warm-ups included %s; during the "
                        + "steps its gateway fell back from Redis to its in-process limiter %,d times %s.%n%n",
                check.keyId(), check.ledgerRows(), check.succeeded(), mark(check.billed()), check.limiterFallbacks(),
                mark(check.admittedThroughRedis()))));
    }

    void failures(Map<String, Long> all) {
        collect(all, "non-streaming", requests);
        collect(all, "streaming", firstEvents);
    }

    private String stepNote() {
        return "Closed loop: each step warms up " + settings.stepWarmup().toSeconds() + " s, then measures "
                + settings.measure().toSeconds() + " s; at each concurrency the steps run directly, through NovAI on "
                + "its embedded defaults (H2, in-process limits, a development key), then through NovAI on the "
                + "production path (PostgreSQL, Redis, a key issued by the admin API with limits and a budget). "
                + "\"vs direct\" and \"production / embedded\" compare throughput.\n\n";
    }

    private static String table(String rate, String latency, String cpu, List<Step> steps) {
        StringBuilder table = new StringBuilder()
                .append("| concurrency | through | ").append(rate).append(" | ").append(latency)
                .append(" | added p50 / p99 ms | vs direct | production / embedded | ").append(cpu)
                .append(" | failures |\n| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Step step : steps) {
            row(table, step.concurrency(), step.direct(), "—", "—", "—");
            for (NovaiPath path : NovaiPath.values()) {
                Through novai = path.of(step);
                row(table, step.concurrency(), novai, added(step, novai), ratio(step.vsDirect(novai)),
                    path == NovaiPath.PRODUCTION ? ratio(step.productionVsEmbedded()) : "—");
            }
        }
        return table.toString();
    }

    private static void row(StringBuilder table, int concurrency, Through through, String added, String vsDirect,
                            String vsEmbedded) {
        table.append("| ").append(concurrency)
                .append(" | ").append(through.label())
                .append(" | ").append(BenchReport.perSecond(through.result()))
                .append(" | ").append(BenchReport.latency(through.result()))
                .append(" | ").append(added)
                .append(" | ").append(vsDirect)
                .append(" | ").append(vsEmbedded)
                .append(" | ").append(through.cpu().map(used -> BenchReport.perRequest(used.gateway(), through.result())
                        + " + " + BenchReport.perRequest(used.inference(), through.result())).orElse("—"))
                .append(" | ").append(through.result().ran() ? Long.toString(through.result().failed()) : "—")
                .append(" |\n");
    }

    private static void collect(Map<String, Long> all, String what, List<Step> steps) {
        for (Step step : steps) {
            for (Through through : step.all()) {
                through.result().failures().forEach((reason, count) -> all.merge(
                        what + " c=" + step.concurrency() + " " + through.label() + ": " + reason, count, Long::sum));
            }
        }
    }

    private static OptionalDouble figure(Optional<Step> step, Function<Step, OptionalDouble> of) {
        return step.map(of).orElse(OptionalDouble.empty());
    }

    private static Optional<Step> find(List<Step> steps, int concurrency) {
        return steps.stream().filter(step -> step.concurrency() == concurrency).findFirst();
    }

    private static String added(Step step, Through novai) {
        OptionalDouble p50 = step.addedP50(novai);
        return p50.isPresent() ? ms(p50.getAsDouble()) + " / " + ms(step.addedP99(novai).getAsDouble()) : "—";
    }

    private static String ratio(OptionalDouble ratio) {
        return ratio.isPresent() ? percent(ratio.getAsDouble()) : "—";
    }

    // a goal's limit without trailing zeros: 0.5, 2, 150
    private static String limit(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
