package io.restoredrill.core.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.ToolMissingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgBinariesTest {

    @TempDir
    Path tmp;

    /** A directory of stand-in programs whose pg_dump reports the given version. */
    private Path fakeBinaries(String version) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("pg-" + version));
        for (String program : PgBinaries.REQUIRED) {
            Path file = dir.resolve(program);
            Files.writeString(file, "#!/bin/sh\necho '" + program + " (PostgreSQL) " + version + "'\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    @Test
    void theMachinesBinariesAreFoundWithTheirVersion() {
        // WHEN any version will do
        PgBinaries found = PgBinaries.find(Optional.empty(), "--pg-bin", 0);

        // THEN every required program is there and the version is read from pg_dump
        assertThat(PgBinaries.REQUIRED).allMatch(p -> Files.isExecutable(found.program(p)));
        assertThat(found.version()).startsWith(found.major() + ".");
    }

    @Test
    void aSourceNewerThanAnyInstalledVersionNamesTheVersionNeededAndHowToInstallIt() {
        assertThatThrownBy(() -> PgBinaries.find(Optional.empty(), "--pg-bin", 99))
                .isInstanceOf(ToolMissingException.class)
                .hasMessageContaining("The drill needs PostgreSQL 99 or newer programs")
                .hasMessageContaining("found only ")
                .hasMessageContaining("apt-get install -y postgresql-99")
                .hasMessageContaining("or name their directory with --pg-bin.");
    }

    @Test
    void anExplicitDirectoryIsUsedWhenItsVersionIsHighEnoughAndRejectedWithItsVersionOtherwise() throws IOException {
        // GIVEN a --pg-bin directory holding version 16.4
        Path dir = fakeBinaries("16.4");

        // WHEN the source is 15, then 17
        PgBinaries accepted = PgBinaries.find(Optional.of(dir), "--pg-bin", 15);

        // THEN 16.4 serves a 15 source, and a 17 source gets a sentence naming both versions
        assertThat(accepted).isEqualTo(new PgBinaries(dir, 16, "16.4"));
        assertThatThrownBy(() -> PgBinaries.find(Optional.of(dir), "--pg-bin", 17))
                .isInstanceOf(ToolMissingException.class)
                .hasMessageContaining("PostgreSQL 17 or newer")
                .hasMessageContaining("found only 16.4 in " + dir);
    }
}
