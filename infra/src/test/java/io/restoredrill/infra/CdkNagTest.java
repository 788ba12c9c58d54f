package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/**
 * GIVEN both stacks of the example configuration with the AwsSolutions and NIST 800-53 rev 5
 * cdk-nag packs applied (Synthesized), WHEN synthesized, THEN no finding and no other warning is
 * left unacknowledged, the packs did run (their acknowledged findings are logged), and every
 * acknowledgement states a specific reason.
 */
class CdkNagTest {

    private static final Synthesized SYNTH = Synthesized.example();
    private static final Pattern REASON = Pattern.compile("Provided reason: \"(?:\\[[^\\]]*\\] )?(.*)\"", Pattern.DOTALL);

    @Test
    void sourceStackHasNoUnacknowledgedFindingOrWarning() {
        assertThat(unacknowledged(SYNTH.stacks().source())).isEmpty();
    }

    @Test
    void recoveryStackHasNoUnacknowledgedFindingOrWarning() {
        assertThat(unacknowledged(SYNTH.stacks().recovery())).isEmpty();
    }

    @Test
    void bothPacksRanOnBothStacksAndEveryAcknowledgementHasASpecificReason() {
        List<String> source = acknowledged(SYNTH.stacks().source());
        List<String> recovery = acknowledged(SYNTH.stacks().recovery());
        assertThat(source).anyMatch(m -> m.contains("AwsSolutions-"));
        assertThat(recovery).anyMatch(m -> m.contains("AwsSolutions-")).anyMatch(m -> m.contains("NIST.800.53.R5-"));
        for (String message : concat(source, recovery)) {
            Matcher reason = REASON.matcher(message);
            assertThat(reason.find()).as("a reason in %s", message).isTrue();
            assertThat(reason.group(1).strip()).as("the reason of %s", message).hasSizeGreaterThan(60);
        }
    }

    private static List<String> unacknowledged(Stack stack) {
        List<String> findings = new ArrayList<>();
        for (SynthesisMessage message : SYNTH.artifact(stack).getMessages()) {
            if (message.getLevel() != SynthesisMessageLevel.INFO) {
                findings.add(message.getId() + ": " + String.valueOf(message.getEntry().getData()).lines().findFirst().orElse(""));
            }
        }
        return findings;
    }

    private static List<String> acknowledged(Stack stack) {
        return SYNTH.artifact(stack).getMessages().stream()
                .filter(m -> m.getLevel() == SynthesisMessageLevel.INFO)
                .map(m -> String.valueOf(m.getEntry().getData()))
                .filter(text -> text.startsWith("CdkNagSuppression"))
                .toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
