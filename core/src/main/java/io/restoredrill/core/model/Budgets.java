package io.restoredrill.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.time.Durations;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Time budgets: the recovery-time objective (RTO, restore start to verification finished),
 * optional per-phase budgets and an optional recovery-point objective (RPO: how old the restored
 * data may be when the drill starts).
 */
public record Budgets(
        @JsonProperty("rtoSeconds") Duration rto,
        @JsonProperty("phaseSeconds") Map<Phase, Duration> phases,
        @JsonProperty("rpoSeconds") @JsonInclude(JsonInclude.Include.NON_NULL) Duration rpo) {

    public static final Duration DEFAULT_RTO = Duration.ofMinutes(15);

    public Budgets {
        Objects.requireNonNull(rto, "rto");
        if (rto.isZero() || rto.isNegative()) {
            throw new InvalidInputException("The RTO budget must be positive, got " + Durations.format(rto) + ".");
        }
        EnumMap<Phase, Duration> copy = new EnumMap<>(Phase.class);
        if (phases != null) {
            copy.putAll(phases);
        }
        phases = Collections.unmodifiableMap(copy);
        if (rpo != null && (rpo.isZero() || rpo.isNegative())) {
            throw new InvalidInputException("The RPO budget must be positive, got " + Durations.format(rpo) + ".");
        }
    }

    public Budgets(Duration rto, Map<Phase, Duration> phases) {
        this(rto, phases, null);
    }

    public static Budgets defaults() {
        return new Budgets(DEFAULT_RTO, Map.of());
    }

    /**
     * What the user calls each budget where it was given, so an error names it their way: options on the command
     * line ({@code --rto}), fields of an execution input ({@code budgets.rto}) or of a drill file.
     *
     * @param phase a format with one {@code %s} for the phase's name, e.g. {@code --budget %s}
     */
    public record Names(String rto, String phase, String rpo) {
    }

    /**
     * Parses {@code 15m} for the RTO, {@code restore=10m} pairs for the phases and {@code 26h} for the RPO.
     *
     * @param rto   {@code null}: the default
     * @param rpo   {@code null}: no RPO budget
     * @param names what the user calls each, for errors
     * @throws InvalidInputException naming the bad value, where it was given, and the expected form
     */
    public static Budgets parse(String rto, List<String> phaseBudgets, String rpo, Names names) {
        Duration rtoDuration = rto == null ? DEFAULT_RTO : Durations.parse(rto, names.rto());
        EnumMap<Phase, Duration> phases = new EnumMap<>(Phase.class);
        for (String spec : phaseBudgets == null ? List.<String>of() : phaseBudgets) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new InvalidInputException("Budget '" + spec
                        + "' is not of the form PHASE=DURATION, e.g. restore=10m.");
            }
            Phase phase;
            try {
                phase = Phase.parse(spec.substring(0, eq));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("Budget '" + spec + "': " + e.getMessage() + ".");
            }
            if (phase == Phase.PUBLISH) {
                throw new InvalidInputException("Publish has no budget: it writes the evidence, and a drill's verdict "
                        + "must not change after its report is written.");
            }
            Duration duration = Durations.parse(spec.substring(eq + 1),
                    String.format(names.phase(), phase.displayName().toLowerCase()));
            if (phases.put(phase, duration) != null) {
                throw new InvalidInputException("Budget for phase " + phase + " is given twice.");
            }
        }
        return new Budgets(rtoDuration, phases, rpo == null ? null : Durations.parse(rpo, names.rpo()));
    }

    /** The budget of one phase, or {@code null} when it has none of its own. */
    public Duration budgetOf(Phase phase) {
        return phases.get(phase);
    }
}
