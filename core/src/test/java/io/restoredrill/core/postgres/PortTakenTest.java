package io.restoredrill.core.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.testing.PostgresFixture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The throwaway cluster's port is chosen free and then bound by PostgreSQL a moment later; another
 * program may take it in between. Here the test holds the port itself, so the race is certain.
 */
class PortTakenTest {

    @TempDir
    Path tmp;

    private final PgBinaries binaries = PgBinaries.find(Optional.empty(), "PATH", 0);

    @Test
    void aPortTakenBeforePostgresBindsItCostsOneAttemptAndTheClusterStartsOnAnother() throws Exception {
        // GIVEN a port another program is listening on, offered first
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int freePort = free.getLocalPort();
            free.close();
            Deque<Integer> ports = new ArrayDeque<>(java.util.List.of(taken.getLocalPort(), freePort));

            // WHEN the cluster starts
            try (ThrowawayCluster cluster = ThrowawayCluster.start(binaries,
                    PostgresFixture.reachableByServer(tmp).resolve("data"), Instant.now().plusSeconds(120), null,
                    ports::pop)) {

                // THEN it listens on the next port, and the program on the taken one was left alone
                assertThat(cluster.port()).isEqualTo(freePort);
                assertThat(taken.isBound()).isTrue();
            }
        }
    }

    @Test
    void whenEveryAttemptFindsItsPortTakenTheStartFailsSayingSoAndStopsNothingElse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path data = PostgresFixture.reachableByServer(tmp).resolve("data");

            assertThatThrownBy(() -> ThrowawayCluster.start(binaries, data, Instant.now().plusSeconds(120), null,
                    taken::getLocalPort))
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessageContaining("did not start")
                    .hasMessageContaining("could not bind");
            assertThat(taken.isBound()).isTrue();
        }
    }
}
