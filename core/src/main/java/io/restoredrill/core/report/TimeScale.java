package io.restoredrill.core.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Maps the drill's time span onto horizontal pixels, and picks round tick offsets for its axis. */
record TimeScale(Instant start, Instant end, double left, double right) {

    private static final int MAX_TICKS = 8;
    private static final long[] STEP_MILLIS = {
            1, 2, 5, 10, 20, 50, 100, 200, 500,
            1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
            60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
            3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
            86_400_000, 172_800_000, 604_800_000};

    TimeScale {
        if (end.isBefore(start)) {
            end = start;
        }
    }

    Duration span() {
        return Duration.between(start, end);
    }

    double x(Instant instant) {
        return left + width(Duration.between(start, instant));
    }

    double width(Duration duration) {
        return (right - left) * duration.toMillis() / Math.max(1, span().toMillis());
    }

    /** Offsets from the start at a round step, 0 included, no more than {@value #MAX_TICKS} after it. */
    List<Duration> ticks() {
        long span = span().toMillis();
        long day = 86_400_000;
        long step = Math.max(STEP_MILLIS[STEP_MILLIS.length - 1], (span / MAX_TICKS + day - 1) / day * day);
        for (long candidate : STEP_MILLIS) {
            if (span / candidate <= MAX_TICKS) {
                step = candidate;
                break;
            }
        }
        List<Duration> ticks = new ArrayList<>();
        for (long at = 0; at <= span; at += step) {
            ticks.add(Duration.ofMillis(at));
        }
        return ticks;
    }
}
