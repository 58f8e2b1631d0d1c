package ai.novai.gateway.backends;

import ai.novai.common.grpc.BackendError;
import ai.novai.gateway.errors.ApiException;
import io.grpc.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class GrpcToHttpErrorsTest {

    @ParameterizedTest
    @CsvSource({
            "INVALID_ARGUMENT, 400", "OUT_OF_RANGE, 400", "FAILED_PRECONDITION, 400",
            "UNAUTHENTICATED, 401", "PERMISSION_DENIED, 403", "NOT_FOUND, 404",
            "ALREADY_EXISTS, 409", "ABORTED, 409", "RESOURCE_EXHAUSTED, 429", "CANCELLED, 499",
            "UNIMPLEMENTED, 501", "UNAVAILABLE, 503", "DEADLINE_EXCEEDED, 504",
            "UNKNOWN, 500", "INTERNAL, 500", "DATA_LOSS, 500"})
    void mapsEveryStatusCode(Status.Code code, int http) {
        assertThat(GrpcToHttpErrors.httpStatus(code).code(), is(http));
    }

    @Test
    void aBackendsOwnErrorKeepsItsWords() {
        ApiException e = GrpcToHttpErrors.toApiException("inference", BackendError.invalidArgument(
                "'temperature' must be between 0 and 2.", "temperature", "invalid_value").toException());

        assertThat(e.status().code(), is(400));
        assertThat(e.error().message(), is("'temperature' must be between 0 and 2."));
        assertThat(e.error().param(), is("temperature"));
        assertThat(e.error().code(), is("invalid_value"));
        assertThat(e.error().type(), is("invalid_request_error"));
    }

    @Test
    void aBareStatusGetsAGenericMessageNamingTheBackend() {
        ApiException e = GrpcToHttpErrors.toApiException(
                "embedding", Status.DEADLINE_EXCEEDED.withDescription("internal detail").asRuntimeException());

        assertThat(e.status().code(), is(504));
        assertThat(e.error().message(), is("The embedding service did not answer in time."));
        assertThat(e.error().code(), is("timeout"));
    }
}
