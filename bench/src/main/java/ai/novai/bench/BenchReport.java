package ai.novai.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.DoubleFunction;
import java.util.function.DoublePredicate;

/**
 * The results of one run as Markdown: the goals first, each with ✔ or ✘, then one table per measurement,
 * direct and through NovAI side by side (chat: through NovAI on its embedded defaults and on the production
 * path too, see {@link ChatReport}; embeddings: through NovAI beside the model in process, see
 * {@link EmbeddingReport}), then every failure reason. What could not be measured says so rather than
 * disappearing, so a partial run still reads as one; phases left out of the run ({@code bench.phases})
 * are left out of the report.
 */
public final class BenchReport {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final BenchSettings settings;
    private final Machine machine;
    private final Instant started = Instant.now();
    private final Duration busyAtStart = ProcessStats.machineBusyTime();
    private final Duration selfAtStart = ProcessStats.cpuTime(ProcessHandle.current().pid());
    private Optional<Duration> othersCpu = Optional.empty();
    private final List<String> problems = new ArrayList<>();
    private Duration besideCpu = Duration.ZERO;
    private final ChatReport chat;
    private final List<HoldRow> holds = new ArrayList<>();
    private final EmbeddingReport embeddings;
    private final SlowReaderReport slowReaders;
    private final TracingReport tracing;
    private final SoakReport soak = new SoakReport();
    private final BrownoutReport brownout = new BrownoutReport();
    private final BatchReport batches;
    private final WarmupReport warmup;
    private Map<String, Long> upstreamProtocols = Map.of();

    /** What NovAI's processes used while streams were held open. */
    public record HoldCost(long gatewayRssBefore, long gatewayPeakRss, long inferencePeakRss, Duration gatewayCpu,
                           Duration inferenceCpu) {
    }

    /** Streams held open through one target; the cost only when the target is NovAI. */
    public record HoldRow(String through, StreamHold.Result result, Optional<HoldCost> cost) {
    }

    public BenchReport(BenchSettings settings, Machine machine) {
        this.settings = settings;
        this.machine = machine;
        this.chat = new ChatReport(settings);
        this.embeddings = new EmbeddingReport(settings);
        this.slowReaders = new SlowReaderReport(settings);
        this.tracing = new TracingReport(settings);
        this.batches = new BatchReport(settings);
        this.warmup = new WarmupReport(WarmupSettings.fromSystemProperties(settings.quick()));
    }

    /** Something that kept part of the run from happening, in plain words. */
    public void problem(String problem) {
        problems.add(problem);
    }

    public void hold(HoldRow row) {
        holds.add(row);
    }

    /** The chat phase's part, which that phase fills. */
    ChatReport chat() {
        return chat;
    }

    /** The embeddings phase's part, which that phase fills. */
    EmbeddingReport embeddings() {
        return embeddings;
    }

    /** The slow-readers phase's part, which that phase fills. */
    SlowReaderReport slowReaders() {
        return slowReaders;
    }

    /** The memory soak's part, which that phase fills. */
    SoakReport soak() {
        return soak;
    }

    /** The brownout phase's part, which that phase fills. */
    BrownoutReport brownout() {
        return brownout;
    }

    /** The batch phase's part, which that phase fills. */
    BatchReport batches() {
        return batches;
    }

    /** The warm-up phase's part, which that phase fills. */
    WarmupReport warmup() {
        return warmup;
    }

    /** The tracing phase's part, which that phase fills. */
    TracingReport tracing() {
        return tracing;
    }

    /**
     * Adds the CPU time of a NovAI started beside the run's own (read just before it stops), so that
     * {@link #otherProcesses(Duration)} does not count it as another process's.
     */
    public void besideNovai(Duration cpu) {
        besideCpu = besideCpu.plus(cpu);
    }

    /**
     * Works out how much CPU processes other than the benchmark and NovAI used since the run started: the
     * machine's busy time less this JVM's, NovAI's and that of the NovAIs beside it
     * ({@link #besideNovai(Duration)}). The machine is shared with builds; this says how much
     * they competed with the measurement, better than a load average would.
     *
     * @param novaiCpu CPU time NovAI's processes used, read just before they stop
     */
    public void otherProcesses(Duration novaiCpu) {
        Duration machine = ProcessStats.machineBusyTime().minus(busyAtStart);
        Duration self = ProcessStats.cpuTime(ProcessHandle.current().pid()).minus(selfAtStart);
        othersCpu = Optional.of(machine.minus(self).minus(novaiCpu).minus(besideCpu));
    }

    public void upstreamProtocols(Map<String, Long> byProtocol) {
        upstreamProtocols = Map.copyOf(byProtocol);
    }

    /** The whole report. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        header(out);
        goals(out);
        if (settings.runs(Phase.CHAT)) {
            chat.section(out);
        }
        if (settings.runs(Phase.EMBEDDINGS)) {
            embeddings.section(out);
        }
        if (settings.runs(Phase.STREAMS)) {
            holdTable(out);
        }
        if (settings.runs(Phase.TRACING)) {
            tracing.section(out);
        }
        if (settings.runs(Phase.BROWNOUT)) {
            brownout.section(out);
        }
        if (settings.runs(Phase.BATCH)) {
            batches.section(out);
        }
        if (settings.runs(Phase.SLOW_READERS)) {
            slowReaders.section(out);
        }
        if (settings.runs(Phase.SOAK)) {
            soak.section(out);
        }
        if (settings.runs(Phase.WARMUP)) {
            warmup.section(out);
        }
        failures(out);
        return out.toString();
    }

    private void header(StringBuilder out) {
        Duration took = Duration.between(started, Instant.now());
        out.append("# NovAI benchmark\n\n");
        if (settings.quick()) {
            out.append("**Quick run** (`BENCH_QUICK=1`): short steps and few streams, to check the harness only.\n\n");
        }
        if (!settings.phases().equals(Phase.DEFAULT)) {
            out.append("**Part of a run** (`bench.phases`): ").append(Phase.keys(settings.phases()))
                    .append(" only.\n\n");
        }
        out.append("- Run: ").append(WHEN.format(started)).append(", ").append(took.toMinutes()).append(" min ")
                .append(took.toSecondsPart()).append(" s\n");
        othersCpu.ifPresent(others -> out.append(String.format(
                Locale.ROOT, "- Other processes on the machine during the run: %.0f CPU-seconds, %.0f %% of its "
                        + "capacity (the rest of the figures were measured alongside them)%n",
                Math.max(0, others.toMillis() / 1000.0),
                Math.max(0, 100.0 * others.toNanos() / ((double) took.toNanos() * machine.cores())))));
        out.append(String.format(Locale.ROOT, "- Machine: %d cores, %.1f GiB, %s, %s%n", machine.cores(),
                                 machine.memoryGib(), machine.cpu(), machine.os()));
        out.append("- JDK: ").append(machine.jdk()).append('\n');
        out.append("- NovAI JVMs (gateway, inference").append(settings.runs(Phase.EMBEDDINGS) ? ", embedding" : "")
                .append("): `").append(String.join(" ", settings.serviceJvmOptions()))
                .append("`\n");
        out.append("- Load generator: JDK `HttpClient`, HTTP/1.1, virtual threads, closed loop; it shares one JVM with "
                           + "the fake upstream, and the machine's cores with NovAI\n");
        out.append("- Upstream requests by protocol: ").append(upstreamProtocols.isEmpty() ? "none"
                : String.join(", ", upstreamProtocols.entrySet().stream()
                        .map(entry -> "HTTP/" + entry.getKey() + " " + entry.getValue()).toList())).append('\n');
        for (String problem : problems) {
            out.append("- **Not measured:** ").append(problem.replace("\n", " ")).append('\n');
        }
        out.append('\n');
    }

    private void goals(StringBuilder out) {
        out.append("## Goals\n\n| goal | target | measured | met |\n| --- | --- | --- | --- |\n");
        if (settings.runs(Phase.CHAT)) {
            chat.goals(out);
        }
        if (settings.runs(Phase.EMBEDDINGS)) {
            embeddings.goals(out);
        }
        if (settings.runs(Phase.STREAMS)) {
            streamGoals(out);
        }
        if (settings.runs(Phase.TRACING)) {
            tracing.goals(out);
        }
        if (settings.runs(Phase.BROWNOUT)) {
            brownout.goals(out);
        }
        if (settings.runs(Phase.BATCH)) {
            batches.goals(out);
        }
        if (settings.runs(Phase.SLOW_READERS)) {
            slowReaders.goals(out);
        }
        if (settings.runs(Phase.SOAK)) {
            soak.goal(out);
        }
        if (settings.runs(Phase.WARMUP)) {
            warmup.goals(out);
        }
        out.append('\n');
    }

    private void streamGoals(StringBuilder out) {
        Optional<HoldRow> novai = holds.stream().filter(row -> row.cost().isPresent()).findFirst();
        String streams = String.format(Locale.ROOT, "%,d", settings.streams());
        if (novai.isPresent() && novai.get().result().ran()) {
            StreamHold.Result result = novai.get().result();
            boolean allOpen = result.peakOpen() == result.requested();
            out.append("| ").append(streams).append(" concurrent streams through NovAI | all open at once, 0 errors | ")
                    .append(String.format(Locale.ROOT, "%,d open at once, %,d errors", result.peakOpen(), result.failed()))
                    .append(" | ").append(mark(allOpen && result.failed() == 0)).append(" |\n");
            long rss = novai.get().cost().orElseThrow().gatewayPeakRss();
            out.append("| gateway peak RSS during the ").append(streams).append(" streams | ≤ 1 GiB | ")
                    .append(mib(rss)).append(" | ").append(mark(rss <= GIB)).append(" |\n");
        } else {
            out.append("| ").append(streams).append(" concurrent streams through NovAI | all open at once, 0 errors "
                                                             + "| not measured | — |\n");
            out.append("| gateway peak RSS during the streams | ≤ 1 GiB | not measured | — |\n");
        }
    }

    private void holdTable(StringBuilder out) {
        Pace pace = settings.streamPace();
        out.append("## Held-open streams\n\n")
                .append(String.format(Locale.ROOT, "%,d streams started evenly over %d s, each %d chunks %d ms apart "
                                              + "(about %d s); a stream succeeds with HTTP 200, no error event and "
                                              + "`[DONE]`. Its duration, request to `[DONE]`, shows how late "
                                              + "events come beyond the upstream's pace. The direct row only checks "
                                              + "that the load generator can hold them.%n%n",
                                      settings.streams(), settings.streamRamp().toSeconds(), pace.chunks(),
                                      pace.interval().toMillis(), pace.length().toSeconds()))
                .append("| through | streams | open at once (peak) | succeeded | failed | first event p50 / p99 ms "
                                + "| stream p50 / p99 s | gateway RSS before → peak | inference peak RSS "
                                + "| CPU per stream: gateway, inference | took |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (HoldRow row : holds) {
            StreamHold.Result result = row.result();
            out.append("| ").append(row.through())
                    .append(String.format(Locale.ROOT, " | %,d | %,d | %,d | %,d", result.requested(),
                                          result.peakOpen(), result.succeeded(), result.failed()))
                    .append(" | ").append(latency(result.firstEvent()))
                    .append(" | ").append(seconds(result.duration()))
                    .append(" | ").append(row.cost().map(cost -> mib(cost.gatewayRssBefore()) + " → "
                            + mib(cost.gatewayPeakRss())).orElse("—"))
                    .append(" | ").append(row.cost().map(cost -> mib(cost.inferencePeakRss())).orElse("—"))
                    .append(" | ").append(row.cost().map(cost -> perStream(cost.gatewayCpu(), result) + ", "
                            + perStream(cost.inferenceCpu(), result)).orElse("—"))
                    .append(" | ").append(result.elapsed().toSeconds()).append(" s |\n");
        }
        out.append("\nRSS: `VmRSS` of `/proc/<pid>/status`, sampled every 100 ms during the phase; \"before\" is at its "
                           + "start, after the earlier phases. CPU per stream: user + system CPU time over the phase, "
                           + "divided by the streams.\n\n");
    }

    private void failures(StringBuilder out) {
        Map<String, Long> all = new TreeMap<>();
        chat.failures(all);
        embeddings.failures(all);
        slowReaders.failures(all);
        tracing.failures(all);
        batches.failures(all);
        warmup.failures(all);
        holds.forEach(row -> {
            row.result().failures().forEach((reason, count) -> all.merge("held streams via " + row.through() + ": "
                                                                                 + reason, count, Long::sum));
            int neverStarted = row.result().requested() - row.result().started();
            if (neverStarted > 0 && row.result().ran()) {
                all.merge("held streams via " + row.through() + ": not started before the deadline",
                          (long) neverStarted, Long::sum);
            }
        });
        if (all.isEmpty()) {
            out.append("No request failed.\n");
            return;
        }
        out.append("## Failures\n\n| where: reason | count |\n| --- | ---: |\n");
        all.forEach((reason, count) -> out.append("| ").append(reason.replace("|", "\\|")).append(" | ")
                .append(String.format(Locale.ROOT, "%,d", count)).append(" |\n"));
    }

    /** A row of the goals table: the measured value formatted, ✔ or ✘, or "not measured". */
    static void goal(StringBuilder out, String name, String target, OptionalDouble measured,
                     DoubleFunction<String> format, DoublePredicate met) {
        out.append("| ").append(name).append(" | ").append(target).append(" | ");
        if (measured.isEmpty()) {
            out.append("not measured | — |\n");
            return;
        }
        out.append(format.apply(measured.getAsDouble())).append(" | ").append(mark(met.test(measured.getAsDouble())))
                .append(" |\n");
    }

    static String mark(boolean met) {
        return met ? "✔" : "✘";
    }

    static String perSecond(StepResult step) {
        return step.ran() ? String.format(Locale.ROOT, "%,.0f", step.perSecond()) : "—";
    }

    static String latency(StepResult step) {
        return step.ran() ? latency(step.latency()) : "—";
    }

    static String latency(LatencyStats stats) {
        return stats.count() > 0 ? ms(stats.p50()) + " / " + ms(stats.p99()) : "—";
    }

    private static String seconds(LatencyStats stats) {
        return stats.count() > 0
                ? String.format(Locale.ROOT, "%.1f / %.1f", stats.p50() / 1000, stats.p99() / 1000) : "—";
    }

    static String perRequest(Duration cpu, StepResult step) {
        long requests = step.succeeded() + step.failed();
        return requests == 0 ? "—" : String.format(Locale.ROOT, "%.0f µs", cpu.toNanos() / 1000.0 / requests);
    }

    private static String perStream(Duration cpu, StreamHold.Result result) {
        return result.started() == 0 ? "—"
                : String.format(Locale.ROOT, "%.1f ms", cpu.toNanos() / 1e6 / result.started());
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, "%.2f", millis);
    }

    // one decimal below 10 %, where "0 %" would hide the difference between 0.2 % and 4 %
    static String percent(double ratio) {
        return String.format(Locale.ROOT, ratio < 0.1 ? "%.1f %%" : "%.0f %%", ratio * 100);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes / (1024 * 1024));
    }
}
