package ai.novai.gateway.keys;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import ai.novai.gateway.billing.Usd;
import io.helidon.config.Config;

/**
 * Default limits per key tier, from {@code novai.tiers}:
 * <pre>
 * novai.tiers:
 *   free:     { rpm-limit: 20, tpm-limit: 40000, budget-usd: 5, budget-period: month }
 *   standard: { rpm-limit: 500, tpm-limit: 200000 }
 * </pre>
 * A key's own limits override its tier's; a tier that is not configured has no defaults.
 */
public final class Tiers {

    private final Map<String, KeyLimits> defaults;

    private Tiers(Map<String, KeyLimits> defaults) {
        this.defaults = Map.copyOf(defaults);
    }

    /** Tiers read from configuration ({@code novai.tiers}). */
    public static Tiers from(Config tiers) {
        Map<String, KeyLimits> defaults = new HashMap<>();
        tiers.asNodeList().orElseGet(java.util.List::of).forEach(tier -> defaults.put(tier.name(), new KeyLimits(
                optionalLong(tier.get("rpm-limit")),
                optionalLong(tier.get("tpm-limit")),
                tier.get("budget-usd").as(BigDecimal.class).map(Usd::toMicros)
                        .map(OptionalLong::of).orElse(OptionalLong.empty()),
                tier.get("budget-period").asString().asOptional().map(name -> BudgetPeriod.ofApiName(name)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "novai.tiers." + tier.name() + ".budget-period must be day or month"))))));
        return new Tiers(defaults);
    }

    /** Tiers without defaults. */
    public static Tiers none() {
        return new Tiers(Map.of());
    }

    /** The limits in effect for a key of this tier with these own limits. */
    public KeyLimits effective(String tier, KeyLimits own) {
        return own.orElse(defaults.getOrDefault(tier, KeyLimits.NONE));
    }

    private static OptionalLong optionalLong(Config value) {
        Optional<Long> number = value.asLong().asOptional();
        return number.map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
