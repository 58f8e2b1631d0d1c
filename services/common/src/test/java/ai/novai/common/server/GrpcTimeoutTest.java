package ai.novai.common.server;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class GrpcTimeoutTest {

    @Test
    void everyUnitOfTheWireFormat() {
        assertThat(GrpcTimeout.nanos("2H"), is(Optional.of(TimeUnit.HOURS.toNanos(2))));
        assertThat(GrpcTimeout.nanos("5M"), is(Optional.of(TimeUnit.MINUTES.toNanos(5))));
        assertThat(GrpcTimeout.nanos("30S"), is(Optional.of(TimeUnit.SECONDS.toNanos(30))));
        assertThat(GrpcTimeout.nanos("299999m"), is(Optional.of(TimeUnit.MILLISECONDS.toNanos(299_999))));
        assertThat(GrpcTimeout.nanos("7u"), is(Optional.of(7_000L)));
        assertThat(GrpcTimeout.nanos("99999999n"), is(Optional.of(99_999_999L)));
    }

    @Test
    void anythingElseIsNoTimeout() {
        assertThat(GrpcTimeout.nanos(null), is(Optional.empty()));
        assertThat(GrpcTimeout.nanos(""), is(Optional.empty()));
        assertThat(GrpcTimeout.nanos("S"), is(Optional.empty()));
        assertThat("more than eight digits", GrpcTimeout.nanos("123456789S"), is(Optional.empty()));
        assertThat(GrpcTimeout.nanos("10s"), is(Optional.empty()));
        assertThat(GrpcTimeout.nanos("-1S"), is(Optional.empty()));
        assertThat(GrpcTimeout.nanos("1.5S"), is(Optional.empty()));
    }
}
