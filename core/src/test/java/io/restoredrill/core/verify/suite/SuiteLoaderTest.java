package io.restoredrill.core.verify.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.SuiteFileInvalidException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A file given as a suite that is not one is refused by what it is, never by repeating what it holds. */
class SuiteLoaderTest {

    private static final String TEXT_FILE = "These are the on-call notes.\nThe replica password is hunter2-do-not-share\n"
            + "line three of many\n".repeat(40);

    @Test
    void aPlainTextFileIsRefusedAsNotASuiteWithoutItsContent() {
        assertThatThrownBy(() -> SuiteLoader.parse(TEXT_FILE, "notes.txt"))
                .isInstanceOf(SuiteFileInvalidException.class)
                .hasMessage("Suite file notes.txt is not a suite: its top level must be a mapping of fields (tables,"
                        + " rowCount, freshness, sql, …), not a single value; see docs/verification.md for the format.");
    }

    @Test
    void aListIsRefusedAsNotASuite() {
        assertThatThrownBy(() -> SuiteLoader.parse("- orders\n- customers\n", "list.yaml"))
                .isInstanceOf(SuiteFileInvalidException.class)
                .hasMessageContaining("is not a suite").hasMessageContaining("not a list");
    }

    @Test
    void aParserMessageThatQuotesTheFileIsCutToAShortExcerpt() {
        String longValue = "x".repeat(500) + " hunter2";
        assertThatThrownBy(() -> SuiteLoader.parse("parallelism: \"" + longValue + "\"\n", "long.yaml"))
                .isInstanceOf(SuiteFileInvalidException.class)
                .hasMessageStartingWith("Suite file long.yaml")
                .hasMessageNotContaining("hunter2")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan("Suite file long.yaml".length() + 200));
    }

    @Test
    void aMisspeltFieldIsStillNamedWhereItIs() {
        assertThatThrownBy(() -> SuiteLoader.parse("parallelism: 2\ntabels:\n  - orders\n", "typo.yaml"))
                .isInstanceOf(SuiteFileInvalidException.class)
                .hasMessageContaining(", line ").hasMessageContaining("unknown field 'tabels'");
    }

    @Test
    void aSampledTableNeedsAPercentAboveZeroAndBelowAHundredAndIsListedOnce() {
        VerificationSuite suite = SuiteLoader.parse("sampled:\n  - {table: events, percent: 0.5, seed: 42}\n", "ok.yaml");
        assertThat(suite.sampleOf(TableName.parse("public.events"))).isEqualTo(new SampleRule(TableName.parse("events"),
                0.5, 42L));
        assertThat(suite.sampleOf(TableName.parse("orders"))).isNull();
        for (String percent : List.of("0", "100", "-1", "250")) {
            assertThatThrownBy(() -> SuiteLoader.parse("sampled:\n  - {table: events, percent: " + percent + "}\n", "s.yaml"))
                    .isInstanceOf(SuiteFileInvalidException.class)
                    .hasMessageContaining("sampled percent for public.events must be more than 0 and less than 100");
        }
        assertThatThrownBy(() -> SuiteLoader.parse("sampled:\n  - {table: events}\n", "s.yaml"))
                .isInstanceOf(SuiteFileInvalidException.class).hasMessageContaining("percent");
        assertThatThrownBy(() -> SuiteLoader.parse("sampled:\n  - {table: events, percent: 1}\n  - {table: public.events,"
                + " percent: 2}\n", "s.yaml"))
                .isInstanceOf(SuiteFileInvalidException.class).hasMessageContaining("sampled lists public.events twice");
    }

    @Test
    void aSuiteMayRequireEveryCheckToRun() {
        assertThat(SuiteLoader.parse("requireAllChecks: true\n", "strict.yaml").requireAllChecks()).isTrue();
        assertThat(SuiteLoader.parse("tables: [orders]\n", "lenient.yaml").requireAllChecks()).isFalse();
        assertThat(VerificationSuite.defaults().requireAllChecks()).isFalse();
    }

    @Test
    void theSchemaComparisonIsOnUnlessTheSuiteTurnsItOff() {
        assertThat(VerificationSuite.defaults().schema()).isTrue();
        assertThat(SuiteLoader.parse("tables: [orders]\n", "plain.yaml").schema()).isTrue();
        assertThat(SuiteLoader.parse("schema: false\n", "no-schema.yaml").schema()).isFalse();
    }

    @Test
    void aProgramCheckRunsFromTheSuitesDirectoryAsAListOrOneShellLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("suite.yaml"), """
                programs:
                  - name: audit chain
                    command: ["./bin/verify-chain", "--strict", 3]
                    timeout: 2m
                  - name: reconciliation
                    command: psql -Atc 'SELECT 1'
                """);

        VerificationSuite suite = SuiteLoader.load(file);

        assertThat(suite.programs()).containsExactly(
                new ProgramRule("audit chain", java.util.List.of(dir.resolve("bin/verify-chain").toString(), "--strict", "3"),
                        java.time.Duration.ofMinutes(2)),
                new ProgramRule("reconciliation", java.util.List.of("sh", "-c", "psql -Atc 'SELECT 1'"),
                        SuiteLoader.DEFAULT_PROGRAM_TIMEOUT));
    }

    @Test
    void aProgramCheckWithoutACommandOrWithATakenNameIsRefusedByName() {
        assertThatThrownBy(() -> SuiteLoader.parse("programs:\n  - name: audit\n    command: []\n", "s.yaml"))
                .isInstanceOf(SuiteFileInvalidException.class)
                .hasMessage("Suite file s.yaml: program check 'audit' needs a command: a list of arguments, or one line for sh -c.");
        assertThatThrownBy(() -> SuiteLoader.parse("sql:\n  - {name: audit, query: SELECT 1, expect: '1'}\n"
                + "programs:\n  - {name: audit, command: 'true'}\n", "s.yaml"))
                .isInstanceOf(SuiteFileInvalidException.class).hasMessageContaining("two checks are named 'audit'");
    }
}
