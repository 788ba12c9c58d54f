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

    private static List<String> fromEnvironment(Map<String, String> environment) {
        DrillDefaults defaults = DrillDefaults.fromEnvironment(environment);
        return Stream.of(defaults.sourceRegion(), defaults.recoveryRegion()).filter(Objects::nonNull)
                .filter(r -> !r.isBlank()).toList();
    }
}
