package ai.novai.deploy.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import ai.novai.inference.fakes.FakeOpenAiUpstream;

/** What the fault tests share: waiting for a condition, the upstream's view, summaries for messages and reports. */
final class Faults {

    private Faults() {
    }

    static String base(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until the condition holds; fails with the message after the timeout. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The attempt ids ({@code X-Request-Id}) of every request the upstream received. */
    static List<String> upstreamRequestIds(FakeOpenAiUpstream upstream) {
        if (upstream.requestCount() > FakeOpenAiUpstream.MAX_RECORDED) {
            throw new AssertionError("the upstream recorded only the last " + FakeOpenAiUpstream.MAX_RECORDED);
        }
        return upstream.requests().stream().map(request -> request.header("X-Request-Id").orElse("(none)")).toList();
    }

    /** How many calls ended each way. */
    static Map<SdkLikeClient.Result, Long> results(List<SdkLikeClient.Call> calls) {
        return calls.stream().collect(Collectors.groupingBy(SdkLikeClient.Call::result, TreeMap::new,
                                                            Collectors.counting()));
    }

    /** The calls that did not end well, for a failure message. */
    static String failures(List<SdkLikeClient.Call> calls) {
        return calls.stream().filter(call -> call.result() != SdkLikeClient.Result.OK).limit(20)
                .map(call -> call.id() + (call.stream() ? " (stream) " : " ") + call.result() + " after "
                        + call.attempts() + " attempt(s): " + call.detail())
                .collect(Collectors.joining("\n"));
    }

    static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    /** Prints a measured figure (the fault tests' report). */
    static void report(String test, String figure) {
        System.out.println("[faults] " + test + ": " + figure);
    }
}
