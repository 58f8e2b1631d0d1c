package ai.novai.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static ai.novai.bench.BenchMain.progress;

/**
 * Chat completions three ways at each concurrency: the fake upstream directly, through the run's NovAI on
 * its embedded defaults, and through a second NovAI on the production path ({@link ProductionNovai}), started
 * for this phase and stopped (its database dropped) at its end. All targets are warmed up first; then each
 * non-streaming and each streaming step runs direct, embedded, production, one after the other, so a burst
 * of noise from whatever else runs on the machine hits all three rather than one; each NovAI's gateway and
 * inference CPU is metered over exactly its own window. After the steps, the production key's usage ledger
 * is held against the requests that succeeded through it, and the production gateway's log is read for
 * fallbacks from Redis to its in-process limiter.
 * <p>
 * When the production NovAI cannot start (no PostgreSQL or Redis, say), the report says why and the rest
 * runs; when a NovAI stops mid-run, the steps after it leave it out.
 */
final class ChatPhase {

    // rows committed in groups or spooled may come a moment after their answers
    private static final Duration LEDGER_PATIENCE = Duration.ofSeconds(15);

    private final BenchSettings settings;
    private final FakeUpstream upstream;
    private final Optional<NovaiProcesses> embedded;
    private final BooleanSupplier embeddedAlive;
    private final BenchReport report;
    private final Target direct;
    private boolean productionLost;

    /** One closed-loop step against a target, telling the window's edges to {@code window}. */
    @FunctionalInterface
    private interface Step {
        StepResult run(Target target, LoadGenerator.Window window);
    }

    ChatPhase(BenchSettings settings, FakeUpstream upstream, Optional<NovaiProcesses> embedded,
              BooleanSupplier embeddedAlive, BenchReport report) {
        this.settings = settings;
        this.upstream = upstream;
        this.embedded = embedded;
        this.embeddedAlive = embeddedAlive;
        this.report = report;
        this.direct = BenchPhases.chatTarget(ChatReport.DIRECT, upstream.baseUri());
    }

    void run() {
        Optional<ProductionNovai> production = startProduction();
        try {
            measure(production);
        } finally {
            production.ifPresent(this::stop);
        }
    }

    private void measure(Optional<ProductionNovai> production) {
        byte[] request = BenchPhases.body(NovaiProcesses.MODEL, false);
        byte[] stream = BenchPhases.body(NovaiProcesses.MODEL, true);
        try (LoadGenerator load = new LoadGenerator()) {
            warmUp(load, request, stream, production);
            long fallbacksInWarmUp = production.map(ProductionNovai::limiterFallbacks).orElse(0L);
            for (int concurrency : settings.concurrency()) {
                report.chat().requests(step(concurrency, "non-streaming", production, (target, window) ->
                        load.requests(target, request, concurrency, settings.stepWarmup(), settings.measure(), window)));
            }
            for (int concurrency : settings.ttftConcurrency()) {
                report.chat().firstEvent(step(concurrency, "streaming", production, (target, window) ->
                        load.streams(target, stream, concurrency, settings.stepWarmup(), settings.measure(), window)));
            }
            production.ifPresent(novai -> check(novai, load.succeeded(productionTarget(novai)), fallbacksInWarmUp));
        }
    }

    private Optional<ProductionNovai> startProduction() {
        Path workDir = settings.workDir().resolve("production");
        progress("starting NovAI on the production path (PostgreSQL " + ProductionDatabase.NAME + ", "
                         + ProductionNovai.REDIS_URL + ") in " + workDir);
        try {
            ProductionNovai production = ProductionNovai.start(settings, upstream, workDir);
            progress("production NovAI ready: gateway pid " + production.processes().gatewayService().pid()
                             + ", inference pid " + production.processes().inferenceService().pid() + ", key "
                             + production.keyId());
            return Optional.of(production);
        } catch (IOException | SQLException | IllegalStateException e) {
            progress("the production NovAI did not start; measuring without it:\n" + e.getMessage());
            report.problem("chat through NovAI on the production path: it did not start. "
                                   + e.getMessage().lines().findFirst().orElse("") + " (logs: " + workDir + ")");
            return Optional.empty();
        }
    }

    // Long enough at moderate concurrency for the JIT to compile every path before anything is measured.
    private void warmUp(LoadGenerator load, byte[] request, byte[] stream, Optional<ProductionNovai> production) {
        List<Target> targets = new ArrayList<>(List.of(direct));
        embedded.filter(any -> embeddedAlive.getAsBoolean()).ifPresent(novai -> targets.add(embeddedTarget(novai)));
        production.ifPresent(novai -> targets.add(productionTarget(novai)));
        Duration half = settings.warmup().dividedBy(2);
        for (Target target : targets) {
            progress("warming up " + target.label() + " for " + settings.warmup().plus(half).toSeconds() + " s");
            load.requests(target, request, 16, Duration.ZERO, settings.warmup(), LoadGenerator.Window.NONE);
            load.streams(target, stream, 16, Duration.ZERO, half, LoadGenerator.Window.NONE);
        }
    }

    private ChatReport.Step step(int concurrency, String what, Optional<ProductionNovai> production, Step step) {
        StepResult viaDirect = step.run(direct, LoadGenerator.Window.NONE);
        progress(line(what, concurrency, ChatReport.DIRECT, viaDirect));
        ChatReport.Through viaEmbedded = embeddedAlive.getAsBoolean()
                ? through(embedded.orElseThrow(), embeddedTarget(embedded.orElseThrow()), what, concurrency, step)
                : ChatReport.Through.none(ChatReport.NovaiPath.EMBEDDED.label(), concurrency);
        ChatReport.Through viaProduction = productionAlive(production)
                ? through(production.orElseThrow().processes(), productionTarget(production.orElseThrow()), what,
                          concurrency, step)
                : ChatReport.Through.none(ChatReport.NovaiPath.PRODUCTION.label(), concurrency);
        return new ChatReport.Step(concurrency, new ChatReport.Through(ChatReport.DIRECT, viaDirect, Optional.empty()),
                                   viaEmbedded, viaProduction);
    }

    // A step through one NovAI, its gateway's and inference's CPU metered over the window.
    private static ChatReport.Through through(NovaiProcesses novai, Target target, String what, int concurrency,
                                              Step step) {
        long gateway = novai.gatewayService().pid();
        long inference = novai.inferenceService().pid();
        ProcessStats.CpuMeter cpu = new ProcessStats.CpuMeter(List.of(gateway, inference));
        StepResult result = step.run(target, LoadGenerator.Window.of(cpu::start, cpu::stop));
        progress(line(what, concurrency, target.label(), result));
        return new ChatReport.Through(target.label(), result, Optional.of(
                new ChatReport.NovaiCpu(cpu.used(gateway), cpu.used(inference))));
    }

    // Every success billed, every request admitted through Redis.
    private void check(ProductionNovai production, long succeeded, long fallbacksInWarmUp) {
        try {
            long rows = production.ledgerRows(succeeded, LEDGER_PATIENCE);
            long fallbacks = production.limiterFallbacks() - fallbacksInWarmUp;
            ChatReport.ProductionCheck check = new ChatReport.ProductionCheck(production.keyId(), rows, succeeded,
                                                                              fallbacks);
            progress(String.format("production path: %d ledger rows of %s for %d successes (%s); %d fallbacks from "
                                           + "Redis to the in-process limiter during the steps, %d in the warm-ups",
                                   rows, check.keyId(), succeeded, check.billed() ? "every one billed" : "ROWS MISSING",
                                   fallbacks, fallbacksInWarmUp));
            report.chat().production(check);
            if (!check.admittedThroughRedis()) {
                report.problem("Redis admission for some requests of the production path: during the steps its "
                                       + "gateway fell back to its in-process limiter " + fallbacks + " times (its "
                                       + "FailoverLimiter's warnings in " + production.gatewayLog() + " say why)");
            }
        } catch (SQLException | UncheckedIOException e) {
            progress("the production path could not be checked: " + e.getMessage());
            report.problem("the production path's ledger and limiter check: " + e.getMessage());
        }
    }

    // A production NovAI that died mid-run is reported once; the steps after it leave it out.
    private boolean productionAlive(Optional<ProductionNovai> production) {
        if (production.isEmpty() || productionLost) {
            return false;
        }
        if (!production.get().processes().alive()) {
            productionLost = true;
            report.problem("the steps through the production path after its NovAI stopped during the run (logs: "
                                   + settings.workDir().resolve("production") + ")");
            return false;
        }
        return true;
    }

    private void stop(ProductionNovai production) {
        progress("stopping the production NovAI and dropping " + ProductionDatabase.NAME);
        report.besideNovai(production.processes().cpuTime());
        try {
            production.close();
        } catch (SQLException e) {
            progress("the database " + ProductionDatabase.NAME + " could not be dropped: " + e.getMessage());
            report.problem("dropping the production path's database " + ProductionDatabase.NAME + ": "
                                   + e.getMessage());
        }
    }

    private static Target embeddedTarget(NovaiProcesses novai) {
        return novai.gateway(ChatReport.NovaiPath.EMBEDDED.label());
    }

    private static Target productionTarget(ProductionNovai novai) {
        return novai.chat(ChatReport.NovaiPath.PRODUCTION.label());
    }

    private static String line(String what, int concurrency, String target, StepResult step) {
        return String.format("%s c=%d %s: %.0f/s, p50 %.2f ms, p99 %.2f ms, %d failed", what, concurrency,
                             target, step.perSecond(), step.latency().p50(), step.latency().p99(), step.failed());
    }
}
