package ai.novai.gateway.limits;

/**
 * Lets keys without any limit (no RPM, TPM or budget in effect) through at once: nothing is asked of the
 * limiter behind (no Redis round trip) and nothing is settled. Every other demand goes to that limiter.
 */
final class UnlimitedKeysFirst implements Limiter {

    private final Limiter limited;

    UnlimitedKeysFirst(Limiter limited) {
        this.limited = limited;
    }

    @Override
    public Verdict admit(Demand demand) {
        if (hasNoLimit(demand)) {
            return Verdict.admitted(new Reservation("unlimited", demand, 0, "", this), WindowState.UNLIMITED,
                                    WindowState.UNLIMITED);
        }
        return limited.admit(demand);
    }

    @Override
    public void settle(Reservation reservation, long tokens, long costMicros) {
        if (reservation.holder() != this) {
            limited.settle(reservation, tokens, costMicros);
        }
    }

    private static boolean hasNoLimit(Demand demand) {
        return demand.limits().rpm().isEmpty() && demand.limits().tpm().isEmpty()
                && demand.limits().budgetMicroUsd().isEmpty();
    }
}
