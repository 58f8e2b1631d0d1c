package ai.novai.inference.observability;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class DeploymentCallsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final DeploymentCalls calls = new DeploymentCalls(Duration.ofMinutes(5), now::get);

    @Test
    void countsErrorsAndTakesNearestRankPercentilesOfTheWindow() {
        for (int millis = 1; millis <= 100; millis++) {
            calls.record("a/x", Duration.ofMillis(millis), millis % 2 == 0 ? Optional.of(Duration.ofMillis(millis / 2))
                    : Optional.empty(), millis > 90);
        }

        DeploymentCalls.Summary summary = calls.summary("a/x");

        assertThat(summary.calls(), is(100L));
        assertThat(summary.errors(), is(10L));
        assertThat(summary.latencyP50Ms(), is(50.0));
        assertThat(summary.latencyP99Ms(), is(99.0));
        // the 50 streamed calls: 1, 2, ... 50 ms to the first chunk
        assertThat(summary.ttftP50Ms(), is(25.0));
        assertThat(summary.ttftP99Ms(), is(50.0));
    }

    @Test
    void callsOlderThanTheWindowAreNotCounted() {
        calls.record("a/x", Duration.ofMillis(500), Optional.empty(), true);
        now.addAndGet(Duration.ofMinutes(5).plusSeconds(1).toNanos());
        calls.record("a/x", Duration.ofMillis(10), Optional.empty(), false);

        DeploymentCalls.Summary summary = calls.summary("a/x");

        assertThat(summary.calls(), is(1L));
        assertThat(summary.errors(), is(0L));
        assertThat(summary.latencyP99Ms(), is(10.0));
    }

    @Test
    void keepsOnlyTheLastCallsOfADeploymentAndNothingForOneNeverCalled() {
        for (int i = 0; i < DeploymentCalls.KEPT + 100; i++) {
            calls.record("a/x", Duration.ofMillis(i < 100 ? 10_000 : 1), Optional.empty(), i < 100);
        }

        assertThat(calls.summary("a/x").calls(), is((long) DeploymentCalls.KEPT));
        assertThat(calls.summary("a/x").errors(), is(0L));
        assertThat(calls.summary("a/x").latencyP99Ms(), is(1.0));
        assertThat(calls.summary("b/y"), is(new DeploymentCalls.Summary(0, 0, 0, 0, 0, 0)));
    }
}
