package io.restoredrill.local.physical;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The server-log lines of PostgreSQL 15.18's archive recoveries, as captured from real drills. */
class ReplayLogTest {

    private static final String TO_TARGET = """
            2026-12-07 05:18:51.256 UTC [17332] LOG:  starting point-in-time recovery to 2026-12-07 05:17:50.593279+00
            2026-12-07 05:18:51.274 UTC [17332] LOG:  restored log file "000000010000000000000002" from archive
            2026-12-07 05:18:51.415 UTC [17332] LOG:  consistent recovery state reached at 0/2000100
            2026-12-07 05:18:51.508 UTC [17332] LOG:  recovery stopping before commit of transaction 728, time 2026-12-07 05:17:50.975865+00
            2026-12-07 05:18:51.508 UTC [17332] LOG:  redo done at 0/5000578 system usage: CPU: user: 0.00 s, system: 0.00 s, elapsed: 0.19 s
            2026-12-07 05:18:51.508 UTC [17332] LOG:  last completed transaction was at log time 2026-12-07 05:17:50.481202+00
            2026-12-07 05:18:51.576 UTC [17332] LOG:  selected new timeline ID: 2
            2026-12-07 05:18:51.644 UTC [17332] LOG:  archive recovery complete
            """;

    @Test
    void aRecoveryToATargetTimeSaysWhereItStoppedAndTheLastCommitItReplayed() {
        ReplayLog log = ReplayLog.parse(TO_TARGET);

        assertThat(log.stoppedBefore()).contains(Instant.parse("2026-12-07T05:17:50.975865Z"));
        assertThat(log.lastTransaction()).contains(Instant.parse("2026-12-07T05:17:50.481202Z"));
        assertThat(log.redoDoneAt()).contains(Lsn.parse("0/5000578"));
        assertThat(log.newTimeline()).contains(2);
        assertThat(log.fatal()).isEmpty();
        assertThat(log.endedBeforeTarget()).isFalse();
    }

    @Test
    void aTargetBeyondTheArchiveIsTheFatalLineAfterTheLastCommit() {
        ReplayLog log = ReplayLog.parse("""
                2026-12-07 05:20:01.100 UTC [1] LOG:  last completed transaction was at log time 2026-12-07 05:17:51.5+00
                2026-12-07 05:20:01.101 UTC [1] FATAL:  recovery ended before configured recovery target was reached
                2026-12-07 05:20:01.200 UTC [2] LOG:  startup process (PID 1) exited with exit code 1
                """);

        assertThat(log.endedBeforeTarget()).isTrue();
        assertThat(log.lastTransaction()).contains(Instant.parse("2026-12-07T05:17:51.500Z"));
        assertThat(log.newTimeline()).isEmpty();
    }

    @Test
    void timesWithAnOffsetOtherThanUtcAreReadAsTheInstantTheyName() {
        ReplayLog log = ReplayLog.parse("LOG:  last completed transaction was at log time 2026-12-07 06:17:50+01\n"
                + "LOG:  recovery stopping before abort of transaction 9, time 2026-12-07 00:47:50.5-05:30\n");

        assertThat(log.lastTransaction()).contains(Instant.parse("2026-12-07T05:17:50Z"));
        assertThat(log.stoppedBefore()).contains(Instant.parse("2026-12-07T06:17:50.500Z"));
    }
}
