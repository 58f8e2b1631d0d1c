package ai.novai.deploy.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

/**
 * Issue 12, fault 5: a rolling restart of two gateway replicas behind a Service under a load of streams and whole
 * answers. Each replica in turn is withdrawn from the Service, gets SIGTERM after the pre-stop pause, drains, and is
 * replaced by a new process on its port; the clients retry as the official SDKs do. They see no failed call and no
 * truncated stream, and the ledger holds exactly one row per request the upstream served, as Redis' spend does.
 */
class RollingRestartTest {

    // the chart's preStopSleepSeconds is 5: the time endpoints take to forget a pod; the stand-in Service forgets at once
    private static final Duration PRE_STOP = Duration.ofSeconds(1);
    private static final int STREAMS = 4;
    private static final int WHOLES = 2;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void aRollingRestartFailsNoCallAndCutsNoStream() throws Exception {
        try (FaultRig rig = FaultRig.start(work, Duration.ofMinutes(1))) {
            List<Integer> ports = StandIns.freePorts(2);
            List<ServiceProcess> gateways = new ArrayList<>(rig.deploy(List.of("127.0.0.1"), ports).gateways());
            FaultRig.ApiKey key = rig.createKey(ports.getFirst(), "5");
            for (int port : ports) {
                rig.warmUp(port, key);
            }
            try (ClusterService service = ClusterService.start(ports, rig::managementPort)) {
                SdkLikeClient client = SdkLikeClient.retrying(key.secret());
                Load load = Load.start(client, base(service.port()), "load", STREAMS, WHOLES);
                Faults.await("calls completed through the Service", Duration.ofSeconds(60),
                             () -> load.calls().size() >= STREAMS + WHOLES);
                List<String> drains = new ArrayList<>();
                for (int i = 0; i < ports.size(); i++) {
                    int port = ports.get(i);
                    int inFlight = client.inFlight();
                    service.terminating(port);
                    Thread.sleep(PRE_STOP.toMillis());
                    long terminatedAt = System.nanoTime();
                    gateways.get(i).terminate();
                    int exit = gateways.get(i).awaitExit(Duration.ofSeconds(40));
                    drains.add(port + ": " + Faults.millis(System.nanoTime() - terminatedAt) + " ms to exit " + exit
                                       + " (" + inFlight + " calls in flight at the Service when withdrawn)");
                    service.replaced(port);
                    gateways.set(i, rig.startGateway(port));
                    // the new replica takes its share before the next one goes
                    Thread.sleep(1000);
                }
                List<SdkLikeClient.Call> calls = load.stop();

                assertThat("calls that failed or were cut, as the client saw them:\n" + Faults.failures(calls),
                           Faults.failures(calls), is(""));
                List<Books.Row> rows = Books.ledger(rig.databaseUrl(), key.id());
                Map<String, List<Books.Row>> byRequest = Books.byRequest(rows);
                List<String> served = Faults.upstreamRequestIds(rig.upstream()).stream()
                        .filter(id -> id.startsWith("load-")).toList();
                List<String> notOnce = served.stream()
                        .filter(id -> byRequest.getOrDefault(id, List.of()).size() != 1).toList();
                assertThat("requests the upstream served without exactly one ledger row", notOnce, empty());
                for (SdkLikeClient.Call call : calls) {
                    assertThat("one ledger row for " + call.lastAttemptId(),
                               byRequest.getOrDefault(call.lastAttemptId(), List.of()).size(), is(1));
                }
                Books.Budget budget = Books.budget(key.id());
                assertThat("Redis' spend equals the ledger's", budget.spentMicros(),
                           is(Books.costMicros(rows).longValueExact()));
                assertThat(budget.openReservations(), empty());
                long retried = calls.stream().filter(call -> call.attempts() > 1).count();
                assertThat("calls made", calls.size(), greaterThan(0));

                Faults.report("rolling restart", "calls " + Faults.results(calls) + ", retried by the client "
                        + retried + "; upstream served " + served.size() + ", ledger rows " + rows.size()
                        + "; Redis spent " + budget.spentMicros() + " µUSD = ledger " + Books.costMicros(rows));
                Faults.report("rolling restart", "drains: " + String.join("; ", drains));
            }
        }
    }
}
