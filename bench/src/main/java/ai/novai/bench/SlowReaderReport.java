package ai.novai.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The slow-readers phase's part of the report ({@link SlowReaderPhase}): its goals, one table with the
 * baseline (the readers against the fake upstream directly) beside the same readers through NovAI, the
 * 5-second series of each run, and its failures.
 */
final class SlowReaderReport {

    private static final long MIB = 1024L * 1024;
    /** The steady part's memory may move by this much at most: unbounded buffering adds ~15 MiB a second. */
    static final long FLAT_RSS_BYTES = 32 * MIB;
    /** The upstream's send rate per stream in the steady part, at most (the readers take 1 a second). */
    static final double THROTTLED_CHUNKS_PER_SECOND = 2.0;

    private final BenchSettings settings;
    private final List<Run> runs = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /**
     * One sample of the 5-second series.
     *
     * @param at            since the first reader started
     * @param gatewayRss    the gateway's resident memory, through NovAI
     * @param inferenceRss  inference's, through NovAI
     * @param benchRss      this JVM's: the readers and the fake upstream
     * @param tcpMemory     the machine's TCP socket buffer memory ({@code /proc/net/sockstat})
     * @param upstreamChunks content chunks the upstream wrote so far on the phase's streams
     * @param upstreamOpen  streams the upstream is still writing
     * @param readerEvents  events the readers read so far
     * @param readersOpen   readers with a stream open
     * @param activeStreams the gateway's {@code novai_gateway_active_streams}
     */
    record Sample(Duration at, Optional<Long> gatewayRss, Optional<Long> inferenceRss, long benchRss,
                  Optional<Long> tcpMemory, long upstreamChunks, int upstreamOpen, long readerEvents,
                  int readersOpen, Optional<Long> activeStreams) {
    }

    /** CPU time each JVM used from the first reader's start until the gateway had ended every stream. */
    record Cpu(Optional<Duration> gateway, Optional<Duration> inference, Duration bench) {
    }

    /** Live heap (after a full collection) of each JVM, in bytes. */
    record Heap(Optional<Long> gateway, Optional<Long> inference, Optional<Long> bench) {
    }

    /** One fast stream sent beside the slow readers: how long it took to {@code [DONE]}, or why it failed. */
    record Probe(Duration at, Duration took, Optional<String> problem) {
    }

    /**
     * Bytes waiting in kernel socket buffers at the end of the reading, by hop (sums over every socket).
     *
     * @param readersRecv       the readers' receive queues
     * @param serverSend        the send queues of the server the readers talk to (gateway, or the upstream)
     * @param grpcGatewayRecv   the gateway's receive queues on its connections to inference
     * @param grpcInferenceSend inference's send queues on them
     * @param inferenceRecv     inference's receive queues on its connections to the upstream
     * @param upstreamSend      the upstream's send queues towards inference
     * @param serverSendBufferMedian the median send buffer ({@code tb}) of the server's sockets to the readers
     * @param serverSendBufferMax    the largest
     */
    record KernelQueues(int streams, long readersRecv, long serverSend, long grpcGatewayRecv,
                        long grpcInferenceSend, long inferenceRecv, long upstreamSend, long serverSendBufferMedian,
                        long serverSendBufferMax) {
    }

    /**
     * One run of the readers, directly or through NovAI.
     *
     * @param notStarted     readers never started (the phase was interrupted)
     * @param upstreamAtEnd  what the upstream had written on each stream at the end of the reading
     * @param upstreamFinal  the same once the streams ended
     * @param upstreamLag    from the last reader's end to the upstream's last stream's end
     * @param upstreamOpen   upstream streams still open after waiting for them
     * @param gatewayDrain   from the last reader's end until the gateway had no stream open (empty: not within
     *                       {@link SlowReaderPhase#DRAIN_WAIT}, or not through NovAI)
     * @param endings        the gateway's {@code stream_endings} counters' increase during the run, by outcome
     */
    record Run(String label, BenchSettings.SlowReaders readers, List<Sample> samples, Sample after,
               Heap heapBefore, Heap heapReading, Heap heapAfter, List<SlowReader.Outcome> outcomes,
               int notStarted, List<UpstreamLedger.Counts> upstreamAtEnd, List<UpstreamLedger.Counts> upstreamFinal,
               Duration upstreamLag, int upstreamOpen, Optional<Duration> gatewayDrain, Optional<KernelQueues> queues,
               Map<String, Long> endings, List<Probe> probes, Cpu cpu, Duration took) {

        boolean throughNovai() {
            return samples.stream().anyMatch(sample -> sample.gatewayRss().isPresent());
        }

        long failed() {
            return outcomes.stream().filter(outcome -> outcome.problem().isPresent()).count() + notStarted;
        }

        Map<String, Long> failures() {
            Map<String, Long> byReason = outcomes.stream().flatMap(outcome -> outcome.problem().stream())
                    .collect(Collectors.groupingBy(reason -> reason, TreeMap::new, Collectors.counting()));
            if (notStarted > 0) {
                byReason.merge("not started", (long) notStarted, Long::sum);
            }
            return byReason;
        }

        /**
         * The samples of the steady part: from 10 s after every reader had its stream open, until the snapshot
         * at the end of the reading (whose full collections would disturb the memory figures).
         */
        List<Sample> steady() {
            Optional<Duration> from = steadyFrom();
            Duration to = readers.hold().minusSeconds(6);
            return from.map(start -> samples.stream()
                    .filter(s -> s.at().compareTo(start) >= 0 && s.at().compareTo(to) <= 0).toList())
                    .orElse(List.of());
        }

        Optional<Duration> steadyFrom() {
            return samples.stream().filter(s -> s.readersOpen() >= readers.streams()).findFirst()
                    .map(s -> s.at().plusSeconds(10));
        }

        Optional<Sample> before() {
            return samples.isEmpty() ? Optional.empty() : Optional.of(samples.getFirst());
        }

        /** Per stream and second over the steady part: the upstream's chunks, or the readers' events. */
        OptionalDouble steadyRate(ToLongFunction<Sample> counter) {
            List<Sample> steady = steady();
            if (steady.size() < 2) {
                return OptionalDouble.empty();
            }
            Sample first = steady.getFirst();
            Sample last = steady.getLast();
            double seconds = (last.at().toNanos() - first.at().toNanos()) / 1e9;
            return OptionalDouble.of((counter.applyAsLong(last) - counter.applyAsLong(first)) / seconds
                                             / readers.streams());
        }

        /** Resident memory over the steady part: min, max, mean; empty without samples. */
        Optional<long[]> steadyRss(Function<Sample, Optional<Long>> rss) {
            long[] values = steady().stream().map(rss).flatMap(Optional::stream).mapToLong(Long::longValue).toArray();
            if (values.length == 0) {
                return Optional.empty();
            }
            return Optional.of(new long[] {Arrays.stream(values).min().orElseThrow(),
                                           Arrays.stream(values).max().orElseThrow(),
                                           (long) Arrays.stream(values).average().orElseThrow()});
        }

        OptionalDouble gatewayFlatness() {
            return steadyRss(Sample::gatewayRss).map(v -> OptionalDouble.of(v[1] - v[0])).orElse(OptionalDouble.empty());
        }

        OptionalDouble upstreamSteadyRate() {
            return steadyRate(Sample::upstreamChunks);
        }

        String summary() {
            return String.format(Locale.ROOT, "slow readers %s: %,d readers, %,d failed, events read p50 %s; upstream "
                                         + "chunks per stream p50 %s of %s; steady upstream %s chunks/s per stream; "
                                         + "gateway RSS steady %s; endings %s; %d s",
                                 label, outcomes.size(), failed(), p50(outcomes, SlowReader.Outcome::events),
                                 p50(upstreamFinal, UpstreamLedger.Counts::chunks),
                                 p50(upstreamFinal, counts -> wouldHaveSent(counts, readers.pace())),
                                 rate(upstreamSteadyRate()),
                                 steadyRss(Sample::gatewayRss).map(v -> mib(v[0]) + "–" + mib(v[1])).orElse("—"),
                                 endings, took.toSeconds());
        }
    }

    SlowReaderReport(BenchSettings settings) {
        this.settings = settings;
    }

    void run(Run run) {
        runs.add(run);
    }

    void problem(String problem) {
        problems.add(problem);
    }

    /** What the pace would have written on a stream open this long, had nothing held it back. */
    static long wouldHaveSent(UpstreamLedger.Counts counts, Pace pace) {
        long interval = pace.interval().toNanos();
        return interval == 0 ? pace.chunks() : Math.min(pace.chunks(), counts.openNanos() / interval);
    }

    /** The goals' rows. */
    void goals(StringBuilder out) {
        BenchSettings.SlowReaders readers = settings.slowReaders();
        String streams = String.format(Locale.ROOT, "%,d", readers.streams());
        Optional<Run> novai = runs.stream().filter(Run::throughNovai).findFirst();
        if (novai.isEmpty()) {
            out.append("| ").append(streams).append(" slow readers through NovAI | 0 errors, none cut | not measured | — |\n");
            out.append("| gateway RSS during the slow readers' steady part, max − min | ≤ 32 MiB | not measured | — |\n");
            out.append("| upstream send rate per slow-read stream, steady part | ≤ 2 chunks/s | not measured | — |\n");
            return;
        }
        Run run = novai.get();
        long cut = run.endings().getOrDefault("client_too_slow", 0L);
        out.append("| ").append(streams).append(" slow readers (1 event/s) through NovAI | 0 errors, none cut | ")
                .append(String.format(Locale.ROOT, "%,d errors, %,d cut as client_too_slow", run.failed(), cut))
                .append(" | ").append(BenchReport.mark(run.failed() == 0 && cut == 0)).append(" |\n");
        BenchReport.goal(out, "gateway RSS during the slow readers' steady part, max − min", "≤ 32 MiB",
                         run.gatewayFlatness(), value -> mib((long) value), value -> value <= FLAT_RSS_BYTES);
        BenchReport.goal(out, "upstream send rate per slow-read stream, steady part", "≤ 2 chunks/s (unthrottled 50)",
                         run.upstreamSteadyRate(), value -> rate(OptionalDouble.of(value)) + " chunks/s",
                         value -> value <= THROTTLED_CHUNKS_PER_SECOND);
    }

    /** The phase's section. */
    void section(StringBuilder out) {
        BenchSettings.SlowReaders readers = settings.slowReaders();
        Pace pace = readers.pace();
        out.append("## Slow readers\n\n")
                .append(String.format(Locale.ROOT,
                        "%,d clients started evenly over %d s, each reading one event every %d ms for %d s, then "
                                + "hanging up: a plain socket whose receive buffer was asked to be %,d bytes "
                                + "(`getsockopt` says %s), announcing an MSS of %s (in use: %s), read through a "
                                + "%d-byte buffer, nothing read between two events. The fake upstream would send %d "
                                + "chunks %d ms apart (%.0f a second for %d s), each with %s of content, on a port of "
                                + "its own whose connections' send buffer is %s, and counts what each stream's "
                                + "writes actually took. First the readers against the fake upstream directly (the "
                                + "baseline: what readers and upstream cost alone), then through NovAI. Steady "
                                + "part: from 10 s after the last reader got its stream to %d s, when the last "
                                + "snapshot is taken.%n%n",
                        readers.streams(), readers.ramp().toSeconds(), readers.interval().toMillis(),
                        readers.hold().toSeconds(), readers.receiveBuffer(), effective(SlowReader.Outcome::receiveBuffer),
                        readers.mss() > 0 ? String.format(Locale.ROOT, "%,d bytes", readers.mss())
                                : "loopback's (65,483 bytes)", effective(SlowReader.Outcome::mss), 512,
                        pace.chunks(), pace.interval().toMillis(),
                        pace.interval().isZero() ? 0 : 1000.0 / pace.interval().toMillis(), pace.length().toSeconds(),
                        pace.contentBytes() > 0 ? String.format(Locale.ROOT, "%,d bytes", pace.contentBytes())
                                : "a short token",
                        readers.upstreamSendBuffer() > 0
                                ? String.format(Locale.ROOT, "fixed (`SO_SNDBUF` %,d bytes asked for; Linux doubles "
                                                        + "it)", readers.upstreamSendBuffer())
                                : "sized by Linux", readers.hold().minusSeconds(6).toSeconds()));
        for (String problem : problems) {
            out.append("**Not measured:** ").append(problem).append("\n\n");
        }
        if (runs.isEmpty()) {
            return;
        }
        out.append("| | ").append(runs.stream().map(run -> run.throughNovai() ? "through NovAI" : "directly (baseline)")
                                    .collect(Collectors.joining(" | "))).append(" |\n")
                .append("| --- |").append(" ---: |".repeat(runs.size())).append('\n');
        row(out, "readers: succeeded / failed", run -> String.format(Locale.ROOT, "%,d / %,d",
                                                                     run.outcomes().size() - run.failed() + run.notStarted(),
                                                                     run.failed()));
        row(out, "events read per reader, p50 (min)", run -> p50(run.outcomes(), SlowReader.Outcome::events) + " ("
                + min(run.outcomes(), SlowReader.Outcome::events) + ")");
        row(out, "events read per reader and second, steady part", run -> rate(run.steadyRate(Sample::readerEvents)));
        row(out, "failed readers: reading ended after p50 (min–max) s, events read p50", run -> failedTiming(run));
        row(out, "events a reader could read at once when it stopped pacing itself (2-s final drain), p50 / max", run ->
                p50(run.outcomes(), SlowReader.Outcome::drainedEvents) + " / "
                        + max(run.outcomes(), SlowReader.Outcome::drainedEvents));
        row(out, "readers' longest wait for data, p50 / p99 / max s", run -> waits(run.outcomes()));
        row(out, "first event p50 / p99 ms", run -> firstEvent(run.outcomes()));
        row(out, "upstream: chunks written per stream, p50 (min–max)", run ->
                p50(run.upstreamFinal(), UpstreamLedger.Counts::chunks) + " ("
                        + min(run.upstreamFinal(), UpstreamLedger.Counts::chunks) + "–"
                        + max(run.upstreamFinal(), UpstreamLedger.Counts::chunks) + ")");
        row(out, "upstream: without backpressure, per stream p50", run ->
                p50(run.upstreamFinal(), counts -> wouldHaveSent(counts, pace)));
        row(out, "upstream: written / would have written, all streams", run -> BenchReport.percent(sentRatio(run, pace)));
        row(out, "upstream: chunks per stream and second, steady part", run -> rate(run.upstreamSteadyRate()));
        row(out, "upstream: time its writes were blocked, share of stream time", run ->
                BenchReport.percent(blockedShare(run.upstreamFinal())));
        row(out, "upstream: longest single blocked write per stream, p50 / max s", run ->
                secondsP50Max(run.upstreamFinal(), UpstreamLedger.Counts::longestWriteNanos));
        row(out, "steady part", run -> run.steady().isEmpty() ? "none"
                : run.steady().getFirst().at().toSeconds() + "–" + run.steady().getLast().at().toSeconds() + " s");
        row(out, "gateway RSS: before → steady min–max (mean) → after", run -> rss(run, Sample::gatewayRss));
        row(out, "gateway RSS per stream, KiB (steady mean − before)", run -> perStream(run, Sample::gatewayRss));
        row(out, "gateway live heap: before → reading → after", run -> heap(run, Heap::gateway));
        row(out, "gateway live heap per stream, KiB (reading − before)", run -> heapPerStream(run, Heap::gateway));
        row(out, "inference RSS: before → steady min–max (mean) → after", run -> rss(run, Sample::inferenceRss));
        row(out, "inference RSS per stream, KiB", run -> perStream(run, Sample::inferenceRss));
        row(out, "inference live heap: before → reading → after", run -> heap(run, Heap::inference));
        row(out, "inference live heap per stream, KiB", run -> heapPerStream(run, Heap::inference));
        row(out, "benchmark JVM (readers + upstream) RSS: before → steady min–max (mean) → after",
            run -> rss(run, sample -> Optional.of(sample.benchRss())));
        row(out, "benchmark JVM live heap: before → reading → after", run -> heap(run, Heap::bench));
        row(out, "benchmark JVM live heap per stream, KiB", run -> heapPerStream(run, Heap::bench));
        row(out, "CPU: gateway / inference / benchmark JVM, s", run -> String.format(Locale.ROOT, "%s / %s / %.1f",
                run.cpu().gateway().map(SlowReaderReport::seconds).orElse("—"),
                run.cpu().inference().map(SlowReaderReport::seconds).orElse("—"),
                run.cpu().bench().toMillis() / 1000.0));
        row(out, "machine's TCP buffer memory: before → steady max → after", run -> tcp(run));
        row(out, "kernel queues per stream at the end of the reading, KiB: readers' receive / server's send",
            run -> run.queues().map(q -> kib(q.readersRecv(), q.streams()) + " / " + kib(q.serverSend(), q.streams()))
                    .orElse("—"));
        row(out, "… the server's socket send buffers (as Linux sized them), median / max KiB", run -> run.queues()
                .map(q -> String.format(Locale.ROOT, "%,.0f / %,.0f", q.serverSendBufferMedian() / 1024.0,
                                        q.serverSendBufferMax() / 1024.0)).orElse("—"));
        row(out, "… gRPC gateway receive / inference send; inference receive from upstream / upstream send",
            run -> run.throughNovai() ? run.queues().map(q -> kib(q.grpcGatewayRecv(), q.streams()) + " / "
                    + kib(q.grpcInferenceSend(), q.streams()) + "; " + kib(q.inferenceRecv(), q.streams()) + " / "
                    + kib(q.upstreamSend(), q.streams())).orElse("—") : "—");
        row(out, "gateway stream endings during the run", run -> run.throughNovai()
                ? (run.endings().isEmpty() ? "none" : run.endings().entrySet().stream()
                        .map(entry -> entry.getKey() + " " + String.format(Locale.ROOT, "%,d", entry.getValue()))
                        .collect(Collectors.joining(", "))) : "—");
        row(out, "upstream streams ended after the last reader (lag) / still open", run ->
                String.format(Locale.ROOT, "%.1f s / %d", run.upstreamLag().toMillis() / 1000.0, run.upstreamOpen()));
        row(out, "gateway had ended every stream, after the last reader", run -> !run.throughNovai() ? "—"
                : run.gatewayDrain().map(drain -> seconds(drain) + " s")
                        .orElse("not within " + SlowReaderPhase.DRAIN_WAIT.toSeconds() + " s"));
        row(out, "a fast stream beside them, every 5 s: to [DONE] p50 / max ms, failed", run -> probes(run.probes()));
        row(out, "took", run -> run.took().toSeconds() + " s");
        out.append("\nRSS: `VmRSS` every 5 s. CPU: user + system time from the first reader's start until the "
                           + "gateway had ended every stream. Live heap: `jcmd <pid> GC.class_histogram` (a full collection, then "
                           + "the live objects' total), before the readers start, at the end of the reading and after; "
                           + "per stream = difference / streams. Kernel queues: `ss -tn` Recv-Q and Send-Q summed by "
                           + "hop, per stream. Waiting for data: time a reader spent in `read` beyond its own pauses "
                           + "(a pipeline that keeps up never makes it wait). Upstream \"without backpressure\": "
                           + "what its pace would have written in the time each stream was open.\n\n");
        for (Run run : runs) {
            series(out, run);
        }
    }

    private void series(StringBuilder out, Run run) {
        boolean novai = run.throughNovai();
        out.append("### Every 5 s, ").append(novai ? "through NovAI" : "directly (baseline)").append("\n\n")
                .append("| t s |").append(novai ? " gateway RSS MiB | inference RSS MiB |" : "")
                .append(" benchmark JVM RSS MiB | machine's TCP buffers MiB | readers open |")
                .append(novai ? " gateway active streams |" : "")
                .append(" upstream chunks/s per stream | events/s per reader |\n")
                .append("| ---: |").append(novai ? " ---: | ---: |" : "").append(" ---: | ---: | ---: |")
                .append(novai ? " ---: |" : "").append(" ---: | ---: |\n");
        Sample previous = null;
        List<Sample> all = new ArrayList<>(run.samples());
        all.add(run.after());
        for (Sample sample : all) {
            boolean after = sample == run.after();
            out.append("| ").append(after ? "after (" + sample.at().toSeconds() + ")" : sample.at().toSeconds());
            if (novai) {
                out.append(" | ").append(sample.gatewayRss().map(SlowReaderReport::mibNumber).orElse("—"))
                        .append(" | ").append(sample.inferenceRss().map(SlowReaderReport::mibNumber).orElse("—"));
            }
            out.append(" | ").append(mibNumber(sample.benchRss()))
                    .append(" | ").append(sample.tcpMemory().map(SlowReaderReport::mibNumber).orElse("—"))
                    .append(" | ").append(String.format(Locale.ROOT, "%,d", sample.readersOpen()));
            if (novai) {
                out.append(" | ").append(sample.activeStreams().map(n -> String.format(Locale.ROOT, "%,d", n)).orElse("—"));
            }
            if (previous == null) {
                out.append(" | — | —");
            } else {
                double seconds = (sample.at().toNanos() - previous.at().toNanos()) / 1e9;
                int streams = run.readers().streams();
                out.append(" | ").append(rate(OptionalDouble.of((sample.upstreamChunks() - previous.upstreamChunks())
                                                                         / seconds / streams)))
                        .append(" | ").append(rate(OptionalDouble.of((sample.readerEvents() - previous.readerEvents())
                                                                             / seconds / streams)));
            }
            out.append(" |\n");
            previous = sample;
        }
        out.append('\n');
    }

    /** Every failure, by where and why. */
    void failures(Map<String, Long> all) {
        for (Run run : runs) {
            String where = "slow readers " + (run.throughNovai() ? "via NovAI" : "direct") + ": ";
            run.failures().forEach((reason, count) -> all.merge(where + reason, count, Long::sum));
            run.probes().stream().flatMap(probe -> probe.problem().stream())
                    .forEach(reason -> all.merge(where + "fast probe: " + reason, 1L, Long::sum));
        }
    }

    private void row(StringBuilder out, String name, Function<Run, String> value) {
        out.append("| ").append(name);
        for (Run run : runs) {
            out.append(" | ").append(value.apply(run));
        }
        out.append(" |\n");
    }

    // what the sockets of the readers said, the first that did
    private String effective(ToIntFunction<SlowReader.Outcome> value) {
        return runs.stream().flatMap(run -> run.outcomes().stream()).mapToInt(value)
                .filter(size -> size > 0).findFirst()
                .stream().mapToObj(size -> String.format(Locale.ROOT, "%,d bytes", size)).findFirst().orElse("unknown");
    }

    private static double sentRatio(Run run, Pace pace) {
        long sent = run.upstreamFinal().stream().mapToLong(UpstreamLedger.Counts::chunks).sum();
        long would = run.upstreamFinal().stream().mapToLong(counts -> wouldHaveSent(counts, pace)).sum();
        return would == 0 ? 0 : (double) sent / would;
    }

    private static double blockedShare(List<UpstreamLedger.Counts> streams) {
        long blocked = streams.stream().mapToLong(UpstreamLedger.Counts::blockedNanos).sum();
        long open = streams.stream().mapToLong(UpstreamLedger.Counts::openNanos).sum();
        return open == 0 ? 0 : (double) blocked / open;
    }

    private static String rss(Run run, Function<Sample, Optional<Long>> rss) {
        Optional<Long> before = run.before().flatMap(rss);
        if (before.isEmpty()) {
            return "—";
        }
        return mib(before.get()) + " → " + run.steadyRss(rss).map(v -> mibNumber(v[0]) + "–" + mib(v[1])
                + " (" + mib(v[2]) + ")").orElse("—") + " → " + rss.apply(run.after()).map(SlowReaderReport::mib)
                .orElse("—");
    }

    private static String perStream(Run run, Function<Sample, Optional<Long>> rss) {
        Optional<Long> before = run.before().flatMap(rss);
        Optional<long[]> steady = run.steadyRss(rss);
        if (before.isEmpty() || steady.isEmpty()) {
            return "—";
        }
        return kib(steady.get()[2] - before.get(), run.readers().streams());
    }

    private static String heap(Run run, Function<Heap, Optional<Long>> heap) {
        if (heap.apply(run.heapBefore()).isEmpty() && heap.apply(run.heapReading()).isEmpty()) {
            return "—";
        }
        return heap.apply(run.heapBefore()).map(SlowReaderReport::mib).orElse("?") + " → "
                + heap.apply(run.heapReading()).map(SlowReaderReport::mib).orElse("?") + " → "
                + heap.apply(run.heapAfter()).map(SlowReaderReport::mib).orElse("?");
    }

    private static String heapPerStream(Run run, Function<Heap, Optional<Long>> heap) {
        Optional<Long> before = heap.apply(run.heapBefore());
        Optional<Long> reading = heap.apply(run.heapReading());
        if (before.isEmpty() || reading.isEmpty()) {
            return "—";
        }
        return kib(reading.get() - before.get(), run.readers().streams());
    }

    private static String tcp(Run run) {
        Optional<Long> before = run.before().flatMap(Sample::tcpMemory);
        Optional<long[]> steady = run.steadyRss(Sample::tcpMemory);
        return before.map(SlowReaderReport::mib).orElse("—") + " → " + steady.map(v -> mib(v[1])).orElse("—") + " → "
                + run.after().tcpMemory().map(SlowReaderReport::mib).orElse("—");
    }

    private static String waits(List<SlowReader.Outcome> outcomes) {
        long[] waits = outcomes.stream().filter(outcome -> outcome.status() == 200)
                .mapToLong(SlowReader.Outcome::maxWaitNanos).sorted().toArray();
        if (waits.length == 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", percentile(waits, 50) / 1e9,
                             percentile(waits, 99) / 1e9, waits[waits.length - 1] / 1e9);
    }

    private static <T> String secondsP50Max(List<T> items, ToLongFunction<T> nanos) {
        long[] values = items.stream().mapToLong(nanos).sorted().toArray();
        return values.length == 0 ? "—" : String.format(Locale.ROOT, "%.1f / %.1f", percentile(values, 50) / 1e9,
                                                         values[values.length - 1] / 1e9);
    }

    private static String failedTiming(Run run) {
        List<SlowReader.Outcome> failed = run.outcomes().stream()
                .filter(outcome -> outcome.problem().isPresent() && outcome.endedNanos() > 0).toList();
        if (failed.isEmpty()) {
            return "—";
        }
        long[] ended = failed.stream().mapToLong(SlowReader.Outcome::endedNanos).sorted().toArray();
        return String.format(Locale.ROOT, "%.1f (%.1f–%.1f), %s", percentile(ended, 50) / 1e9, ended[0] / 1e9,
                             ended[ended.length - 1] / 1e9, p50(failed, SlowReader.Outcome::events));
    }

    private static String firstEvent(List<SlowReader.Outcome> outcomes) {
        long[] firsts = outcomes.stream().mapToLong(SlowReader.Outcome::firstEventNanos).filter(n -> n > 0).sorted()
                .toArray();
        return firsts.length == 0 ? "—" : String.format(Locale.ROOT, "%.1f / %.1f", percentile(firsts, 50) / 1e6,
                                                         percentile(firsts, 99) / 1e6);
    }

    private static String probes(List<Probe> probes) {
        if (probes.isEmpty()) {
            return "—";
        }
        long[] took = probes.stream().mapToLong(probe -> probe.took().toNanos()).sorted().toArray();
        long failed = probes.stream().filter(probe -> probe.problem().isPresent()).count();
        return String.format(Locale.ROOT, "%.1f / %.1f, %d of %d failed", percentile(took, 50) / 1e6,
                             took[took.length - 1] / 1e6, failed, probes.size());
    }

    private static <T> String p50(List<T> items, ToLongFunction<T> value) {
        long[] values = items.stream().mapToLong(value).sorted().toArray();
        return values.length == 0 ? "—" : String.format(Locale.ROOT, "%,d", percentile(values, 50));
    }

    private static <T> String min(List<T> items, ToLongFunction<T> value) {
        return items.stream().mapToLong(value).min().stream()
                .mapToObj(v -> String.format(Locale.ROOT, "%,d", v)).findFirst().orElse("—");
    }

    private static <T> String max(List<T> items, ToLongFunction<T> value) {
        return items.stream().mapToLong(value).max().stream()
                .mapToObj(v -> String.format(Locale.ROOT, "%,d", v)).findFirst().orElse("—");
    }

    // nearest rank, as LatencyStats
    private static long percentile(long[] sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }

    static String rate(OptionalDouble perSecond) {
        return perSecond.isPresent() ? String.format(Locale.ROOT, "%.2f", perSecond.getAsDouble()) : "—";
    }

    private static String kib(long bytes, int streams) {
        return streams == 0 ? "—" : String.format(Locale.ROOT, "%.1f", bytes / 1024.0 / streams);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / (double) MIB);
    }

    private static String mibNumber(long bytes) {
        return String.format(Locale.ROOT, "%,.0f", bytes / (double) MIB);
    }
}
