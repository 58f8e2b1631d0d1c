package ai.novai.common.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

class BackendErrorTest {

    @Test
    void travelsThroughAGrpcStatusWithAllItsParts() {
        BackendError sent = BackendError.notFound("The model 'x' does not exist.", "model", "model_not_found");

        StatusRuntimeException onTheWire = sent.toException();
        // what a client sees: the status and the trailers only
        StatusRuntimeException received = new StatusRuntimeException(onTheWire.getStatus(), onTheWire.getTrailers());

        assertThat(received.getStatus().getCode(), is(Status.Code.NOT_FOUND));
        assertThat(BackendError.from(received).orElseThrow(), is(sent));
    }

    @Test
    void keepsAbsentCodeAndParamAbsent() {
        BackendError sent = new BackendError(Status.Code.UNAVAILABLE, "upstream down", "server_error", null, null);

        BackendError received = BackendError.from(sent.toException()).orElseThrow();

        assertThat(received.code(), is(nullValue()));
        assertThat(received.param(), is(nullValue()));
        assertThat(received.type(), is("server_error"));
    }

    @Test
    void aBareStatusCarriesNoBackendError() {
        assertThat(BackendError.from(Status.DEADLINE_EXCEEDED.asRuntimeException()).isPresent(), is(false));
        assertThat(BackendError.from(Status.UNAVAILABLE.asRuntimeException(new Metadata())).isPresent(), is(false));
        assertThat(BackendError.from(new IllegalStateException("not grpc")).isPresent(), is(false));
    }
}
