package ai.novai.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The memory soak's part of the report: each service's resident memory over the run and its slope after the
 * warm-up (least squares over the samples, in MiB per hour), overall and over the last half (a heap that is
 * still growing towards its maximum shows in the first, a leak in both), and how the requests of each kind
 * went. Filled from many threads while the soak runs.
 */
final class SoakReport {

    private static final double MIB = 1024.0 * 1024;
    /** A slope below this many MiB per hour counts as flat: 16 MiB over the default 25 measured minutes. */
    static final double FLAT_MIB_PER_HOUR = 40;

    private final List<Sample> samples = new ArrayList<>();
    private final List<Sample> liveHeaps = new ArrayList<>();
    private final Map<SoakPhase.Kind, LongAdder> succeeded = new EnumMap<>(SoakPhase.Kind.class);
    private final Map<SoakPhase.Kind, LongAdder> skipped = new EnumMap<>(SoakPhase.Kind.class);
    private final Map<SoakPhase.Kind, Failures> failed = new EnumMap<>(SoakPhase.Kind.class);
    private List<String> services = List.of();
    private Optional<BenchSettings.Soak> soak = Optional.empty();

    /** One reading of every service's resident memory (or live heap), in bytes. */
    record Sample(Duration at, Map<String, Long> rssBytes) {
    }

    /**
     * A service's memory over the measured part of the soak: resident memory after the warm-up, at the end,
     * its peak and slopes; the live heap (after a full collection) at the first and last reading and its
     * slope.
     */
    record Trend(String service, long atWarmupEnd, long atEnd, long peak, OptionalDouble slope,
                 OptionalDouble lastHalfSlope, OptionalLong liveFirst, OptionalLong liveLast,
                 OptionalDouble liveSlope) {

        boolean flat() {
            return slope.isPresent() && slope.getAsDouble() < FLAT_MIB_PER_HOUR
                    && lastHalfSlope.orElse(0) < FLAT_MIB_PER_HOUR;
        }

        boolean liveFlat() {
            return liveSlope.isPresent() && liveSlope.getAsDouble() < FLAT_MIB_PER_HOUR;
        }
    }

    SoakReport() {
        for (SoakPhase.Kind kind : SoakPhase.Kind.values()) {
            succeeded.put(kind, new LongAdder());
            skipped.put(kind, new LongAdder());
            failed.put(kind, new Failures());
        }
    }

    synchronized void started(Set<String> serviceNames, BenchSettings.Soak settings) {
        services = List.copyOf(serviceNames);
        soak = Optional.of(settings);
    }

    synchronized void sample(Duration at, Map<String, Long> rssBytes) {
        samples.add(new Sample(at, Map.copyOf(rssBytes)));
    }

    synchronized void liveHeap(Duration at, Map<String, Long> liveBytes) {
        liveHeaps.add(new Sample(at, Map.copyOf(liveBytes)));
    }

    void outcome(SoakPhase.Kind kind, Optional<String> failure) {
        failure.ifPresentOrElse(reason -> failed.get(kind).add(reason), () -> succeeded.get(kind).increment());
    }

    void skipped(SoakPhase.Kind kind) {
        skipped.get(kind).increment();
    }

    /** Counts so far, for progress lines. */
    String summaryLine() {
        long ok = succeeded.values().stream().mapToLong(LongAdder::sum).sum();
        long bad = failed.values().stream()
                .mapToLong(reasons -> reasons.snapshot().values().stream().mapToLong(n -> n).sum()).sum();
        long over = skipped.values().stream().mapToLong(LongAdder::sum).sum();
        return ok + " succeeded, " + bad + " failed, " + over + " skipped";
    }

    /** Each service's trend after the warm-up; empty before the soak ran. */
    synchronized List<Trend> trends() {
        if (soak.isEmpty()) {
            return List.of();
        }
        Duration warmup = soak.get().warmup();
        List<Sample> measured = samples.stream().filter(sample -> sample.at().compareTo(warmup) >= 0).toList();
        if (measured.isEmpty()) {
            return List.of();
        }
        Duration half = measured.getFirst().at().plus(measured.getLast().at()).dividedBy(2);
        List<Sample> lastHalf = measured.stream().filter(sample -> sample.at().compareTo(half) >= 0).toList();
        List<Trend> trends = new ArrayList<>();
        List<Sample> live = liveHeaps.stream().sorted(Comparator.comparing(Sample::at)).toList();
        Optional<Sample> firstLive = live.stream().findFirst();
        Optional<Sample> lastLive = live.isEmpty() ? Optional.empty() : Optional.of(live.getLast());
        for (String service : services) {
            trends.add(new Trend(service, measured.getFirst().rssBytes().get(service),
                                 measured.getLast().rssBytes().get(service),
                                 measured.stream().mapToLong(sample -> sample.rssBytes().get(service)).max().orElse(0),
                                 slopeMibPerHour(measured, service), slopeMibPerHour(lastHalf, service),
                                 bytesOf(firstLive, service), bytesOf(lastLive, service),
                                 slopeMibPerHour(live, service)));
        }
        return trends;
    }

    private static OptionalLong bytesOf(Optional<Sample> sample, String service) {
        return sample.map(reading -> OptionalLong.of(reading.rssBytes().get(service))).orElse(OptionalLong.empty());
    }

    // Least-squares slope of RSS over time.
    static OptionalDouble slopeMibPerHour(List<Sample> samples, String service) {
        if (samples.size() < 3) {
            return OptionalDouble.empty();
        }
        double n = samples.size();
        double sumX = 0;
        double sumY = 0;
        double sumXy = 0;
        double sumXx = 0;
        for (Sample sample : samples) {
            double hours = sample.at().toMillis() / 3_600_000.0;
            double mib = sample.rssBytes().get(service) / MIB;
            sumX += hours;
            sumY += mib;
            sumXy += hours * mib;
            sumXx += hours * hours;
        }
        double denominator = n * sumXx - sumX * sumX;
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of((n * sumXy - sumX * sumY) / denominator);
    }

    /** The soak's goal rows: every service's resident memory and live heap flat after warm-up. */
    void goal(StringBuilder out) {
        List<Trend> trends = trends();
        String rss = trends.isEmpty() ? "not measured" : String.join(", ", trends.stream()
                .map(trend -> trend.service() + " " + slope(trend.slope())).toList());
        out.append("| memory soak: RSS flat after warm-up | < ").append((int) FLAT_MIB_PER_HOUR)
                .append(" MiB/h per service | ").append(rss).append(" | ")
                .append(trends.isEmpty() ? "—" : trends.stream().allMatch(Trend::flat) ? "✔" : "✘").append(" |\n");
        String live = trends.isEmpty() ? "not measured" : String.join(", ", trends.stream()
                .map(trend -> trend.service() + " " + slope(trend.liveSlope())).toList());
        out.append("| memory soak: live heap flat after warm-up | < ").append((int) FLAT_MIB_PER_HOUR)
                .append(" MiB/h per service | ").append(live).append(" | ")
                .append(trends.isEmpty() ? "—" : trends.stream().allMatch(Trend::liveFlat) ? "✔" : "✘").append(" |\n");
    }

    /** The soak's section. */
    void section(StringBuilder out) {
        out.append("## Memory soak\n\n");
        if (soak.isEmpty()) {
            out.append("Not run (NovAI did not start).\n\n");
            return;
        }
        BenchSettings.Soak settings = soak.get();
        out.append(String.format(Locale.ROOT, "%d requests/s for %d s (first %d s warm-up, not in the slopes), "
                                         + "at most %d in flight; RSS sampled every %d s, the live heap (what a full "
                                         + "collection leaves, read with jcmd) every %d s after the warm-up.%n%n",
                                 settings.rate(),
                                 settings.length().toSeconds(), settings.warmup().toSeconds(), settings.inFlight(),
                                 settings.sample().toSeconds(), settings.liveHeapEvery().toSeconds()));
        out.append("| service | RSS after warm-up | RSS at end | peak | RSS slope | RSS slope, last half "
                           + "| live heap, first → last | live-heap slope |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Trend trend : trends()) {
            out.append(String.format(Locale.ROOT, "| %s | %.0f MiB | %.0f MiB | %.0f MiB | %s | %s | %s → %s | %s |%n",
                                     trend.service(), trend.atWarmupEnd() / MIB, trend.atEnd() / MIB,
                                     trend.peak() / MIB, slope(trend.slope()), slope(trend.lastHalfSlope()),
                                     mib(trend.liveFirst()), mib(trend.liveLast()), slope(trend.liveSlope())));
        }
        out.append("\n| kind | succeeded | failed | skipped (too many in flight) |\n| --- | --- | --- | --- |\n");
        Map<String, Long> reasons = new LinkedHashMap<>();
        for (SoakPhase.Kind kind : SoakPhase.Kind.values()) {
            Map<String, Long> failures = failed.get(kind).snapshot();
            long failedCount = failures.values().stream().mapToLong(n -> n).sum();
            failures.forEach((reason, count) -> reasons.merge(kind.name().toLowerCase(Locale.ROOT) + ": " + reason,
                                                              count, Long::sum));
            out.append("| ").append(kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" | ")
                    .append(succeeded.get(kind).sum()).append(" | ").append(failedCount).append(" | ")
                    .append(skipped.get(kind).sum()).append(" |\n");
        }
        out.append('\n');
        reasons.forEach((reason, count) -> out.append("- ").append(count).append(" × ").append(reason).append('\n'));
        synchronized (this) {
            out.append("\nRSS samples (seconds: ").append(String.join(", ", services)).append(", MiB): ");
            List<String> points = new ArrayList<>();
            int stride = Math.max(1, samples.size() / 30);
            for (int i = 0; i < samples.size(); i += stride) {
                Sample sample = samples.get(i);
                points.add(sample.at().toSeconds() + ": " + String.join("/", services.stream()
                        .map(service -> String.valueOf(sample.rssBytes().get(service) >> 20)).toList()));
            }
            out.append(String.join("; ", points)).append("\n\n");
        }
    }

    private static String mib(OptionalLong bytes) {
        return bytes.isPresent() ? String.format(Locale.ROOT, "%.0f MiB", bytes.getAsLong() / MIB) : "—";
    }

    private static String slope(OptionalDouble slope) {
        return slope.isPresent() ? String.format(Locale.ROOT, "%+.1f MiB/h", slope.getAsDouble()) : "—";
    }
}
