package ai.novai.deploy.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ai.novai.deploy.ServiceProcess;
import ai.novai.deploy.StandIns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static ai.novai.deploy.faults.Faults.base;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Issue 12, fault 1: a gateway replica killed with SIGKILL while streams and whole answers are in flight, two
 * replicas sharing PostgreSQL and Redis. Every request the upstream received has one ledger row, or none and its
 * reservation released once {@code reservation-lifetime} passed; the budget never goes negative and Redis agrees
 * with the ledger; the surviving replica serves on, and none of its requests fails.
 */
class GatewayKillTest {

    private static final Duration RESERVATION_LIFETIME = Duration.ofSeconds(4);
    private static final int STREAMS = 4;
    private static final int WHOLES = 2;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void aGatewayKilledMidStreamLosesNoMoneyAndItsPeerServesOn() throws Exception {
        try (FaultRig rig = FaultRig.start(work, RESERVATION_LIFETIME)) {
            List<Integer> ports = StandIns.freePorts(2);
            ServiceProcess doomed = rig.deploy(List.of("127.0.0.1"), ports).gateways().getFirst();
            FaultRig.ApiKey key = rig.createKey(ports.get(1), "5");
            rig.warmUp(ports.get(0), key);
            rig.warmUp(ports.get(1), key);
            long warmSpent = Books.budget(key.id()).spentMicros();
            java.math.BigDecimal warmLedger = Books.costMicros(Books.ledger(rig.databaseUrl(), key.id()));

            SdkLikeClient doomedClients = SdkLikeClient.once(key.secret());
            SdkLikeClient survivorClients = SdkLikeClient.once(key.secret());
            Load onDoomed = Load.start(doomedClients, base(ports.get(0)), "doomed", STREAMS, WHOLES);
            Load onSurvivor = Load.start(survivorClients, base(ports.get(1)), "survivor", STREAMS, WHOLES);
            // kill once calls have completed on the doomed replica and each of its clients has one in flight
            Faults.await("calls completed and in flight on the doomed gateway", Duration.ofSeconds(60),
                         () -> onDoomed.calls().size() >= STREAMS + WHOLES
                                 && doomedClients.inFlight() == STREAMS + WHOLES);
            Thread.sleep(FaultRig.CHUNK_PAUSE.multipliedBy(5).toMillis());
            int inFlightAtKill = doomedClients.inFlight();
            long upstreamAtKill = rig.upstream().requestCount();
            long killedAt = System.nanoTime();
            doomed.kill();
            List<SdkLikeClient.Call> doomedCalls = onDoomed.stop();
            // the survivor serves on for a while; then the reservations the dead replica held have expired
            Thread.sleep(3000);
            List<SdkLikeClient.Call> survivorCalls = onSurvivor.stop();
            long sinceKill = System.nanoTime() - killedAt;
            if (sinceKill < RESERVATION_LIFETIME.toNanos() + 1_500_000_000L) {
                Thread.sleep(Duration.ofNanos(RESERVATION_LIFETIME.toNanos() + 1_500_000_000L - sinceKill));
            }
            // the next admission of the key releases what expired (admit.lua)
            SdkLikeClient.Call releasing = survivorClients.chat(base(ports.get(1)), "after-lifetime", false);

            assertThat("every call of the surviving gateway succeeds:\n" + Faults.failures(survivorCalls),
                       Faults.failures(survivorCalls), is(""));
            assertThat(releasing.detail(), releasing.result(), is(SdkLikeClient.Result.OK));
            long survivorCallsAfterKill = survivorCalls.stream().filter(call -> call.startNanos() > killedAt).count();
            assertThat("the surviving gateway served calls begun after the kill", survivorCallsAfterKill,
                       greaterThan(0L));

            List<Books.Row> rows = Books.ledger(rig.databaseUrl(), key.id());
            Map<String, List<Books.Row>> byRequest = Books.byRequest(rows);
            Set<String> doublyBilled = byRequest.entrySet().stream().filter(entry -> entry.getValue().size() > 1)
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            assertThat("requests with more than one ledger row", doublyBilled, empty());
            // the calls under test (a warm-up call may time out on a busy machine and be tried again)
            List<String> served = Faults.upstreamRequestIds(rig.upstream()).stream()
                    .filter(id -> id.startsWith("doomed-") || id.startsWith("survivor-")).toList();
            List<String> unbilled = served.stream().filter(id -> !byRequest.containsKey(id)).toList();
            for (String id : unbilled) {
                assertThat("only the killed gateway's requests may lack a ledger row: " + id, id.startsWith("doomed-"),
                           is(true));
            }
            for (SdkLikeClient.Call call : survivorCalls) {
                assertThat("one row for " + call.lastAttemptId(), byRequest.getOrDefault(call.lastAttemptId(),
                                                                                           List.of()).size(), is(1));
            }
            for (SdkLikeClient.Call call : doomedCalls) {
                if (call.result() == SdkLikeClient.Result.OK) {
                    assertThat("a call answered in full before the kill has its row: " + call.lastAttemptId(),
                               byRequest.getOrDefault(call.lastAttemptId(), List.of()).size(), is(1));
                }
            }
            // the money the dead replica held came back; Redis counts exactly what the ledger holds
            Books.Budget budget = Books.budget(key.id());
            assertThat("reservations still open after the lifetime", budget.openReservations(), empty());
            assertThat(budget.reservedMicros(), is(0L));
            assertThat("Redis' spend equals the ledger's (after the warm-up: " + warmSpent + " and " + warmLedger
                               + "; rows " + rows.size() + ")", budget.spentMicros(),
                       is(Books.costMicros(rows).longValueExact()));
            assertThat(budget.spentMicros(), greaterThanOrEqualTo(0L));
            assertThat(budget.spentMicros(), lessThanOrEqualTo(key.budgetMicros()));

            long survivorWorstBefore = survivorCalls.stream().filter(call -> call.endNanos() < killedAt)
                    .mapToLong(call -> call.endNanos() - call.startNanos()).max().orElse(0);
            long survivorWorstAfter = survivorCalls.stream().filter(call -> call.endNanos() >= killedAt)
                    .mapToLong(call -> call.endNanos() - call.startNanos()).max().orElse(0);
            Faults.report("gateway SIGKILL", "in flight at the kill " + inFlightAtKill + " client calls, upstream had "
                    + upstreamAtKill + " requests; doomed calls " + Faults.results(doomedCalls) + ", survivor calls "
                    + Faults.results(survivorCalls) + " (" + survivorCallsAfterKill + " begun after the kill)");
            Faults.report("gateway SIGKILL", "upstream received " + served.size() + ", ledger rows " + rows.size()
                    + ", unbilled (all of the killed gateway) " + unbilled.size() + "; Redis spent "
                    + budget.spentMicros() + " µUSD = ledger " + Books.costMicros(rows) + ", reserved "
                    + budget.reservedMicros());
            Faults.report("gateway SIGKILL", "survivor's slowest call before the kill " + Faults.millis(survivorWorstBefore)
                    + " ms, after " + Faults.millis(survivorWorstAfter) + " ms; reservations released "
                    + RESERVATION_LIFETIME + " after the kill, at the key's next admission");
        }
    }
}
