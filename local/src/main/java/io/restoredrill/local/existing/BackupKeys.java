package io.restoredrill.local.existing;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The keys a drill may use to open encrypted backups.
 *
 * @param ageIdentity an age identity file ({@code AGE-SECRET-KEY-1…} lines)
 * @param gpgHome     a GnuPG home directory holding the secret key; empty: gpg's own default ({@code GNUPGHOME} or
 *                    {@code ~/.gnupg})
 */
public record BackupKeys(Optional<Path> ageIdentity, Optional<Path> gpgHome) {
}
