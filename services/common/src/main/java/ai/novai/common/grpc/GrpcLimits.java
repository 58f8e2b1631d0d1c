package ai.novai.common.grpc;

/**
 * Message sizes both ends of every internal gRPC hop agree on. The gateway accepts request bodies up to
 * 20 MB; a request's protobuf is never larger than its JSON, so a backend that reads {@link #MAX_REQUEST_BYTES}
 * takes anything the gateway may send, and the gateway refuses (413) a request whose message would be larger
 * before it calls. Responses may be larger than requests (2,048 vectors of 3,072 floats are about 25 MB).
 */
public final class GrpcLimits {

    /** The largest request message a backend reads (Helidon's default is 2 MiB). */
    public static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

    /** The largest response message the gateway reads (gRPC's default is 4 MiB). */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private GrpcLimits() {
    }
}
