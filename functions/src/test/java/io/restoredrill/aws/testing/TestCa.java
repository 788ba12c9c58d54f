package io.restoredrill.aws.testing;

import io.restoredrill.core.postgres.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made for one test with the openssl CLI, standing in for Amazon RDS's CAs:
 * its certificate is what the test trusts ({@code RDS_CA_BUNDLE}), and it issues server
 * certificates for a real PostgreSQL server.
 */
public record TestCa(Path dir, Path certificate, Path key) {

    private static final String CA_CONFIG = """
            [req]
            distinguished_name = dn
            prompt = no
            [dn]
            CN = Restore Drill test CA
            [ca]
            basicConstraints = critical,CA:TRUE
            keyUsage = critical,keyCertSign,cRLSign
            subjectKeyIdentifier = hash
            """;

    public static TestCa create(Path dir) {
        write(dir.resolve("ca.cnf"), CA_CONFIG);
        openssl(dir, "req", "-x509", "-config", "ca.cnf", "-extensions", "ca", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2");
        return new TestCa(dir, dir.resolve("ca.crt"), dir.resolve("ca.key"));
    }

    /** A server certificate for one DNS name, signed by this CA. */
    public ServerTls issue(String dnsName) {
        String base = "server-" + dnsName;
        write(dir.resolve(base + ".ext"), "subjectAltName = DNS:" + dnsName + "\nbasicConstraints = CA:FALSE\n"
                + "keyUsage = critical,digitalSignature\nextendedKeyUsage = serverAuth\n");
        openssl(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", base + ".key", "-out", base + ".csr", "-subj", "/CN=" + dnsName);
        openssl(dir, "x509", "-req", "-in", base + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", base + ".ext", "-out", base + ".crt");
        return new ServerTls(dir.resolve(base + ".crt"), dir.resolve(base + ".key"));
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("openssl is needed for this test (apt-get install -y openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
