package ai.novai.deploy.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ai.novai.deploy.ServiceProcess;
import ai.novai.deploy.StandIns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static ai.novai.deploy.faults.Faults.base;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Issue 12, fault 2: an inference replica killed with SIGKILL while streams run through it. The gateway reaches
 * two replicas through one headless name ({@code round_robin}); each stream the dead replica carried ends with an
 * error event and {@code [DONE]} within a second, billed for what was relayed; every other call, and every call
 * after the kill, succeeds as a client retrying like the official SDKs sees it.
 */
class InferenceKillTest {

    private static final Duration CUT_NOTICE = Duration.ofSeconds(1);
    private static final int STREAMS = 6;
    private static final int WHOLES = 2;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void theStreamsOfAKilledReplicaEndAtOnceAndTheOtherReplicaServes() throws Exception {
        try (FaultRig rig = FaultRig.start(work, Duration.ofMinutes(1))) {
            int gateway = StandIns.freePorts(1).getFirst();
            ServiceProcess doomed = rig.deploy(List.of("127.0.0.1", "127.0.0.2"), List.of(gateway)).inference()
                    .getFirst();
            FaultRig.ApiKey key = rig.createKey(gateway, "5");
            rig.warmUp(gateway, key);

            SdkLikeClient client = SdkLikeClient.retrying(key.secret());
            Load load = Load.start(client, base(gateway), "load", STREAMS, WHOLES);
            Faults.await("calls completed and in flight", Duration.ofSeconds(60),
                         () -> load.calls().size() >= STREAMS + WHOLES && client.inFlight() == STREAMS + WHOLES);
            Thread.sleep(FaultRig.CHUNK_PAUSE.multipliedBy(5).toMillis());
            int inFlightAtKill = client.inFlight();
            long killing = System.nanoTime();
            doomed.kill();
            // from the moment the process is gone (its sockets closed): the kernel takes a while to tear a JVM down
            long killedAt = System.nanoTime();
            Thread.sleep(4000);
            List<SdkLikeClient.Call> calls = load.stop();

            List<SdkLikeClient.Call> cut = calls.stream()
                    .filter(call -> call.result() == SdkLikeClient.Result.ERROR_EVENT).toList();
            List<SdkLikeClient.Call> unexpected = calls.stream()
                    .filter(call -> call.result() != SdkLikeClient.Result.OK
                            && call.result() != SdkLikeClient.Result.ERROR_EVENT).toList();
            assertThat("calls that failed, or streams cut without an error event:\n" + Faults.failures(unexpected),
                       unexpected, empty());
            assertThat("the killed replica carried streams", cut.size(), greaterThan(0));
            Map<String, List<Books.Row>> ledger = Books.byRequest(Books.ledger(rig.databaseUrl(), key.id()));
            long slowestNotice = 0;
            for (SdkLikeClient.Call stream : cut) {
                assertThat(stream.id() + " began before the kill", stream.startNanos() < killedAt, is(true));
                long notice = stream.endNanos() - killedAt;
                slowestNotice = Math.max(slowestNotice, notice);
                assertThat(stream.id() + " ended " + Faults.millis(notice) + " ms after the kill", notice,
                           lessThanOrEqualTo(CUT_NOTICE.toNanos()));
                List<Books.Row> rows = ledger.getOrDefault(stream.lastAttemptId(), List.of());
                if (stream.contentChunks() == 0) {
                    // cut before its first token: nothing relayed, nothing known of what the provider used
                    assertThat("no ledger row for " + stream.lastAttemptId() + ", cut before its first token", rows,
                               empty());
                    continue;
                }
                assertThat("one ledger row for the cut stream " + stream.lastAttemptId(), rows.size(), is(1));
                assertThat("the cut stream is billed for the tokens it relayed (" + stream.contentChunks() + ")",
                           rows.getFirst().completionTokens(), is((long) stream.contentChunks()));
            }
            for (SdkLikeClient.Call call : calls) {
                if (call.result() == SdkLikeClient.Result.OK) {
                    assertThat("one ledger row for " + call.lastAttemptId(),
                               ledger.getOrDefault(call.lastAttemptId(), List.of()).size(), is(1));
                }
            }
            List<SdkLikeClient.Call> afterKill = calls.stream().filter(call -> call.startNanos() > killedAt).toList();
            assertThat("calls were made after the kill", afterKill.size(), greaterThan(0));
            long retriedAfterKill = afterKill.stream().filter(call -> call.attempts() > 1).count();
            long retriedAtKill = calls.stream().filter(call -> call.startNanos() <= killedAt && call.attempts() > 1)
                    .count();

            Faults.report("inference SIGKILL", "in flight at the kill " + inFlightAtKill + " calls; results "
                    + Faults.results(calls) + "; the kill took " + Faults.millis(killedAt - killing) + " ms; streams cut " + cut.size() + ", slowest end after the kill "
                    + Faults.millis(slowestNotice) + " ms; cut streams billed for "
                    + cut.stream().map(call -> call.contentChunks() + "").toList() + " relayed chunks");
            Faults.report("inference SIGKILL", "calls in flight at the kill retried by the client " + retriedAtKill
                    + "; calls begun after the kill " + afterKill.size() + ", retried " + retriedAfterKill
                    + "; upstream received " + rig.upstream().requestCount() + ", ledger rows "
                    + ledger.values().stream().mapToInt(List::size).sum());
        }
    }
}
