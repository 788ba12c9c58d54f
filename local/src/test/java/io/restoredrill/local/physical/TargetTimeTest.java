package io.restoredrill.local.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TargetTimeTest {

    @Test
    void aTimeWithAZoneIsThatInstantAndOneWithoutIsUtc() {
        assertThat(TargetTime.parse("2026-12-06T11:00:00+01:00", "--target-time")).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(TargetTime.parse("2026-12-06 10:00:00.25Z", "--target-time")).isEqualTo(Instant.parse("2026-12-06T10:00:00.250Z"));
        assertThat(TargetTime.parse("2026-12-06T10:00", "--target-time")).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
    }

    @Test
    void anythingElseIsRefusedWithAnExample() {
        assertThatThrownBy(() -> TargetTime.parse("last tuesday", "--target-time"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--target-time 'last tuesday' is not a time")
                .hasMessageContaining("2026-12-06T10:00:00Z");
    }
}
