package io.restoredrill.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgramChecksTest {

    @Test
    void theOutputKeptIsItsEndCutShortWithThePasswordBlanked() {
        // GIVEN a program that printed 50 long lines, one with the password it was given
        StringBuilder output = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            output.append("line ").append(i).append(' ').append("x".repeat(80)).append('\n');
        }
        output.append("connected with s3cr3t-Pa55 to 127.0.0.1\n");

        String kept = ProgramChecks.output(output.toString(), "s3cr3t-Pa55");

        assertThat(kept).startsWith(". Output: …").endsWith("connected with ******** to 127.0.0.1")
                .doesNotContain("s3cr3t-Pa55").doesNotContain("line 1 ");
        assertThat(kept.length()).isLessThanOrEqualTo(". Output: ".length() + ProgramChecks.OUTPUT_CHARACTERS);
        assertThat(ProgramChecks.output("  \n", "pw")).isEqualTo(".");
    }
}
