package ai.novai.gateway.limits;

/**
 * The limiter of keys without any limit (no RPM, TPM or budget in effect): admits at once, asks nothing
 * of Redis, settles nothing.
 */
public final class Unlimited implements Limiter {

    /** The one instance. */
    public static final Unlimited INSTANCE = new Unlimited();

    private Unlimited() {
    }

    /** Whether a demand has no limit to check. */
    public static boolean applies(Demand demand) {
        return demand.limits().rpm().isEmpty() && demand.limits().tpm().isEmpty()
                && demand.limits().budgetMicroUsd().isEmpty();
    }

    @Override
    public Verdict admit(Demand demand) {
        return Verdict.admitted(new Reservation("unlimited", demand, 0, "", this), WindowState.UNLIMITED,
                                WindowState.UNLIMITED);
    }

    @Override
    public void settle(Reservation reservation, long tokens, long costMicros) {
        // nothing was reserved
    }
}
