package io.restoredrill.aws.janitor;

import io.restoredrill.aws.plan.DrillDefaults;
import io.restoredrill.core.error.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Janitor schedule's payload (events/janitor.json): the regions to sweep, optional. Left out,
 * they are the function's {@code SOURCE_REGION} and {@code RECOVERY_REGION} (else {@code AWS_REGION}).
 * Which of them is the recovery region is never the payload's to say: it is the function's
 * {@code RECOVERY_REGION} (else {@code AWS_REGION}), see {@link #recoveryRegion(Map)}.
 */
public record JanitorRequest(List<String> regions) {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    public JanitorRequest {
        regions = regions == null ? List.of() : List.copyOf(regions);
    }

    /** The regions to sweep, each once: the payload's, else the environment's; refused when there are none or one is malformed. */
    public List<String> regionsOr(Map<String, String> environment) {
        List<String> chosen = regions.isEmpty() ? fromEnvironment(environment) : regions;
        if (chosen.isEmpty()) {
            throw new InvalidInputException("The Janitor has no region to sweep; set 'regions' in the schedule's payload"
                    + " or SOURCE_REGION and RECOVERY_REGION on the function.");
        }
        for (String region : chosen) {
            if (!REGION.matcher(region).matches()) {
                throw new InvalidInputException("'" + region + "' in 'regions' is not an AWS region name such as"
                        + " eu-west-1; fix the Janitor schedule's payload.");
            }
        }
        return chosen.stream().distinct().toList();
    }

    /**
     * The region drills restore in, the only one where the Janitor deletes instances, clusters and
     * secrets: the function's {@code RECOVERY_REGION}, else {@code AWS_REGION} (as for Plan); refused
     * when there is none or it is malformed.
     */
    public static String recoveryRegion(Map<String, String> environment) {
        String recovery = DrillDefaults.fromEnvironment(environment).recoveryRegion();
        if (recovery == null || recovery.isBlank()) {
            throw new InvalidInputException("The Janitor does not know the recovery region, the only one where it deletes"
                    + " instances, clusters and secrets; set RECOVERY_REGION on the function.");
        }
        if (!REGION.matcher(recovery).matches()) {
            throw new InvalidInputException("RECOVERY_REGION '" + recovery + "' is not an AWS region name such as"
                    + " eu-west-1; fix the Janitor function's environment.");
        }
        return recovery;
    }

    private static List<String> fromEnvironment(Map<String, String> environment) {
        DrillDefaults defaults = DrillDefaults.fromEnvironment(environment);
        return Stream.of(defaults.sourceRegion(), defaults.recoveryRegion()).filter(Objects::nonNull)
                .filter(r -> !r.isBlank()).toList();
    }
}
