package io.restoredrill.aws.verify;

import io.restoredrill.core.deployment.FunctionEnvironment;
import io.restoredrill.core.error.EnvironmentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The certificates Verify trusts for {@code sslmode=verify-full}: Amazon RDS's global CA bundle,
 * shipped in the jar (provenance in {@code rds-ca/README.md}), or the file {@code RDS_CA_BUNDLE}
 * names, for other partitions and for tests. pgjdbc reads a file, so the shipped bundle is
 * extracted once per container to a private temporary file.
 */
public final class RdsCaBundle {

    public static final String ENV = FunctionEnvironment.RDS_CA_BUNDLE;
    static final String RESOURCE = "/rds-ca/global-bundle.pem";

    private final Path override;
    private Path extracted;

    /** @param override a PEM file to trust instead of the shipped bundle, or {@code null} */
    public RdsCaBundle(Path override) {
        this.override = override;
    }

    public static RdsCaBundle fromEnvironment(Map<String, String> env) {
        String path = env.get(ENV);
        return new RdsCaBundle(path == null || path.isBlank() ? null : Path.of(path));
    }

    /** A PEM file for pgjdbc's {@code sslrootcert}. */
    public synchronized Path file() {
        if (override != null) {
            if (!Files.isRegularFile(override) || !Files.isReadable(override)) {
                throw new EnvironmentException(ENV + " names " + override + ", which is not a readable file; point it at a"
                        + " PEM bundle of the CAs that sign the restored database's certificate, or unset it to use the"
                        + " shipped Amazon RDS bundle.");
            }
            return override;
        }
        if (extracted == null || !Files.isRegularFile(extracted)) {
            extracted = extract();
        }
        return extracted;
    }

    private static Path extract() {
        try (InputStream bundle = RdsCaBundle.class.getResourceAsStream(RESOURCE)) {
            if (bundle == null) {
                throw new EnvironmentException("The jar lacks the Amazon RDS CA bundle " + RESOURCE + "; rebuild the functions jar.");
            }
            Path file = Files.createTempFile("rds-ca-", ".pem",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                bundle.transferTo(out);
            }
            return file;
        } catch (IOException e) {
            throw new EnvironmentException("Cannot write the Amazon RDS CA bundle to a temporary file: " + e.getMessage()
                    + "; check that the function's /tmp is writable.", e);
        }
    }
}
