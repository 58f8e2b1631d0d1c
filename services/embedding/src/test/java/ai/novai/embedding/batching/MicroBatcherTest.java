package ai.novai.embedding.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import ai.novai.common.grpc.BackendError;
import ai.novai.common.grpc.CancelSignal;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The batcher on its own, with a model that doubles numbers and records the batches it is given.
 */
class MicroBatcherTest {

    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

    @Test
    void concurrentCallsShareBatchesAndEachGetsItsOwnOutputsInOrder() throws Exception {
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("double-a", slowDoubling(5),
                                                                          settings(8, 20, 1000));
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int call = 0; call < 40; call++) {
                List<Integer> inputs = List.of(call * 10, call * 10 + 1);
                results.add(callers.submit(() -> batcher.apply(inputs, new CancelSignal())));
            }
            for (int call = 0; call < 40; call++) {
                assertThat(results.get(call).get(10, TimeUnit.SECONDS), is(List.of(call * 20, call * 20 + 2)));
            }
            assertThat(batcher.metrics().batchedInputs(), is(80L));
            assertThat((double) batcher.metrics().batchedInputs() / batcher.metrics().batches(), greaterThan(2.0));
            assertThat(batches.stream().map(List::size).toList(), everyItem(lessThanOrEqualTo(8)));
        }
    }

    @Test
    void aCallLargerThanABatchIsSplitAndReassembledInOrder() {
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("double-b", slowDoubling(0),
                                                                          settings(4, 0, 1000))) {
            List<Integer> inputs = IntStream.range(0, 10).boxed().toList();

            List<Integer> outputs = batcher.apply(inputs, new CancelSignal());

            assertThat(outputs, is(inputs.stream().map(i -> i * 2).toList()));
            assertThat(batches, is(List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9))));
        }
    }

    @Test
    void aFullQueueRefusesAtOnceAndTheQueueFreesAsTheModelCatchesUp() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MicroBatcher.BatchFunction<Integer, Integer> blocked = batch -> {
            started.countDown();
            await(release);
            return batch;
        };
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("blocked-c", blocked, settings(1, 0, 3));
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Integer>> running = callers.submit(() -> batcher.apply(List.of(1), new CancelSignal()));
            assertThat(started.await(5, TimeUnit.SECONDS), is(true));
            Future<List<Integer>> queued = callers.submit(() -> batcher.apply(List.of(2, 3, 4), new CancelSignal()));
            awaitQueued(batcher, queued);

            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                                                    () -> batcher.apply(List.of(5), new CancelSignal()));
            BackendError error = BackendError.from(e).orElseThrow();
            assertThat(error.status(), is(Status.Code.RESOURCE_EXHAUSTED));
            assertThat(error.code(), is("overloaded"));
            assertThat(error.retryAfter(), is(Duration.ofMillis(250)));

            release.countDown();
            assertThat(running.get(5, TimeUnit.SECONDS), is(List.of(1)));
            assertThat(queued.get(5, TimeUnit.SECONDS), is(List.of(2, 3, 4)));
            assertThat(batcher.apply(List.of(5), new CancelSignal()), is(List.of(5)));
        }
    }

    @Test
    void aCancelledCallStopsWaitingAndItsQueuedInputsAreNeverRun() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MicroBatcher.BatchFunction<Integer, Integer> blocked = batch -> {
            batches.add(batch);
            started.countDown();
            await(release);
            return batch;
        };
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("blocked-d", blocked, settings(1, 0, 10));
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Integer>> running = callers.submit(() -> batcher.apply(List.of(1), new CancelSignal()));
            assertThat(started.await(5, TimeUnit.SECONDS), is(true));
            CancelSignal cancel = new CancelSignal();
            Future<List<Integer>> abandoned = callers.submit(() -> batcher.apply(List.of(2, 3), cancel));
            awaitQueued(batcher, abandoned);

            cancel.cancel();
            StatusRuntimeException e = (StatusRuntimeException) assertThrows(
                    ExecutionException.class, () -> abandoned.get(5, TimeUnit.SECONDS))
                    .getCause();
            assertThat(e.getStatus().getCode(), is(Status.Code.CANCELLED));
            release.countDown();
            assertThat(running.get(5, TimeUnit.SECONDS), is(List.of(1)));
            assertThat(batcher.apply(List.of(4), new CancelSignal()), is(List.of(4)));

            assertThat(batches, is(List.of(List.of(1), List.of(4))));
        }
    }

    @Test
    void aModelFailureFailsEveryCallOfTheBatchAndTheNextBatchRuns() {
        MicroBatcher.BatchFunction<Integer, Integer> failOnZero = batch -> {
            if (batch.contains(0)) {
                throw new IllegalStateException("native failure");
            }
            return batch;
        };
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("failing-e", failOnZero, settings(4, 0, 10))) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                                                    () -> batcher.apply(List.of(1, 0), new CancelSignal()));
            assertThat(e.getStatus().getCode(), is(Status.Code.INTERNAL));
            assertThat(batcher.apply(List.of(7), new CancelSignal()), is(List.of(7)));
        }
    }

    @Test
    void closingFailsQueuedCallsAndRefusesNewOnes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("closing-f", batch -> {
            started.countDown();
            await(never);
            return batch;
        }, settings(1, 0, 10));
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Integer>> running = callers.submit(() -> batcher.apply(List.of(1), new CancelSignal()));
            assertThat(started.await(5, TimeUnit.SECONDS), is(true));
            Future<List<Integer>> queued = callers.submit(() -> batcher.apply(List.of(2), new CancelSignal()));
            awaitQueued(batcher, queued);

            // closing interrupts the running pass's wait, as it would a real model's, which ends it
            batcher.close();

            assertThat(running.get(5, TimeUnit.SECONDS), is(List.of(1)));
            StatusRuntimeException e = (StatusRuntimeException) assertThrows(
                    ExecutionException.class, () -> queued.get(5, TimeUnit.SECONDS)).getCause();
            assertThat(e.getStatus().getCode(), is(Status.Code.UNAVAILABLE));
            assertThat(assertThrows(StatusRuntimeException.class,
                                    () -> batcher.apply(List.of(3), new CancelSignal())).getStatus().getCode(),
                       is(Status.Code.UNAVAILABLE));
        }
    }

    private MicroBatcher.BatchFunction<Integer, Integer> slowDoubling(long millisPerBatch) {
        return batch -> {
            batches.add(batch);
            sleep(millisPerBatch);
            return batch.stream().map(i -> i * 2).toList();
        };
    }

    private static BatchingSettings settings(int maxBatch, long maxWaitMillis, int maxQueued) {
        return new BatchingSettings(maxBatch, Duration.ofMillis(maxWaitMillis), maxQueued, Duration.ofMillis(250));
    }

    private static void awaitQueued(MicroBatcher<?, ?> batcher, Future<?> call) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (batcher.queuedInputs() == 0 && !call.isDone()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the call never queued");
            }
            Thread.sleep(2);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
