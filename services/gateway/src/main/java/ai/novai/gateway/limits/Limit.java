package ai.novai.gateway.limits;

/** A limit that can refuse a request. */
public enum Limit {
    /** requests per minute */
    RPM,
    /** tokens per minute */
    TPM,
    /** the spend budget of the period */
    BUDGET
}
