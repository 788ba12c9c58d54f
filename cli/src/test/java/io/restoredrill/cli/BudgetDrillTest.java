package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.testing.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Budgets are deadlines: a phase still running at its budget is stopped and fails the drill. */
class BudgetDrillTest {

    @TempDir
    Path tmp;

    @Test
    void aRestoreThatCannotFinishWithinItsBudgetIsStoppedAndTheDrillFails() throws Exception {
        // GIVEN a Restore budget far shorter than initdb + pg_restore can take
        Path work = Files.createDirectories(PostgresFixture.reachableByServer(tmp).resolve("work"));

        // WHEN the demo drill runs
        DrillProcess.Result result = DrillProcess.run("local", "--budget", "restore=300ms",
                "--work-dir", work.toString(), "--out", tmp.resolve("out").toString());

        // THEN exit 1: Restore is stopped at its budget, Verify does not run, Cleanup and Publish do
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.stdout()).contains("▶ Restore     started (budget 300ms)")
                .containsPattern("✘ Restore +\\d.* of 300ms +Restore was stopped at its budget of 300ms\\.")
                .containsPattern("· Verify +not run")
                .containsPattern("✔ Cleanup")
                .containsPattern("✔ Publish");
        assertThat(result.lastLine()).isEqualTo("Restore drill FAILED — Restore was stopped at its budget of 300ms.");
        assertThat(result.stderr()).doesNotContain("Exception");
        Leftovers.assertNone(work);
    }
}
