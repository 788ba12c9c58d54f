package io.restoredrill.core.postgres;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A server certificate and its private key (PEM files) for a throwaway cluster to serve TLS with,
 * so verify-full clients can be tested against a real server. The cluster copies both into its
 * data directory, readable by the server user only.
 */
public record ServerTls(Path certificate, Path privateKey) {

    public ServerTls {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
