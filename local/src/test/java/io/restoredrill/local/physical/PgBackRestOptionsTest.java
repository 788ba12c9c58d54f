package io.restoredrill.local.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which options of a team's pgBackRest configuration the drill's own configuration takes. */
class PgBackRestOptionsTest {

    @TempDir
    Path tmp;

    private Path config() throws IOException {
        return Files.writeString(tmp.resolve("pgbackrest.conf"), """
                [global]
                repo1-path=/var/lib/pgbackrest
                repo1-retention-full=2
                repo2-type=s3
                repo2-path=/backups/
                repo2-s3-bucket=team-backups
                repo2-s3-endpoint=s3.eu-west-1.amazonaws.com
                repo2-s3-region=eu-west-1
                repo2-cipher-type=aes-256-cbc
                process-max=4

                [main]
                pg1-path=/var/lib/postgresql/15/main
                repo2-cipher-pass=from-the-stanza

                [other]
                repo2-cipher-pass=not-this-one
                """);
    }

    @Test
    void anS3RepositoryThatIsTheConfigurationsSecondIsTakenAsRepo1WithItsStanzasOptions() throws IOException {
        assertThat(PgBackRest.repoOptions(Optional.of(config()), "main", "s3://team-backups/backups"))
                .containsExactly(
                        java.util.Map.entry("repo1-type", "s3"),
                        java.util.Map.entry("repo1-path", "/backups/"),
                        java.util.Map.entry("repo1-s3-bucket", "team-backups"),
                        java.util.Map.entry("repo1-s3-endpoint", "s3.eu-west-1.amazonaws.com"),
                        java.util.Map.entry("repo1-s3-region", "eu-west-1"),
                        java.util.Map.entry("repo1-cipher-type", "aes-256-cbc"),
                        java.util.Map.entry("repo1-cipher-pass", "from-the-stanza"));
    }

    @Test
    void aPosixRepositoryIsMatchedByItsPathAndNothingButRepositoryOptionsIsTaken() throws IOException {
        assertThat(PgBackRest.repoOptions(Optional.of(config()), "main", "/var/lib/pgbackrest/"))
                .containsOnlyKeys("repo1-path", "repo1-retention-full");
    }

    @Test
    void aRepositoryTheConfigurationDoesNotNameGetsRepo1sOptionsAndAMissingFileIsNamed() throws IOException {
        assertThat(PgBackRest.repoOptions(Optional.of(config()), "main", "/mnt/elsewhere")).containsKey("repo1-retention-full");
        assertThatThrownBy(() -> PgBackRest.repoOptions(Optional.of(tmp.resolve("none.conf")), "main", "/x"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("is not a readable file");
    }
}
