package io.restoredrill.infra.shared;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.Arrays;
import java.util.List;
import software.constructs.IConstruct;

/** cdk-nag acknowledgements: a rule, the specific reason it does not apply, and optionally which findings. */
public final class Acknowledge {

    private Acknowledge() {
    }

    public static NagPackSuppression rule(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }

    /** @param findings exact finding texts ({@code Resource::*}) or {@code /regex/g} patterns */
    public static NagPackSuppression findings(String id, String reason, String... findings) {
        List<Object> appliesTo = Arrays.stream(findings)
                .map(f -> f.startsWith("/") ? (Object) RegexAppliesTo.builder().regex(f).build() : f)
                .toList();
        return NagPackSuppression.builder().id(id).reason(reason).appliesTo(appliesTo).build();
    }

    /** On the construct and everything under it (a role and its default policy, a function and its parts). */
    public static void on(IConstruct construct, NagPackSuppression... suppressions) {
        NagSuppressions.addResourceSuppressions(construct, List.of(suppressions), true);
    }
}
