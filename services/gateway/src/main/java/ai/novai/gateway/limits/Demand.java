package ai.novai.gateway.limits;

import ai.novai.gateway.keys.KeyLimits;

/**
 * What one request asks of its key's limits at admission.
 *
 * @param keyId      the key
 * @param limits     the limits in effect for the key
 * @param tokens     tokens reserved against TPM: estimated prompt + the most it may produce
 * @param costMicros worst-case cost reserved against the budget, micro-USD
 */
public record Demand(String keyId, KeyLimits limits, long tokens, long costMicros) {
}
