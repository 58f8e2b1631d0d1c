package ai.novai.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The warm-up phase's part of the report ({@link WarmupPhase}): per variant and round, start-up to healthy,
 * requests a second over the first 30 s against the steady rate, when 80 % of it was reached, the first 30
 * seconds one by one, and the AOT cache's training run.
 */
final class WarmupReport {

    /** The rates the table shows, as ranges of seconds, both ends included. */
    private static final int[][] RANGES = {{1, 5}, {6, 10}, {11, 20}, {21, 30}};
    private static final int SECONDS_LISTED = 30;

    /**
     * One fresh NovAI under load: its start-up to healthy, its curve, the whole run as a step, the share of the
     * machine's CPU other processes used meanwhile, and its JVMs' AOT and CDS warnings.
     */
    record Run(WarmupVariant variant, int round, Duration startup, WarmupCurve curve, StepResult step,
               double othersShare, List<String> complaints) {
    }

    /** The AOT cache's training run: its load, how long the JVMs took to exit and write, what they wrote. */
    record Training(Duration load, Duration writing, Map<String, Long> cacheBytes, List<String> complaints) {
    }

    private final WarmupSettings settings;
    private final List<Run> runs = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private Optional<Training> training = Optional.empty();

    WarmupReport(WarmupSettings settings) {
        this.settings = settings;
    }

    WarmupSettings settings() {
        return settings;
    }

    void run(Run run) {
        runs.add(run);
    }

    void training(Training training) {
        this.training = Optional.of(training);
    }

    void problem(String problem) {
        problems.add(problem);
    }

    void goals(StringBuilder out) {
        for (WarmupVariant variant : settings.variants()) {
            List<Run> ofVariant = runs.stream().filter(run -> run.variant() == variant).toList();
            OptionalDouble worst = ofVariant.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(
                    ofVariant.stream().mapToDouble(run -> secondsToWarm(run.curve())).max().orElseThrow());
            BenchReport.goal(out, "fresh NovAI at ≥ 80 % of its steady rate (3-s mean), " + variant.key()
                                     + " (worst of " + ofVariant.size() + " runs)", "≤ 10 s", worst,
                             this::warmAt, seconds -> seconds <= 10);
        }
    }

    void section(StringBuilder out) {
        int steadyFrom = Math.toIntExact(settings.run().minus(settings.steady()).toSeconds()) + 1;
        out.append("## Warm-up from a fresh start\n\n")
                .append("Per variant, a fresh NovAI (inference and gateway, new JVMs) starts with the variant's options "
                                + "added to the services'; as soon as both answer `/observe/health`, non-streaming chat "
                                + "runs at concurrency ").append(WarmupSettings.CONCURRENCY).append(" for ")
                .append(settings.run().toSeconds()).append(" s, its successes counted second by second. Steady: the "
                                                                   + "mean of seconds ").append(steadyFrom)
                .append("–").append(settings.run().toSeconds())
                .append(". Warm at: the first second whose 3-s mean (it and the two before) is ≥ 80 % of steady. "
                                + "Variants take turns, ").append(settings.rounds()).append(" round(s).\n\n");
        problems.forEach(problem -> out.append("Not measured: ").append(problem).append(".\n\n"));
        training.ifPresent(done -> trainingNote(out, done));
        if (runs.isEmpty()) {
            return;
        }
        out.append("| variant | round | added options | healthy after | s 1–5 | s 6–10 | s 11–20 | s 21–30 | steady "
                           + "| s 1–10 / steady | warm at | steady / default's | p50 / p99 ms | failed | other processes' CPU |\n")
                .append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
                                + "| ---: | ---: |\n");
        for (Run run : runs) {
            WarmupCurve curve = run.curve();
            out.append("| ").append(run.variant().key()).append(" | ").append(run.round())
                    .append(" | ").append(run.variant().describe())
                    .append(String.format(Locale.ROOT, " | %.1f s", run.startup().toMillis() / 1000.0));
            for (int[] range : RANGES) {
                out.append(" | ").append(rate(curve.mean(range[0], range[1])));
            }
            out.append(" | ").append(rate(curve.steady()))
                    .append(" | ").append(BenchReport.percent(curve.firstTenSecondsShare()))
                    .append(" | ").append(warmAt(secondsToWarm(curve)))
                    .append(" | ").append(againstDefault(run))
                    .append(" | ").append(BenchReport.latency(run.step()))
                    .append(" | ").append(run.step().failed())
                    .append(" | ").append(BenchReport.percent(run.othersShare()))
                    .append(" |\n");
        }
        out.append("\nRequests in each of the first ").append(SECONDS_LISTED).append(" s:\n\n");
        for (Run run : runs) {
            out.append("- ").append(run.variant().key()).append(", round ").append(run.round()).append(": ")
                    .append(Arrays.stream(run.curve().first(SECONDS_LISTED)).mapToObj(Long::toString)
                                    .collect(Collectors.joining(" "))).append('\n');
        }
        complaintsNote(out);
        out.append('\n');
    }

    void failures(Map<String, Long> all) {
        for (Run run : runs) {
            run.step().failures().forEach((reason, count) -> all.merge(
                    "warm-up " + run.variant().key() + " round " + run.round() + ": " + reason, count, Long::sum));
        }
    }

    private static void trainingNote(StringBuilder out, Training done) {
        out.append("AOT cache: a training NovAI with `-XX:AOTCacheOutput=<work dir>/warmup/aot-training/<svc>.aot` per "
                           + "service "
                           + "ran ").append(done.load().toSeconds())
                .append(" s of chat at concurrency ").append(WarmupSettings.CONCURRENCY)
                .append(" (two thirds non-streaming, one third streaming), then was stopped with SIGTERM; the JVMs "
                                + "took ").append(done.writing().toSeconds()).append(" s to exit and write their caches (")
                .append(done.cacheBytes().entrySet().stream()
                                .map(entry -> entry.getKey() + " " + BenchReport.mib(entry.getValue()))
                                .collect(Collectors.joining(", ")))
                .append("). ");
        if (done.complaints().isEmpty()) {
            out.append("No AOT or CDS errors or warnings in their logs (but the classes the cache leaves out: JFR "
                               + "events, dynamic proxies).\n\n");
        } else {
            out.append("Their logs' AOT and CDS warnings:\n\n");
            done.complaints().forEach(line -> out.append("    ").append(line).append('\n'));
            out.append('\n');
        }
    }

    private void complaintsNote(StringBuilder out) {
        List<String> all = runs.stream().flatMap(run -> run.complaints().stream()
                .map(line -> run.variant().key() + " round " + run.round() + ": " + line)).toList();
        if (all.isEmpty()) {
            out.append("\nNo AOT or CDS warnings in the measured runs' logs.\n");
            return;
        }
        out.append("\nAOT and CDS warnings in the measured runs' logs:\n\n");
        all.forEach(line -> out.append("    ").append(line).append('\n'));
    }

    // the steady rate over the same round's default run's
    private String againstDefault(Run run) {
        return runs.stream()
                .filter(other -> other.variant() == WarmupVariant.DEFAULT && other.round() == run.round())
                .findFirst()
                .map(base -> BenchReport.percent(run.curve().steady() / base.curve().steady()))
                .orElse("—");
    }

    private String warmAt(double seconds) {
        return Double.isInfinite(seconds) ? "not within " + settings.run().toSeconds() + " s"
                : String.format(Locale.ROOT, "%.0f s", seconds);
    }

    private static double secondsToWarm(WarmupCurve curve) {
        OptionalInt second = curve.secondsToWarm();
        return second.isPresent() ? second.getAsInt() : Double.POSITIVE_INFINITY;
    }

    private static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "—" : String.format(Locale.ROOT, "%,.0f", perSecond);
    }
}
