package io.restoredrill.core.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {

    @Test
    void childrenSeeOnlyTheLocaleAndPathsPlusWhatTheCallerPasses() {
        // GIVEN this JVM's environment (which under Maven holds many more variables)
        assertThat(System.getenv()).containsKey("PATH");

        // WHEN a child prints its environment
        ProcessResult result = ProcessRunner.asCurrentUser()
                .run(List.of("env"), Map.of("PGPASSWORD", "for-this-child-only"), Instant.now().plusSeconds(30));

        // THEN it holds the given variable and otherwise only the allow-listed ones
        List<String> names = Arrays.stream(result.output().split("\n")).map(line -> line.split("=", 2)[0]).toList();
        assertThat(names).contains("PATH", "PGPASSWORD");
        Set<String> allowed = Set.of("PATH", "HOME", "LANG", "TZ", "TMPDIR", "PGPASSWORD", "PGPASSFILE", "PGSERVICEFILE",
                "PGSSLROOTCERT", "PGSSLCERT", "PGSSLKEY", "PGSSLCRL");
        assertThat(names).allMatch(name -> allowed.contains(name) || name.startsWith("LC_"), "allow-listed");
    }

    @Test
    void aProgramPastItsDeadlineIsKilledWithItsChildren() {
        // GIVEN a shell that starts a long sleep of its own
        Instant started = Instant.now();

        // WHEN it runs with a half-second deadline
        ProcessResult result = ProcessRunner.asCurrentUser()
                .run(List.of("sh", "-c", "sleep 30 & wait"), Map.of(), started.plusMillis(500));

        // THEN it is reported as timed out, promptly, and its child sleep is gone too
        assertThat(result.timedOut()).isTrue();
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(15));
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.endsWith("sleep 30"))).isEmpty();
    }
}
