package ai.novai.gateway.limits;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The busy signal batch work yields to: calls in flight, then a quiet period after the last one. */
class InteractiveLoadTest {

    @Test
    void busyWhileCallsRunAndForTheQuietPeriodAfterTheLast() throws InterruptedException {
        InteractiveLoad load = new InteractiveLoad(Duration.ofMillis(200));
        assertThat("idle at start", load.busy(), is(false));

        load.started();
        load.started();
        load.ended();
        assertThat("one call still runs", load.busy(), is(true));
        load.ended();
        assertThat("within the quiet period", load.busy(), is(true));

        Thread.sleep(300);
        assertThat("quiet again", load.busy(), is(false));
    }
}
