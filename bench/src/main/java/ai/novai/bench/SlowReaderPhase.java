package ai.novai.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static ai.novai.bench.BenchMain.progress;

/**
 * The slow-readers phase: {@code bench.slow-readers} clients ({@link SlowReader}) each read one event a
 * second, for {@code bench.slow-reader-hold}, from a stream the fake upstream would send at 50 chunks a
 * second, then hang up.
 * First directly against the fake upstream (the baseline: what the readers and the upstream cost alone,
 * and how far ahead the sockets between them let the upstream run), then through NovAI.
 * <p>
 * Every 5 s it records the resident memory of the gateway, inference and this JVM (readers and upstream),
 * the kernel's TCP buffer memory, the readers' and the upstream's progress, the gateway's open streams, and
 * one fast stream through the same path (does a fast client still get through beside a thousand slow
 * ones?). Before, at the end of the reading and after, the live heap of each JVM ({@code jcmd
 * GC.class_histogram}, which collects first; the histograms go to the work directory), and at the end of
 * the reading where the bytes wait in kernel socket buffers ({@code ss}). The upstream counts what it wrote
 * on each stream ({@link UpstreamLedger}); the gateway's {@code stream_endings} counters are read before
 * and after.
 */
final class SlowReaderPhase {

    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);
    /** How long the gateway may take to end its streams once their readers have gone. */
    static final Duration DRAIN_WAIT = Duration.ofSeconds(30);

    private final BenchSettings settings;
    private final BenchSettings.SlowReaders readers;
    private final FakeUpstream upstream;
    private final Optional<NovaiProcesses> novai;
    private final BooleanSupplier novaiAlive;
    private final SlowReaderReport report;
    private final long self = ProcessHandle.current().pid();

    SlowReaderPhase(BenchSettings settings, FakeUpstream upstream, Optional<NovaiProcesses> novai,
                    BooleanSupplier novaiAlive, SlowReaderReport report) {
        this.settings = settings;
        this.readers = settings.slowReaders();
        this.upstream = upstream;
        this.novai = novai;
        this.novaiAlive = novaiAlive;
        this.report = report;
    }

    void run() {
        byte[] body = body(NovaiProcesses.READER_MODEL, true);
        byte[] probe = body(NovaiProcesses.MODEL, true);
        Target direct = new Target("direct", chatUri(upstream.slowReaderBaseUri(readers.pace())), Optional.empty());
        Target directProbe = new Target("direct", chatUri(upstream.baseUri()), Optional.empty());
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(SCRAPE_TIMEOUT).build()) {
            report.run(once(client, direct, body, directProbe, probe, Optional.empty()));
            if (novaiAlive.getAsBoolean()) {
                NovaiProcesses processes = novai.orElseThrow();
                Target gateway = processes.gateway("NovAI");
                report.run(once(client, gateway, body, gateway, probe, Optional.of(processes)));
            } else {
                report.problem("the readers through NovAI: NovAI is not running");
            }
        }
    }

    private SlowReaderReport.Run once(HttpClient client, Target target, byte[] body, Target probeTarget, byte[] probe,
                                      Optional<NovaiProcesses> through) {
        String label = target.label();
        Optional<Long> gateway = through.map(processes -> processes.gatewayService().pid());
        Optional<Long> inference = through.map(processes -> processes.inferenceService().pid());
        Optional<URI> metrics = through.map(processes -> processes.gatewayService().metrics());
        progress(String.format("slow readers %s: %,d streams over %d s, one event every %d ms for %d s each, "
                                       + "upstream pace %s", label, readers.streams(), readers.ramp().toSeconds(),
                               readers.interval().toMillis(), readers.hold().toSeconds(), readers.pace().segment()));

        Map<String, Double> endingsBefore = metrics.map(uri -> endings(client, uri)).orElse(Map.of());
        SlowReaderReport.Heap heapBefore = heap(label, "before", gateway, inference);
        List<Long> pids = new ArrayList<>(List.of(self));
        gateway.ifPresent(pids::add);
        inference.ifPresent(pids::add);
        ProcessStats.CpuMeter cpu = new ProcessStats.CpuMeter(pids);
        cpu.start();
        UpstreamLedger ledger = upstream.track(readers.pace());
        SlowReader.Live live = new SlowReader.Live();
        ConcurrentLinkedQueue<SlowReaderReport.Probe> probes = new ConcurrentLinkedQueue<>();
        List<SlowReaderReport.Sample> samples = new ArrayList<>();
        long begin = System.nanoTime();
        Thread sampler = Thread.ofPlatform().daemon().name("slow-reader-samples").start(() -> {
            for (long tick = 0; !Thread.currentThread().isInterrupted(); tick++) {
                if (!parkUntil(begin + SAMPLE_EVERY.toNanos() * tick)) {
                    return;
                }
                SlowReaderReport.Sample sample = sample(client, begin, gateway, inference, metrics, ledger, live);
                synchronized (samples) {
                    samples.add(sample);
                }
                if (tick > 0) {
                    Thread.ofVirtual().start(() -> probes.add(probe(client, probeTarget, probe, begin)));
                }
            }
        });

        SlowReader reader = new SlowReader(target, body, readers.hold(), readers.interval(), readers.receiveBuffer(),
                                           readers.mss());
        List<CompletableFuture<SlowReader.Outcome>> outcomes = new ArrayList<>(readers.streams());
        for (int i = 0; i < readers.streams(); i++) {
            if (!parkUntil(begin + readers.ramp().toNanos() * i / readers.streams())) {
                break;
            }
            CompletableFuture<SlowReader.Outcome> outcome = new CompletableFuture<>();
            Thread.ofVirtual().name("slow-reader-", i).start(() -> outcome.complete(reader.read(live)));
            outcomes.add(outcome);
        }

        // The end of the reading: the last instant every reader still reads (the first hangs up at hold).
        parkUntil(begin + readers.hold().minusSeconds(6).toNanos());
        Optional<SlowReaderReport.KernelQueues> queues = KernelQueues.read(
                upstream.slowReaderPort(), through.map(processes -> processes.gateway("").uri().getPort()),
                through.map(processes -> processes.inferenceService().port()), readers.streams());
        List<UpstreamLedger.Counts> atEndOfReading = ledger.snapshot();
        SlowReaderReport.Heap heapSteady = heap(label, "reading", gateway, inference);

        List<SlowReader.Outcome> results = collect(outcomes, begin + readers.ramp().plus(readers.hold())
                .plusSeconds(30).toNanos());
        long readersDone = System.nanoTime();
        // the upstream's streams end when their client (a reader, or inference) hangs up
        long upstreamDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ledger.openStreams() > 0 && System.nanoTime() - upstreamDeadline < 0) {
            parkUntil(System.nanoTime() + Duration.ofMillis(200).toNanos());
        }
        upstream.untrack(ledger);
        Duration upstreamLag = Duration.ofNanos(System.nanoTime() - readersDone);
        int upstreamStillOpen = ledger.openStreams();
        // the gateway ends a stream (bills it, counts its ending) after its client left: until it has ended
        // them all, they still hold their memory
        Optional<Duration> gatewayDrain = metrics.flatMap(uri -> drained(client, uri, readersDone));
        cpu.stop();
        // a last sample once everything is closed and has had a few seconds to be released
        parkUntil(System.nanoTime() + SAMPLE_EVERY.toNanos());
        sampler.interrupt();
        joinQuietly(sampler);
        SlowReaderReport.Sample after = sample(client, begin, gateway, inference, metrics, ledger, live);
        SlowReaderReport.Heap heapAfter = heap(label, "after", gateway, inference);
        Map<String, Double> endingsAfter = metrics.map(uri -> endings(client, uri)).orElse(Map.of());
        SlowReaderReport.Cpu used = new SlowReaderReport.Cpu(gateway.map(cpu::used), inference.map(cpu::used),
                                                             cpu.used(self));

        List<SlowReaderReport.Sample> series;
        synchronized (samples) {
            series = List.copyOf(samples);
        }
        SlowReaderReport.Run run = new SlowReaderReport.Run(
                label, readers, series, after, heapBefore, heapSteady, heapAfter, results,
                readers.streams() - results.size(), atEndOfReading, ledger.snapshot(), upstreamLag,
                upstreamStillOpen, gatewayDrain, queues, delta(endingsBefore, endingsAfter), List.copyOf(probes),
                used, Duration.ofNanos(System.nanoTime() - begin));
        progress(run.summary());
        return run;
    }

    private SlowReaderReport.Sample sample(HttpClient client, long begin, Optional<Long> gateway,
                                           Optional<Long> inference, Optional<URI> metrics, UpstreamLedger ledger,
                                           SlowReader.Live live) {
        return new SlowReaderReport.Sample(
                Duration.ofNanos(System.nanoTime() - begin),
                gateway.map(ProcessStats::rssBytes), inference.map(ProcessStats::rssBytes),
                ProcessStats.rssBytes(self), tcpMemoryBytes(), ledger.chunks(), ledger.openStreams(),
                live.events().sum(), live.open().get(),
                metrics.flatMap(uri -> gauge(client, uri, "novai_gateway_active_streams")));
    }

    // One fast stream through the same path: read to [DONE], how long it took, or why it failed.
    private static SlowReaderReport.Probe probe(HttpClient client, Target target, byte[] body, long begin) {
        long sent = System.nanoTime();
        Duration at = Duration.ofNanos(sent - begin);
        SseEvents events = new SseEvents();
        try {
            HttpResponse<Void> response = client.sendAsync(target.request(body, PROBE_TIMEOUT),
                                                           HttpResponse.BodyHandlers.fromLineSubscriber(events))
                    .get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long took = System.nanoTime() - sent;
            Optional<String> problem = events.problem(response.statusCode());
            return new SlowReaderReport.Probe(at, Duration.ofNanos(took), problem);
        } catch (TimeoutException e) {
            return new SlowReaderReport.Probe(at, PROBE_TIMEOUT,
                                              Optional.of("not done within " + PROBE_TIMEOUT.toSeconds() + " s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SlowReaderReport.Probe(at, Duration.ofNanos(System.nanoTime() - sent), Optional.of("interrupted"));
        } catch (Exception e) {
            return new SlowReaderReport.Probe(at, Duration.ofNanos(System.nanoTime() - sent),
                                              Optional.of(Failures.reason(e)));
        }
    }

    // Live heap after a full collection, of each JVM of the path; the histogram itself is kept in the work dir.
    private SlowReaderReport.Heap heap(String label, String when, Optional<Long> gateway, Optional<Long> inference) {
        return new SlowReaderReport.Heap(gateway.flatMap(pid -> liveHeap(pid, label, "gateway", when)),
                                         inference.flatMap(pid -> liveHeap(pid, label, "inference", when)),
                                         liveHeap(self, label, "bench", when));
    }

    private Optional<Long> liveHeap(long pid, String label, String process, String when) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path out = settings.workDir().resolve("slow-readers-" + label.toLowerCase(Locale.ROOT) + "-"
                                                      + process + "-" + when + ".histogram.txt");
        try {
            Files.createDirectories(out.getParent());
            Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                    .directory(out.getParent().toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
                    .start();
            if (!histogram.waitFor(JCMD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                histogram.destroyForcibly();
                return Optional.empty();
            }
            // the last line: "Total    <instances>    <bytes>"
            return Files.readAllLines(out).reversed().stream()
                    .filter(line -> line.strip().startsWith("Total"))
                    .findFirst()
                    .map(line -> line.strip().split("\\s+"))
                    .filter(fields -> fields.length >= 3)
                    .map(fields -> Long.parseLong(fields[2]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    // TCP socket buffer memory of the whole machine, in bytes: the "mem" pages of /proc/net/sockstat.
    private static Optional<Long> tcpMemoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/sockstat"))) {
                if (line.startsWith("TCP:")) {
                    String[] fields = line.strip().split("\\s+");
                    for (int i = 1; i + 1 < fields.length; i++) {
                        if (fields[i].equals("mem")) {
                            return Optional.of(Long.parseLong(fields[i + 1]) * 4096);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no figure
        }
        return Optional.empty();
    }

    // Waits (at most DRAIN_WAIT) until the gateway has no stream open; how long after the readers' end that was.
    private static Optional<Duration> drained(HttpClient client, URI metrics, long since) {
        long deadline = System.nanoTime() + DRAIN_WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (gauge(client, metrics, "novai_gateway_active_streams").orElse(-1L) == 0) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - since));
            }
            parkUntil(System.nanoTime() + Duration.ofMillis(500).toNanos());
        }
        return Optional.empty();
    }

    private static Optional<Long> gauge(HttpClient client, URI metrics, String name) {
        return scrape(client, metrics, SCRAPE_TIMEOUT).flatMap(text -> text.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .map(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst());
    }

    // novai_gateway_stream_endings_total{outcome="completed",...} 1234.0, by outcome; a busy gateway gets time
    private static Map<String, Double> endings(HttpClient client, URI metrics) {
        Map<String, Double> byOutcome = new TreeMap<>();
        Optional<String> text = Optional.empty();
        for (int attempt = 0; attempt < 3 && text.isEmpty(); attempt++) {
            text = scrape(client, metrics, Duration.ofSeconds(10));
        }
        text.ifPresent(exposition -> exposition.lines()
                .filter(line -> line.startsWith("novai_gateway_stream_endings_total{"))
                .forEach(line -> {
                    int at = line.indexOf("outcome=\"");
                    if (at >= 0) {
                        String outcome = line.substring(at + 9, line.indexOf('"', at + 9));
                        byOutcome.merge(outcome, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
                                        Double::sum);
                    }
                }));
        return byOutcome;
    }

    private static Optional<String> scrape(HttpClient client, URI metrics, Duration timeout) {
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(metrics).timeout(timeout).header("Accept", "text/plain").build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Map<String, Long> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((outcome, count) -> {
            long more = Math.round(count - before.getOrDefault(outcome, 0.0));
            if (more != 0) {
                delta.put(outcome, more);
            }
        });
        return delta;
    }

    private static List<SlowReader.Outcome> collect(List<CompletableFuture<SlowReader.Outcome>> outcomes, long deadline) {
        List<SlowReader.Outcome> results = new ArrayList<>();
        for (CompletableFuture<SlowReader.Outcome> outcome : outcomes) {
            try {
                results.add(outcome.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                results.add(SlowReader.Outcome.failed("reader still running at the phase's deadline"));
            } catch (ExecutionException e) {
                results.add(SlowReader.Outcome.failed(Failures.reason(e)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return results;
    }

    private static boolean parkUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] body(String model, boolean stream) {
        String streaming = stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "";
        return ("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a long story.\"}]"
                + streaming + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static URI chatUri(URI base) {
        return URI.create(base + "/chat/completions");
    }

    /**
     * Where bytes wait in the kernel's socket buffers ({@code ss -tn}, established TCP sockets on this
     * machine), summed by the hop they are on, told apart by ports.
     */
    static final class KernelQueues {

        private static final Pattern SEND_BUFFER = Pattern.compile("\\btb(\\d+)");

        private KernelQueues() {
        }

        static Optional<SlowReaderReport.KernelQueues> read(int upstreamPort, Optional<Integer> gatewayPort,
                                                            Optional<Integer> inferencePort, int streams) {
            List<String> lines;
            try {
                Process ss = new ProcessBuilder("ss", "-tnmH", "state", "established").redirectErrorStream(true)
                        .start();
                lines = new String(ss.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
                if (!ss.waitFor(10, TimeUnit.SECONDS) || ss.exitValue() != 0) {
                    return Optional.empty();
                }
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            int entry = gatewayPort.orElse(upstreamPort);
            long readersRecv = 0;
            long serverSend = 0;
            long grpcGatewayRecv = 0;
            long grpcInferenceSend = 0;
            long inferenceRecv = 0;
            long upstreamSend = 0;
            List<Long> serverSendBuffers = new ArrayList<>();
            boolean serverSide = false;
            for (String line : lines) {
                if (line.contains("skmem:(")) {
                    // the socket's memory, on the line after it: tb<n> is its send buffer
                    if (serverSide) {
                        Matcher tb = SEND_BUFFER.matcher(line);
                        if (tb.find()) {
                            serverSendBuffers.add(Long.parseLong(tb.group(1)));
                        }
                    }
                    continue;
                }
                String[] fields = line.strip().split("\\s+");
                serverSide = false;
                if (fields.length < 4) {
                    continue;
                }
                long recv = Long.parseLong(fields[0]);
                long send = Long.parseLong(fields[1]);
                int local = port(fields[2]);
                int peer = port(fields[3]);
                if (peer == entry) {
                    readersRecv += recv;
                } else if (local == entry) {
                    serverSend += send;
                    serverSide = true;
                }
                if (gatewayPort.isPresent()) {
                    if (peer == upstreamPort) {
                        inferenceRecv += recv;
                    } else if (local == upstreamPort) {
                        upstreamSend += send;
                    }
                    if (inferencePort.isPresent() && peer == inferencePort.get()) {
                        grpcGatewayRecv += recv;
                    } else if (inferencePort.isPresent() && local == inferencePort.get()) {
                        grpcInferenceSend += send;
                    }
                }
            }
            long[] buffers = serverSendBuffers.stream().mapToLong(Long::longValue).sorted().toArray();
            return Optional.of(new SlowReaderReport.KernelQueues(streams, readersRecv, serverSend,
                                                                 grpcGatewayRecv, grpcInferenceSend, inferenceRecv,
                                                                 upstreamSend,
                                                                 buffers.length == 0 ? 0 : buffers[buffers.length / 2],
                                                                 buffers.length == 0 ? 0 : buffers[buffers.length - 1]));
        }

        private static int port(String address) {
            return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        }
    }
}
