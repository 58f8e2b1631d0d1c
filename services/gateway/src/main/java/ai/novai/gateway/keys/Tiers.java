package ai.novai.gateway.keys;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import ai.novai.common.config.SettingsNode;
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
        tiers.asNodeList().orElseGet(java.util.List::of).forEach(tier -> {
            SettingsNode node = SettingsNode.of(tier);
            defaults.put(tier.name(), new KeyLimits(
                    node.optionalLongInteger("rpm-limit", 1, Long.MAX_VALUE),
                    node.optionalLongInteger("tpm-limit", 1, Long.MAX_VALUE),
                    tier.get("budget-usd").as(BigDecimal.class).map(Usd::toMicros)
                            .map(OptionalLong::of).orElse(OptionalLong.empty()),
                    node.optionalOneOf("budget-period", BudgetPeriod.class)));
        });
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
}
