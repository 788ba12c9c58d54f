package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * infra/policies/ holds the synthesized policies the functions' tests run every Task under
 * (infra/policies/README.md). GIVEN the example's stacks, THEN each file is exactly what synthesis
 * gives, and no file is left over from a function or endpoint that no longer exists. After a
 * deliberate change of a policy, rewrite them with {@code -Dpolicies.write=true} and review the diff.
 */
class PolicyFilesTest {

    static final String REWRITE = "mvn -B -ntp -pl infra -am test -Dtest=PolicyFilesTest -Dsurefire.failIfNoSpecifiedTests=false"
            + " -Dpolicies.write=true";

    @Test
    void theCommittedPoliciesAreTheSynthesizedOnes() throws IOException {
        Map<String, String> synthesized = new PolicyFiles(Synthesized.example()).render();
        if (Boolean.getBoolean("policies.write")) {
            for (Map.Entry<String, String> file : synthesized.entrySet()) {
                Path path = PolicyFiles.DIRECTORY.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
        }
        for (Map.Entry<String, String> file : synthesized.entrySet()) {
            Path path = PolicyFiles.DIRECTORY.resolve(file.getKey());
            assertThat(path).as("infra/policies/%s is missing; write it with: %s", file.getKey(), REWRITE).exists();
            assertThat(Files.readString(path)).as("infra/policies/%s is not what the stacks synthesize; after a deliberate"
                    + " change, rewrite it with: %s", file.getKey(), REWRITE).isEqualTo(file.getValue());
        }
        assertThat(committed()).as("files in infra/policies/ that no function or endpoint has")
                .isEqualTo(new TreeSet<>(synthesized.keySet()));
    }

    private static TreeSet<String> committed() throws IOException {
        try (Stream<Path> files = Files.walk(PolicyFiles.DIRECTORY)) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> PolicyFiles.DIRECTORY.relativize(p).toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
