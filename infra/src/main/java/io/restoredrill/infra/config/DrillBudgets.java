package io.restoredrill.infra.config;

import io.restoredrill.core.model.Budgets;
import io.restoredrill.core.model.Phase;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The budgets every scheduled drill gets, as written (the execution input and {@code RTO_BUDGET}
 * carry the text) and as parsed by core's {@link Budgets}, the same code that reads them in a drill.
 *
 * @param rpo    the RPO budget as written, {@code null} for none
 * @param phases phase name to duration, e.g. {@code restore: 45m}, in name order (a stable template)
 */
public record DrillBudgets(String rto, String rpo, Map<String, String> phases, Budgets parsed) {

    public DrillBudgets {
        phases = Collections.unmodifiableMap(new TreeMap<>(phases));
    }

    public Duration verify() {
        return parsed.budgetOf(Phase.VERIFY);
    }
}
