package io.restoredrill.local.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.InvalidInputException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    /** A year of nightly backups at 02:00 UTC, 2026-01-01 to 2026-12-06, and two a day in the last week. */
    private static final List<RetentionPolicy.Dated<String>> NIGHTLY = nightly();

    @Test
    void dailyKeepsTheNewestOfEachOfTheLastDays() {
        // WHEN seven dailies are kept
        List<String> kept = new RetentionPolicy(7, 0, 0, 0).keep(NIGHTLY);

        // THEN the newest of each of the last seven days, newest first: the second backup of a day is not a day
        assertThat(kept).containsExactly("2026-12-06T14:00:00Z", "2026-12-05T14:00:00Z", "2026-12-04T14:00:00Z",
                "2026-12-03T14:00:00Z", "2026-12-02T14:00:00Z", "2026-12-01T14:00:00Z", "2026-11-30T14:00:00Z");
    }

    @Test
    void tiersAreAUnionAndEachCountsItsOwnPeriods() {
        // WHEN 2 daily, 3 weekly, 4 monthly and 1 yearly are kept
        List<String> kept = new RetentionPolicy(2, 3, 4, 1).keep(NIGHTLY);

        // THEN daily: Dec 6 and 5; weekly: the newest of ISO weeks 49 (Dec 6), 48 (Nov 29... Sunday) and 47 (Nov 22);
        // monthly: Dec, Nov 30, Oct 31, Sep 30; yearly: the newest of 2026 (Dec 6)
        assertThat(kept).containsExactly("2026-12-06T14:00:00Z", "2026-12-05T14:00:00Z", "2026-11-30T14:00:00Z",
                "2026-11-29T02:00:00Z", "2026-11-22T02:00:00Z", "2026-10-31T02:00:00Z", "2026-09-30T02:00:00Z");
    }

    @Test
    void theNewestAlwaysStaysAndNoTierPrunesNothing() {
        assertThat(new RetentionPolicy(0, 0, 0, 1).keep(NIGHTLY)).containsExactly("2026-12-06T14:00:00Z");
        assertThat(RetentionPolicy.NONE.prunes()).isFalse();
        assertThat(new RetentionPolicy(0, 0, 0, 0).keep(List.of())).isEmpty();
    }

    @Test
    void aYearlyTierReachesBackAcrossYearsWithoutABackupInEach() {
        // GIVEN backups in 2022, 2024 and 2026 only
        List<RetentionPolicy.Dated<String>> sparse = List.of(dated("2022-05-01T00:00:00Z"), dated("2022-12-31T00:00:00Z"),
                dated("2024-03-01T00:00:00Z"), dated("2026-01-01T00:00:00Z"));

        // WHEN three yearlies are kept
        // THEN the newest of each year that has one: three years, not the last three calendar years
        assertThat(new RetentionPolicy(0, 0, 0, 3).keep(sparse))
                .containsExactly("2026-01-01T00:00:00Z", "2024-03-01T00:00:00Z", "2022-12-31T00:00:00Z");
    }

    @Test
    void aNegativeCountIsRefused() {
        assertThatThrownBy(() -> new RetentionPolicy(-1, 0, 0, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot be negative");
    }

    private static List<RetentionPolicy.Dated<String>> nightly() {
        java.util.ArrayList<RetentionPolicy.Dated<String>> backups = new java.util.ArrayList<>();
        for (Instant day = Instant.parse("2026-01-01T02:00:00Z"); !day.isAfter(Instant.parse("2026-12-06T02:00:00Z"));
             day = day.plusSeconds(86_400)) {
            backups.add(dated(day.toString()));
            if (day.isAfter(Instant.parse("2026-11-29T12:00:00Z"))) {
                backups.add(dated(day.plusSeconds(12 * 3600).toString()));
            }
        }
        java.util.Collections.shuffle(backups, new java.util.Random(7));
        return backups;
    }

    private static RetentionPolicy.Dated<String> dated(String time) {
        return new RetentionPolicy.Dated<>(time, Instant.parse(time));
    }
}
