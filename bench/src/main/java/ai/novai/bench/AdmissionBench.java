package ai.novai.bench;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.keys.KeyLimits;
import ai.novai.gateway.limits.Demand;
import ai.novai.gateway.limits.LimitMetrics;
import ai.novai.gateway.limits.Limiter;
import ai.novai.gateway.limits.LimitSettings;
import ai.novai.gateway.limits.Limiters;
import ai.novai.gateway.limits.RedisSettings;
import ai.novai.gateway.limits.Verdict;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * What admission costs a request: one admission alone (RPM and TPM windows), and one admission plus its
 * settlement (RPM, TPM and budget of one key) on the gateway's Redis limiter, beside a bare Redis PING over the same kind of connection (the floor any
 * shared limiter pays) and the in-process limiter, measured in one run on this machine.
 * <pre>java -cp bench/target/novai-bench.jar ai.novai.bench.AdmissionBench [redis-url] [seconds-per-step]</pre>
 */
public final class AdmissionBench {

    private static final KeyLimits LIMITS = new KeyLimits(OptionalLong.of(1_000_000_000L),
                                                          OptionalLong.of(1_000_000_000_000L),
                                                          OptionalLong.of(1_000_000_000_000L),
                                                          Optional.of(BudgetPeriod.MONTH));

    private static final KeyLimits WINDOWS_ONLY = new KeyLimits(OptionalLong.of(1_000_000_000L),
                                                                OptionalLong.of(1_000_000_000_000L),
                                                                OptionalLong.empty(), Optional.empty());

    private AdmissionBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
        Duration step = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        LimitMetrics metrics = new LimitMetrics();
        Limiter redis = limiter(novai(url), metrics);
        Limiter local = limiter(novai(""), metrics);
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> ping = connection.sync();
            System.out.println("| step | concurrency | ops/s | p50 ms | p99 ms |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (int concurrency : new int[] {1, 16}) {
                run("warm-up Redis admission", concurrency, Duration.ofSeconds(3), () -> admitAndSettle(redis), false);
                run("Redis PING (baseline)", concurrency, step, ping::ping, true);
                run("Redis admission alone (RPM + TPM)", concurrency, step, () -> admitOnly(redis), true);
                run("Redis admission + settlement (RPM + TPM + budget)", concurrency, step,
                    () -> admitAndSettle(redis), true);
                run("in-process admission + settlement", concurrency, step, () -> admitAndSettle(local), true);
            }
        } finally {
            client.shutdown();
            if (redis instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private static Limiter limiter(Config novai, LimitMetrics metrics) {
        return Limiters.create(RedisSettings.from(novai.get("redis")), LimitSettings.from(novai.get("limits")),
                               (key, period, at) -> BigDecimal.ZERO, Clock.systemUTC(), metrics).limiter();
    }

    private static Config novai(String redisUrl) {
        return Config.just(ConfigSources.create(Map.of("redis.url", redisUrl, "redis.timeout", "PT2S")));
    }

    // a new key per call would grow Redis; 64 keys in turn, as a gateway with many clients
    private static final String[] KEYS = new String[64];

    static {
        for (int i = 0; i < KEYS.length; i++) {
            KEYS[i] = "key_bench_" + UUID.randomUUID();
        }
    }

    // windows only, nothing to settle: what admission alone costs a request
    private static Object admitOnly(Limiter limiter) {
        String key = KEYS[(int) (Thread.currentThread().threadId() % KEYS.length)];
        return limiter.admit(new Demand(key, WINDOWS_ONLY, 500, 100));
    }

    private static Object admitAndSettle(Limiter limiter) {
        String key = KEYS[(int) (Thread.currentThread().threadId() % KEYS.length)];
        Verdict verdict = limiter.admit(new Demand(key, LIMITS, 500, 100));
        limiter.settle(verdict.reservation().orElseThrow(), 300, 60);
        return verdict;
    }

    private static void run(String name, int concurrency, Duration duration, java.util.concurrent.Callable<?> op,
                            boolean print) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        List<LatencyStats.Recorder> recorders = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                LatencyStats.Recorder recorder = new LatencyStats.Recorder();
                recorders.add(recorder);
                workers.add(threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        op.call();
                        recorder.record(System.nanoTime() - start);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        LatencyStats stats = LatencyStats.merge(recorders);
        if (print) {
            System.out.printf("| %s | %d | %.0f | %.3f | %.3f |%n", name, concurrency,
                              stats.count() / (double) duration.toSeconds(), stats.p50(), stats.p99());
        }
    }
}
