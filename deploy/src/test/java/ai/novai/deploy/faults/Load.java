package ai.novai.deploy.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients calling one base URL in a loop, each on its own virtual thread, some streaming and some not, until
 * {@linkplain #stop() stopped} (a call in progress is finished first). Every call is kept.
 */
final class Load {

    private final List<Thread> workers = new ArrayList<>();
    private final ConcurrentLinkedQueue<SdkLikeClient.Call> calls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile boolean running = true;

    private Load() {
    }

    /**
     * Starts the clients.
     *
     * @param client  how to call
     * @param base    the gateway, {@code http://host:port}
     * @param name    prefix of the calls' ids
     * @param streams clients that stream
     * @param wholes  clients that ask for whole answers
     */
    static Load start(SdkLikeClient client, String base, String name, int streams, int wholes) {
        Load load = new Load();
        for (int i = 0; i < streams + wholes; i++) {
            boolean stream = i < streams;
            load.workers.add(Thread.ofVirtual().name(name + "-" + i).start(() -> load.run(client, base, name, stream)));
        }
        return load;
    }

    private void run(SdkLikeClient client, String base, String name, boolean stream) {
        while (running) {
            try {
                calls.add(client.chat(base, name + "-" + sequence.incrementAndGet(), stream));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Lets every client finish its call, then returns every call made. */
    List<SdkLikeClient.Call> stop() throws InterruptedException {
        running = false;
        for (Thread worker : workers) {
            if (!worker.join(java.time.Duration.ofSeconds(60))) {
                throw new AssertionError(worker.getName() + " did not finish its call within 60 s");
            }
        }
        return List.copyOf(calls);
    }

    /** Calls finished so far. */
    List<SdkLikeClient.Call> calls() {
        return List.copyOf(calls);
    }
}
