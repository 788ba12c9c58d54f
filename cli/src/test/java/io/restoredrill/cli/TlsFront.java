package io.restoredrill.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for exactly one thing the moto server lacks: a TLS close that OpenSSL 3 clients accept. pgBackRest
 * speaks only HTTPS to S3, and moto's own {@code --ssl} mode ends connections without a close_notify, which
 * pgBackRest reports as "unexpected eof while reading". {@code tls_front.py} terminates TLS with a self-signed
 * certificate made here by {@code openssl} and passes every byte to moto unchanged.
 */
final class TlsFront implements AutoCloseable {

    private final Process process;
    private final int port;

    private TlsFront(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static TlsFront before(URI moto, Path dir) throws IOException, InterruptedException {
        Path cert = dir.resolve("front.crt");
        Path key = dir.resolve("front.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (openssl.waitFor() != 0) {
            throw new IllegalStateException("openssl could not make the TLS front's certificate");
        }
        Path script = dir.resolve("tls_front.py");
        try (InputStream in = TlsFront.class.getResourceAsStream("tls_front.py")) {
            if (in == null) {
                throw new IllegalStateException("tls_front.py is missing beside TlsFront in the test jar");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Process process = new ProcessBuilder("python3", script.toString(), cert.toString(), key.toString(),
                Integer.toString(moto.getPort())).redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = output.readLine();
        if (line == null || !line.startsWith("listening on ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the TLS front did not start: " + line);
        }
        return new TlsFront(process, Integer.parseInt(line.substring("listening on ".length()).strip()));
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
