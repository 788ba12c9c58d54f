package io.restoredrill.aws.janitor;

import io.restoredrill.aws.drill.DrillTags;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * What a resource's tags say about its time to live. Only {@code restore-drill:managed=true} with a
 * parseable {@code restore-drill:expires-at} earlier than now makes a resource due; a drill-managed
 * resource whose expiry cannot be read is never guessed at but reported. Due is not enough to be
 * deleted: a tag is not proof of a drill, so {@link JanitorStep} also requires a drill's name and region.
 *
 * @param problem why the expiry cannot be read, for {@link Verdict#MALFORMED}; else null
 */
record Expiry(Verdict verdict, String drillId, Instant expiresAt, String problem) {

    enum Verdict { NOT_DRILL, NOT_DUE, DUE, MALFORMED }

    static Expiry of(Map<String, String> tags, Instant now) {
        if (!"true".equals(tags.get(DrillTags.MANAGED))) {
            return new Expiry(Verdict.NOT_DRILL, null, null, null);
        }
        String drillId = tags.get(DrillTags.DRILL_ID);
        String raw = tags.get(DrillTags.EXPIRES_AT);
        if (raw == null) {
            return new Expiry(Verdict.MALFORMED, drillId, null, "It is tagged " + DrillTags.MANAGED + "=true but has no "
                    + DrillTags.EXPIRES_AT + " tag; add one or delete it by hand.");
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.parse(raw);
        } catch (DateTimeParseException e) {
            return new Expiry(Verdict.MALFORMED, drillId, null, DrillTags.EXPIRES_AT + " '" + raw
                    + "' is not an ISO instant such as 2026-11-22T16:00:00Z; fix the tag or delete it by hand.");
        }
        return new Expiry(expiresAt.isBefore(now) ? Verdict.DUE : Verdict.NOT_DUE, drillId, expiresAt, null);
    }
}
