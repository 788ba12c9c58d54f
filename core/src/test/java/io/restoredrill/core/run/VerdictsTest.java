package io.restoredrill.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.json.Json;
import io.restoredrill.core.model.Budgets;
import io.restoredrill.core.verify.Inventory;
import io.restoredrill.core.verify.VerificationResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictsTest {

    private static final VerificationResult CLEAN = new VerificationResult(List.of(), new Inventory(List.of()), "15.18",
            null, null);

    @Test
    void restoredDataOlderThanTheRpoBudgetFailsAsAStaleBackupSayingHowOld() {
        // GIVEN a 26-hour RPO budget
        Budgets budgets = Budgets.parse("15m", List.of(), "26h", new Budgets.Names("rto", "%s", "rpo"));

        // WHEN the restored data is three days old, then one hour
        var stale = Verdicts.failureReason(List.of(), CLEAN, Duration.ofMinutes(2), Duration.ofDays(3), budgets);
        var fresh = Verdicts.failureReason(List.of(), CLEAN, Duration.ofMinutes(2), Duration.ofHours(1), budgets);

        // THEN the first fails naming its age and the budget; the second passes
        assertThat(stale).hasValue("Stale backup: the restored data is 3d 00h old, over the RPO budget of 1d 02h.");
        assertThat(fresh).isEmpty();
    }

    @Test
    void withoutAnRpoBudgetAnyAgePasses() {
        assertThat(Verdicts.failureReason(List.of(), CLEAN, Duration.ofMinutes(2), Duration.ofDays(300),
                Budgets.defaults())).isEmpty();
    }

    @Test
    void budgetsWrittenBeforeTheRpoBudgetExistedStillRead() throws Exception {
        // GIVEN budgets as an AWS drill's state carried them before rpoSeconds existed
        String old = "{\"rtoSeconds\": 3600.0, \"phaseSeconds\": {\"Restore\": 1800.0}}";

        Budgets budgets = Json.mapper().readValue(old, Budgets.class);

        assertThat(budgets.rpo()).isNull();
        assertThat(Json.mapper().writeValueAsString(budgets)).doesNotContain("rpoSeconds");
    }
}
