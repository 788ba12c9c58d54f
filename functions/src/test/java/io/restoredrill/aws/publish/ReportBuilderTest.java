package io.restoredrill.aws.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.aws.Events;
import io.restoredrill.aws.state.DrillFailure;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.model.Verdict;
import io.restoredrill.core.verify.CheckKind;
import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.CheckStatus;
import io.restoredrill.core.verify.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's rules for states the moto tests do not reach: budgets, skipped phases, failures without a mark. */
class ReportBuilderTest {

    private static final Instant NOW = Instant.parse("2026-11-22T05:00:00Z");
    private static final VerificationResult VERIFIED = new VerificationResult(List.of(), null, "16.4", null);

    private static DrillState state(String json) throws Exception {
        return Json.mapper().readValue(json, DrillState.class);
    }

    private static Map<String, String> mark(String phase, String start, String end) {
        return Map.of("phase", phase, "start", start, "end", end, "status", "PASSED", "detail", "done");
    }

    @Test
    void aPhaseThatPassedOverItsBudgetFailsTheDrillAsTheLocalEngineWould() throws Exception {
        // GIVEN a drill whose Restore became available 50 minutes after it started, with a 45-minute budget
        String event = Events.with(Events.read("publish.json"), "progress.phases", List.of(
                mark("Snapshot", "2026-11-22T04:00:01Z", "2026-11-22T04:01:00Z"),
                mark("Copy", "2026-11-22T04:01:01Z", "2026-11-22T04:02:00Z"),
                mark("Restore", "2026-11-22T04:02:01Z", "2026-11-22T04:52:01Z"),
                mark("Credentials", "2026-11-22T04:52:02Z", "2026-11-22T04:52:03Z"),
                mark("Verify", "2026-11-22T04:52:04Z", "2026-11-22T04:53:00Z"),
                mark("Cleanup", "2026-11-22T04:53:01Z", "2026-11-22T04:54:00Z")));

        // WHEN the report is built
        DrillReport report = ReportBuilder.build(state(event), VERIFIED, null, NOW);

        // THEN Restore failed on its budget, and so did the drill, although its RTO stayed within budget
        PhaseResult restore = report.phases().get(2);
        assertThat(restore.status()).isEqualTo(PhaseStatus.FAILED);
        assertThat(restore.detail()).isEqualTo("Restore took 50m 00s, over its budget of 45m 00s.");
        assertThat(report.rto()).isEqualTo(Duration.ofMinutes(51).minusSeconds(1));
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.failureReason()).isEqualTo(restore.detail());
    }

    @Test
    void aRestoredCopyOlderThanTheRpoBudgetFailsTheDrillAsAStaleBackupSayingHowOld() throws Exception {
        // GIVEN a drill with a 1-hour RPO budget whose every check passed, the copy's newest row 26 hours old
        String event = Events.with(Events.read("publish.json"), "budgets.rpoSeconds", 3600);
        VerificationResult stale = new VerificationResult(List.of(), null, "16.4", Instant.parse("2026-11-21T02:00:00Z"));

        // WHEN the report is built
        DrillReport report = ReportBuilder.build(state(event), stale, null, NOW);

        // THEN the drill failed on its RPO, by core's rule, naming the age and the budget
        assertThat(report.rpo()).isEqualTo(Duration.ofHours(26));
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.failureReason()).isEqualTo("Stale backup: the restored data is 1d 02h old, over the RPO budget"
                + " of 1h 00m.");
        assertThat(ReportBuilder.build(state(Events.read("publish.json")), stale, null, NOW).verdict())
                .as("without an RPO budget the age is reported, not judged").isEqualTo(Verdict.PASSED);
    }

    @Test
    void aFailedCheckFailsADrillWhosePhasesAllPassedNamingTheCheck() throws Exception {
        // GIVEN a drill whose every phase passed within budget, and whose verification found a table short of rows
        CheckResult shortTable = new CheckResult("public.orders", CheckKind.TABLE_INVENTORY, CheckStatus.FAILED,
                "1200 rows", "≥ 1204877 rows", Duration.ofMillis(120),
                "public.orders has 1200 rows; the previous drill counted 1204877.");
        VerificationResult verification = new VerificationResult(List.of(shortTable), null, "16.4", null);

        // WHEN the report is built
        DrillReport report = ReportBuilder.build(state(Events.read("publish.json")), verification, null, NOW);

        // THEN the drill failed, and the reason names the check and what it found
        assertThat(report.phases()).allMatch(p -> p.status() == PhaseStatus.PASSED);
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.failureReason()).startsWith("check 'public.orders' failed: ").contains("1200 rows");
    }

    @Test
    void withTheSourceRegionDownSnapshotAndCopyAreNotPartOfTheDrill() throws Exception {
        // GIVEN a drill that restored the newest copy already in the recovery region
        String event = Events.with(Events.read("publish.json"), "sourceRegionDown", true);
        event = Events.with(event, "progress.phases", List.of(
                mark("Restore", "2026-11-22T04:00:01Z", "2026-11-22T04:20:00Z"),
                mark("Credentials", "2026-11-22T04:20:01Z", "2026-11-22T04:20:02Z"),
                mark("Verify", "2026-11-22T04:20:03Z", "2026-11-22T04:25:00Z"),
                mark("Cleanup", "2026-11-22T04:25:01Z", "2026-11-22T04:26:00Z")));

        // WHEN the report is built THEN it passes, with no Snapshot or Copy phase
        DrillReport report = ReportBuilder.build(state(event), VERIFIED, null, NOW);
        assertThat(report.phases()).extracting(PhaseResult::phase)
                .containsExactly(Phase.RESTORE, Phase.CREDENTIALS, Phase.VERIFY, Phase.CLEANUP);
        assertThat(report.verdict()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void aStepThatFailedBeforeItsMarkWasSavedIsTheFailedPhaseBetweenItsNeighbours() throws Exception {
        // GIVEN Restore refused at once (its started mark never returned) and the Catch ran Cleanup
        String event = Events.with(Events.read("publish.json"), "progress.phases", List.of(
                mark("Snapshot", "2026-11-22T04:00:01Z", "2026-11-22T04:06:40Z"),
                mark("Copy", "2026-11-22T04:06:45Z", "2026-11-22T04:19:30Z"),
                mark("Cleanup", "2026-11-22T04:19:33Z", "2026-11-22T04:19:40Z")));
        event = Events.with(event, "progress.verification", null);
        DrillFailure failure = new DrillFailure("io.restoredrill.core.error.RestoreFailedException",
                "{\"errorMessage\":\"DB subnet group 'restore-drill-isolated' does not exist in eu-west-1; deploy the"
                        + " recovery-region stack or fix restore.subnetGroup.\",\"errorType\":"
                        + "\"io.restoredrill.core.error.RestoreFailedException\"}");

        // WHEN the report is built
        DrillReport report = ReportBuilder.build(state(event), null, FailureCause.of(failure), NOW);

        // THEN Restore failed between Copy's end and Cleanup's start; the phases after it did not run
        assertThat(report.phases().get(2)).isEqualTo(PhaseResult.of(Phase.RESTORE, Instant.parse("2026-11-22T04:19:30Z"),
                Instant.parse("2026-11-22T04:19:33Z"), Duration.ofMinutes(45), PhaseStatus.FAILED,
                "DB subnet group 'restore-drill-isolated' does not exist in eu-west-1; deploy the recovery-region stack"
                        + " or fix restore.subnetGroup."));
        assertThat(report.phases()).extracting(PhaseResult::status).containsExactly(PhaseStatus.PASSED,
                PhaseStatus.PASSED, PhaseStatus.FAILED, PhaseStatus.NOT_RUN, PhaseStatus.NOT_RUN, PhaseStatus.PASSED);
        assertThat(report.failureReason()).startsWith("Restore failed with RestoreFailedException: DB subnet group");
    }

    @Test
    void aCleanupThatRefusedIsTheFailedPhaseUpToNow() throws Exception {
        // GIVEN everything ran, then Cleanup refused to delete a resource without this drill's tags
        String event = Events.read("publish.json");
        DrillState all = state(event);
        String withoutCleanup = Events.with(event, "progress.phases", all.progress().phases().subList(0, 5));
        DrillFailure failure = new DrillFailure("io.restoredrill.core.error.UnsafeTargetException",
                "{\"errorMessage\":\"Cleanup refused: instance drill-x does not carry this drill's tags; nothing was deleted.\"}");

        // WHEN the report is built
        DrillReport report = ReportBuilder.build(state(withoutCleanup), VERIFIED, FailureCause.of(failure), NOW);

        // THEN Cleanup failed from Verify's end to now, and the drill failed with Cleanup's message
        PhaseResult cleanup = report.phases().get(5);
        assertThat(cleanup.start()).isEqualTo(Instant.parse("2026-11-22T04:42:41Z"));
        assertThat(cleanup.end()).isEqualTo(NOW);
        assertThat(cleanup.status()).isEqualTo(PhaseStatus.FAILED);
        assertThat(report.failureReason()).isEqualTo("Cleanup failed with UnsafeTargetException: Cleanup refused:"
                + " instance drill-x does not carry this drill's tags; nothing was deleted.");
    }

    @Test
    void stepFunctionsOwnErrorsKeepTheirNameAndAnyText() {
        assertThat(FailureCause.of(new DrillFailure("States.Timeout", null))).isEqualTo(new FailureCause(
                "States.Timeout", "States.Timeout", "The step failed with States.Timeout and gave no message."));
        assertThat(FailureCause.of(new DrillFailure("States.TaskFailed", "Lambda was throttled")).message())
                .isEqualTo("Lambda was throttled");
        assertThat(FailureCause.of(new DrillFailure("io.restoredrill.core.error.BudgetExceededException",
                "{\"errorMessage\":\"Restore was stopped.\"}")).shortName()).isEqualTo("BudgetExceededException");
    }

    @Test
    void subjectsArePrintableAsciiOfAtMostAHundredCharacters() {
        assertThat(Notification.fit("Restore drill PASSED: café (RTO 1m of 1h)")).isEqualTo("Restore drill PASSED: caf? (RTO 1m of 1h)");
        String fitted = Notification.fit("Restore drill FAILED: " + "x".repeat(120));
        assertThat(fitted).hasSize(100).endsWith("xxx...");
    }
}
