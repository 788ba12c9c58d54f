package io.restoredrill.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeScaleTest {

    private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");

    @Test
    void ticks_fall_on_round_steps_and_never_crowd_the_axis() {
        // GIVEN drills of a few seconds, a few minutes and a few hours
        // WHEN their axes are ticked THEN the steps are round and there are at most nine ticks
        assertThat(scale(Duration.ofMillis(4_300)).ticks()).extracting(Duration::toMillis)
                .containsExactly(0L, 500L, 1_000L, 1_500L, 2_000L, 2_500L, 3_000L, 3_500L, 4_000L);
        assertThat(scale(Duration.ofMillis(4_600)).ticks()).extracting(Duration::toMillis)
                .containsExactly(0L, 1_000L, 2_000L, 3_000L, 4_000L);
        assertThat(scale(Duration.ofSeconds(754)).ticks()).hasSize(7).last().isEqualTo(Duration.ofMinutes(12));
        assertThat(scale(Duration.ofHours(5)).ticks()).hasSize(6).last().isEqualTo(Duration.ofHours(5));
        assertThat(scale(Duration.ofDays(400)).ticks()).hasSizeBetween(2, 9);
    }

    @Test
    void a_zero_length_drill_has_one_tick_and_no_division_by_zero() {
        // GIVEN a drill that started and ended at the same instant
        TimeScale scale = scale(Duration.ZERO);

        // WHEN it is scaled THEN everything sits at the left edge
        assertThat(scale.ticks()).containsExactly(Duration.ZERO);
        assertThat(scale.x(T0)).isEqualTo(100.0);
        assertThat(scale.width(Duration.ZERO)).isZero();
    }

    @Test
    void positions_are_linear_in_time() {
        // GIVEN a 100 s drill drawn over 500 px from x = 100
        TimeScale scale = scale(Duration.ofSeconds(100));

        // WHEN instants are placed THEN 20 s is 100 px
        assertThat(scale.x(T0.plusSeconds(20))).isEqualTo(200.0);
        assertThat(scale.x(T0.plusSeconds(100))).isEqualTo(600.0);
        assertThat(scale.width(Duration.ofSeconds(40))).isEqualTo(200.0);
    }

    private static TimeScale scale(Duration span) {
        return new TimeScale(T0, T0.plus(span), 100, 600);
    }
}
