package ai.novai.common.server;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Message;
import io.grpc.BindableService;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Answers a request message that does not parse with {@code INVALID_ARGUMENT} at once. Helidon 4.5 cancels
 * such a call, logs an ERROR with its stack and sends no status, so the caller waited for its deadline (5
 * minutes for a chat). Each method's request marshaller is wrapped so that a message it cannot parse arrives
 * as a marker message, and the call's listener closes the call for it and ignores what follows.
 */
final class RequestParseGuard {

    private static final System.Logger LOGGER = System.getLogger(RequestParseGuard.class.getName());

    private RequestParseGuard() {
    }

    /** The service with every method guarded; its schema descriptors (for reflection) kept. */
    static BindableService guard(BindableService service) {
        ServerServiceDefinition definition = service.bindService();
        ServiceDescriptor original = definition.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
            ServerMethodDefinition<?, ?> guarded = guard(method);
            descriptor.addMethod(guarded.getMethodDescriptor());
            methods.add(guarded);
        }
        ServerServiceDefinition.Builder guardedDefinition = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(guardedDefinition::addMethod);
        ServerServiceDefinition built = guardedDefinition.build();
        return () -> built;
    }

    @SuppressWarnings("unchecked")
    private static <Q, R> ServerMethodDefinition<Q, R> guard(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> original = method.getMethodDescriptor();
        if (!(original.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> protobuf
                && protobuf.getMessagePrototype() instanceof Message prototype)) {
            return method; // not protobuf: left as it is
        }
        Q unparsable = (Q) prototype.newBuilderForType().build();
        MethodDescriptor<Q, R> descriptor = original.toBuilder(new Lenient<>(protobuf, unparsable),
                                                               original.getResponseMarshaller()).build();
        return ServerMethodDefinition.create(descriptor, new Handler<>(method.getServerCallHandler(), unparsable));
    }

    // Parses as the original does; a message it refuses becomes UNPARSABLE: a message object of its own, told
    // apart by identity (parsing makes new objects, or the type's default instance; never this one). Helidon
    // queues parsed messages, so it cannot be null.
    private static final class Lenient<Q> implements MethodDescriptor.Marshaller<Q> {

        private final MethodDescriptor.Marshaller<Q> delegate;
        private final Q unparsable;

        Lenient(MethodDescriptor.Marshaller<Q> delegate, Q unparsable) {
            this.delegate = delegate;
            this.unparsable = unparsable;
        }

        @Override
        public InputStream stream(Q value) {
            return delegate.stream(value);
        }

        @Override
        public Q parse(InputStream stream) {
            try {
                return delegate.parse(stream);
            } catch (StatusRuntimeException unparsableMessage) {
                // protobuf's marshaller reports an invalid message so (INTERNAL, "Invalid protobuf byte sequence")
                LOGGER.log(System.Logger.Level.DEBUG, "request message does not parse", unparsableMessage);
                return unparsable;
            }
        }
    }

    private record Handler<Q, R>(ServerCallHandler<Q, R> delegate, Q unparsable) implements ServerCallHandler<Q, R> {

        @Override
        public ServerCall.Listener<Q> startCall(ServerCall<Q, R> call, Metadata headers) {
            return new Guarded<>(delegate.startCall(call, headers), call, unparsable);
        }
    }

    private static final class Guarded<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {

        private final ServerCall<Q, R> call;
        private final Q unparsable;
        private boolean refused;

        Guarded(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call, Q unparsable) {
            super(delegate);
            this.call = call;
            this.unparsable = unparsable;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            if (message == unparsable) {
                refused = true;
                call.close(Status.INVALID_ARGUMENT.withDescription("the request message does not parse"), new Metadata());
                return;
            }
            super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                super.onReady();
            }
        }
    }
}
