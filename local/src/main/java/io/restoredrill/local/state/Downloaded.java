package io.restoredrill.local.state;

import java.nio.file.Path;

/**
 * An existing backup, readable here.
 *
 * @param backup    the backup in the drill's private directory, or the original when it is read in place
 * @param manifest  the manifest drill backup stored beside it (still encrypted); {@code null}: none
 * @param signature the manifest's signature; {@code null}: none
 */
public record Downloaded(Path backup, Path manifest, Path signature) {
}
