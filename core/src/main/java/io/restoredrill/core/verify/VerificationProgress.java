package io.restoredrill.core.verify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.restoredrill.core.verify.schema.SchemaInventory;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How far a verification has got: its plan and every result so far. It is all a later invocation needs to go on
 * where an earlier one stopped, so an engine that verifies in slices keeps it between them (the AWS engine in its
 * evidence bucket). Results are keyed by their unit's position in the plan.
 *
 * @param schema       the copy's schema and its comparisons, or {@code null} while not read
 * @param scans        what each scan unit counted and hashed
 * @param amchecks     each index's check, by its position in {@link VerificationPlan#indexes()}
 * @param freshness    each freshness rule's check, by its position in the suite
 * @param sql          each SQL rule's check, by its position in the suite
 * @param newestData   the newest value a freshness check saw so far, or {@code null}
 * @param slices       how many slices have run
 */
public record VerificationProgress(VerificationPlan plan, SchemaOutcome schema, Map<Integer, ScanResult> scans,
                                   Map<Integer, CheckResult> amchecks, Map<Integer, CheckResult> freshness,
                                   Map<Integer, CheckResult> sql, Instant newestData, int slices) {

    /** The copy's schema (or {@code null} when it could not be read) and its comparisons. */
    public record SchemaOutcome(SchemaInventory inventory, List<CheckResult> checks) {
    }

    public VerificationProgress {
        scans = Map.copyOf(scans);
        amchecks = Map.copyOf(amchecks);
        freshness = Map.copyOf(freshness);
        sql = Map.copyOf(sql);
    }

    static VerificationProgress start(VerificationPlan plan) {
        return new VerificationProgress(plan, null, Map.of(), Map.of(), Map.of(), Map.of(), null, 0);
    }

    /** How many checks and scans are still to run. */
    @JsonIgnore
    public int remaining() {
        return plan.units() - done();
    }

    /** How many checks and scans have run. */
    @JsonIgnore
    public int done() {
        return (plan.readSchema() && schema != null ? 1 : 0) + scans.size() + amchecks.size() + freshness.size()
                + sql.size();
    }

    @JsonIgnore
    public boolean finished() {
        return remaining() == 0;
    }
}
