package ai.novai.inference.routing;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import ai.novai.common.models.Deployment;

/**
 * Weighted random choice of a deployment, preferring those not tried yet in this request.
 */
final class DeploymentPicker {

    private DeploymentPicker() {
    }

    static Optional<Deployment> pick(List<Deployment> candidates, Set<Deployment> triedAlready) {
        List<Deployment> fresh = candidates.stream().filter(deployment -> !triedAlready.contains(deployment)).toList();
        List<Deployment> pool = fresh.isEmpty() ? candidates : fresh;
        int total = pool.stream().mapToInt(Deployment::weight).sum();
        if (total == 0) {
            return Optional.empty();
        }
        int ticket = ThreadLocalRandom.current().nextInt(total);
        for (Deployment deployment : pool) {
            ticket -= deployment.weight();
            if (ticket < 0) {
                return Optional.of(deployment);
            }
        }
        return Optional.of(pool.getLast());
    }
}
