package ai.novai.gateway.limits;

/**
 * Admits requests against their key's RPM, TPM and budget, atomically, and settles what they used.
 * Every admitted request is settled exactly once: with its actual usage, or with none when it failed
 * before producing anything (a release).
 */
public interface Limiter {

    /** Admits the request, reserving its tokens and worst-case cost, or says which limit refuses it. */
    Verdict admit(Demand demand);

    /**
     * Settles a reservation with what the request really used: unused tokens and money go back, an
     * overshoot is charged.
     *
     * @param reservation what admission reserved
     * @param tokens      tokens actually used (prompt + completion)
     * @param costMicros  actual cost, micro-USD
     */
    void settle(Reservation reservation, long tokens, long costMicros);
}
