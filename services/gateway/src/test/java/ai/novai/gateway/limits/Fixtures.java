package ai.novai.gateway.limits;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ai.novai.gateway.keys.BudgetPeriod;
import ai.novai.gateway.keys.KeyLimits;
import ai.novai.gateway.keys.PeriodSpend;
import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;

/** Shared helpers of the limiter tests. */
final class Fixtures {

    static final PeriodSpend NOTHING_SPENT = (key, period, at) -> BigDecimal.ZERO;

    /** A registry with the echo model alone, answering at once: the end-to-end limiter tests' model. */
    static final String ECHO_REGISTRY = """
            providers:
              echo: { type: echo, pace: PT0S }
            models:
              - { id: novai-echo, kind: chat, provider: echo, max-output-tokens: 16 }
            """;

    private Fixtures() {
    }

    /** A short chat completion of the echo model with this key. */
    static HttpResponse<String> chat(Http http, Keys key) {
        return http.send(key.request(http, "/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build());
    }

    static KeyLimits rpm(long rpm) {
        return new KeyLimits(OptionalLong.of(rpm), OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
    }

    static KeyLimits tpm(long tpm) {
        return new KeyLimits(OptionalLong.empty(), OptionalLong.of(tpm), OptionalLong.empty(), Optional.empty());
    }

    static KeyLimits budget(long micros, BudgetPeriod period) {
        return new KeyLimits(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(micros), Optional.of(period));
    }

    /** Runs {@code tasks} copies of {@code task} at once, on virtual threads; their answers. */
    static <T> List<T> concurrently(int tasks, Callable<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < tasks; i++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                answers.add(future.get(30, TimeUnit.SECONDS));
            }
            return answers;
        }
    }

    static long admitted(List<Verdict> verdicts) {
        return verdicts.stream().filter(Verdict::isAdmitted).count();
    }
}
