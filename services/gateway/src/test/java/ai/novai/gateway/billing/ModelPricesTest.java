package ai.novai.gateway.billing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ai.novai.gateway.models.ModelCatalog.Listing;
import ai.novai.proto.common.v1.ModelInfo;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

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
    }, Duration.ofSeconds(30), now::get);

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

    private static Listing ok(String backend, ModelInfo... models) {
        return new Listing(backend, List.of(models), Optional.empty());
    }

    private static Listing failed(String backend) {
        return new Listing(backend, List.of(), Optional.of(Status.DEADLINE_EXCEEDED.asRuntimeException()));
    }
}
