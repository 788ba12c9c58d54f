package io.restoredrill.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The restored server's major version must be the source's; a minor difference is said, an unknown source too. */
class ServerVersionsTest {

    @Test
    void theMajorIsTheFirstNumberFromTenOnAndTheFirstTwoBefore() {
        assertThat(ServerVersions.major("15.18 (Debian 15.18-0+deb12u1)")).isEqualTo("15");
        assertThat(ServerVersions.major("16.4")).isEqualTo("16");
        assertThat(ServerVersions.major("17beta2")).isEqualTo("17");
        assertThat(ServerVersions.major("9.6.24")).isEqualTo("9.6");
        assertThat(ServerVersions.major("nonsense")).isNull();
        assertThat(ServerVersions.major(null)).isNull();
    }

    @Test
    void anotherMajorFailsNamingBoth() {
        CheckResult check = ServerVersions.check("16.4", "15.18 (Debian 15.18-0+deb12u1)", Duration.ZERO);
        assertThat(check.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(check.expected()).isEqualTo("major 15");
        assertThat(check.detail()).contains("restored on PostgreSQL 16.4").contains("the source runs 15.18")
                .contains("restore with PostgreSQL 15");
    }

    @Test
    void anotherMinorPassesAndSaysSo() {
        CheckResult check = ServerVersions.check("15.18 (Debian 15.18-0+deb12u1)", "15.10", Duration.ZERO);
        assertThat(check.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(check.detail()).contains("the source runs 15.10").contains("another minor release");
        assertThat(ServerVersions.check("15.18", "15.18 (Debian 15.18-0+deb12u1)", Duration.ZERO).detail())
                .endsWith("the source's version.");
    }

    @Test
    void anUnknownSourceIsSaidNotAssumed() {
        CheckResult check = ServerVersions.check("15.18", null, Duration.ZERO);
        assertThat(check.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(check.detail()).contains("not compared");
    }
}
