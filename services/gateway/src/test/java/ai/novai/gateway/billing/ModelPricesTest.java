package ai.novai.gateway.billing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ai.novai.gateway.models.ModelCatalog.Listing;
import ai.novai.proto.common.v1.ModelInfo;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ModelPricesTest {

    private static final ModelInfo CHAT = ModelInfo.newBuilder().setId("gpt-test").addAliases("gpt").build();
    private static final ModelInfo NEW_CHAT = ModelInfo.newBuilder().setId("gpt-new").build();
    private static final ModelInfo EMBEDDING = ModelInfo.newBuilder().setId("embed-test").build();

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<List<Listing>> answer = new AtomicReference<>(List.of(
            ok("inference", CHAT), ok("embedding", EMBEDDING)));
    private final ModelPrices prices = new ModelPrices(() -> {
        calls.incrementAndGet();
        return answer.get();
    }, Duration.ofSeconds(30), now::get, Runnable::run); // refreshes run on the caller's thread: counted at once

    @Test
    void aListingIsReusedForItsTtlAndFoundByAlias() {
        assertThat(prices.find("gpt").map(ModelInfo::getId), is(Optional.of("gpt-test")));
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(prices.find("embed-test").isPresent(), is(true));
        assertThat(calls.get(), is(1));
    }

    @Test
    void aBackendThatFailsKeepsItsPreviousModelsAndIsAskedAgainSoon() {
        prices.find("gpt-test");
        answer.set(List.of(failed("inference"), ok("embedding", EMBEDDING)));
        now.addAndGet(Duration.ofSeconds(31).toNanos());

        assertThat(prices.find("gpt-test").isPresent(), is(true));
        assertThat(calls.get(), is(2));
        answer.set(List.of(ok("inference", CHAT), ok("embedding", EMBEDDING)));
        now.addAndGet(Duration.ofMillis(1_100).toNanos());
        prices.find("gpt-test");
        assertThat(calls.get(), is(3));
    }

    @Test
    void anUnknownModelAsksTheBackendsAgainAtMostOnceASecond() {
        prices.find("gpt-test");
        answer.set(List.of(ok("inference", CHAT, NEW_CHAT), ok("embedding", EMBEDDING)));

        assertThat(prices.find("gpt-new").isPresent(), is(false));
        now.addAndGet(Duration.ofMillis(1_001).toNanos());
        assertThat(prices.find("gpt-new").isPresent(), is(true));
        assertThat(prices.find("nope").isPresent(), is(false));
        assertThat(calls.get(), is(2));
    }

    @Test
    void aKnownModelIsServedFromTheCacheWhileARefreshHangsOnADownBackend() throws InterruptedException {
        CountDownLatch backendAnswers = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        ModelPrices background = new ModelPrices(() -> {
            if (asked.incrementAndGet() > 1) {
                awaitQuietly(backendAnswers);
            }
            return answer.get();
        }, Duration.ofSeconds(30), now::get);
        try {
            assertThat(background.find("gpt-test").isPresent(), is(true));
            now.addAndGet(Duration.ofSeconds(31).toNanos());

            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                for (int i = 0; i < 100; i++) {
                    assertThat(background.find("gpt").isPresent(), is(true));
                    assertThat(background.find("embed-test").isPresent(), is(true));
                }
            });
            // the refresh runs in the background: give it the time to start before counting
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (asked.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(asked.get(), is(2)); // one refresh at a time, however many requests found the listing stale
        } finally {
            backendAnswers.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Listing ok(String backend, ModelInfo... models) {
        return new Listing(backend, List.of(models), Optional.empty());
    }

    private static Listing failed(String backend) {
        return new Listing(backend, List.of(), Optional.of(Status.DEADLINE_EXCEEDED.asRuntimeException()));
    }
}
