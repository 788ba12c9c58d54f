package io.restoredrill.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The moto AWS emulator as a JUnit 5 extension: one moto server (moto_server.py: {@code python3 -m moto.server}
 * with a fix for its signature check) on a free loopback port per test class, reset before each test,
 * stopped after the class. A test may have it enforce IAM ({@link #enforceIam}) until the next reset.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MotoServer MOTO = new MotoServer();
 * ... S3Client.builder().endpointOverride(MOTO.endpoint()) ...
 * }</pre>
 *
 * <p>When moto is not installed, every test of the class fails (never skips) with the install command.
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    public static final String NOT_INSTALLED = "moto server is not installed: pip install 'moto[server]'";

    /** Any static credentials work with moto while it does not check them (the default). */
    public static final String ACCESS_KEY_ID = "testing";
    public static final String SECRET_ACCESS_KEY = "testing";

    /** An access key the tests' own calls sign with. */
    public record Keys(String accessKeyId, String secretAccessKey) {
    }

    private static final Keys ANY_KEYS = new Keys(ACCESS_KEY_ID, SECRET_ACCESS_KEY);

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    private static Path launcher;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> python;

    private volatile Keys callerKeys = ANY_KEYS;
    private Process process;
    private Path log;
    private URI endpoint;
    private String ownerId;

    public MotoServer() {
        this(List.of("python3"));
    }

    /** @param python the interpreter command, with options, that runs moto */
    MotoServer(List<String> python) {
        this.python = List.copyOf(python);
    }

    /** Base URL of the running server, for {@code endpointOverride} or {@code AWS_ENDPOINT_URL}. */
    public URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("moto server is not running; register MotoServer with @RegisterExtension"
                    + " on a static field");
        }
        return endpoint;
    }

    /**
     * Clears every resource in the emulator, as before each test, and stops checking signatures and
     * IAM policies (see {@link #enforceIam}).
     */
    public void reset() throws IOException, InterruptedException {
        post("/moto-api/reset", "");
        post("/moto-api/reset-auth", "inf");
        callerKeys = ANY_KEYS;
    }

    /**
     * From now until the next {@link #reset}, moto authenticates every AWS request and evaluates the
     * caller's IAM policies (on actions; on resource ARNs for S3; conditions mostly not), as AWS
     * does. The tests' own calls then sign with these keys, an IAM user's the test created while
     * moto did not check (TOOLCHAIN.md: moto server enforces IAM).
     */
    public void enforceIam(Keys testKeys) throws IOException, InterruptedException {
        callerKeys = testKeys;
        post("/moto-api/reset-auth", "0");
    }

    /** What the tests' own calls sign with: any keys, or after {@link #enforceIam} the test user's. */
    public Keys callerKeys() {
        return callerKeys;
    }

    private void post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint().resolve(path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto " + path + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (process != null) {
            return;
        }
        requireInstalled();
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS && process == null; attempt++) {
            try {
                start();
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        if (process == null) {
            throw failure;
        }
        ownerId = context.getUniqueId();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        reset();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null && context.getUniqueId().equals(ownerId)) {
            stop();
        }
    }

    private void requireInstalled() throws InterruptedException {
        Process check;
        try {
            check = new ProcessBuilder(command("-c", "import moto, moto.server"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(NOT_INSTALLED + " (" + python.get(0) + " could not be started: "
                    + e.getMessage() + ")", e);
        }
        if (!check.waitFor(60, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            throw new IllegalStateException(NOT_INSTALLED + " (importing moto took longer than 60 s)");
        }
        if (check.exitValue() != 0) {
            throw new IllegalStateException(NOT_INSTALLED);
        }
    }

    private void start() throws IOException, InterruptedException {
        int port = freePort();
        Path output = Files.createTempFile("moto-server-", ".log");
        Path server = launcher();
        Process started = new ProcessBuilder(command(server.toString(), "-H", "127.0.0.1", "-p",
                Integer.toString(port)))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            awaitAnswer(started, base, output);
        } catch (IllegalStateException | IOException | InterruptedException e) {
            destroy(started);
            Files.deleteIfExists(output);
            throw e;
        }
        process = started;
        log = output;
        endpoint = base;
    }

    /**
     * moto_server.py beside this class: {@code python3 -m moto.server} with one fix to how moto checks
     * signatures when IAM is enforced (the script says which), written once per JVM to a temporary file.
     */
    private static synchronized Path launcher() throws IOException {
        if (launcher == null || !Files.exists(launcher)) {
            Path script = Files.createTempFile("moto-server-", ".py");
            script.toFile().deleteOnExit();
            try (var in = MotoServer.class.getResourceAsStream("moto_server.py")) {
                if (in == null) {
                    throw new IllegalStateException("moto_server.py is missing beside MotoServer in the test jar");
                }
                Files.write(script, in.readAllBytes());
            }
            launcher = script;
        }
        return launcher;
    }

    private void awaitAnswer(Process started, URI base, Path output) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!started.isAlive()) {
                throw new IllegalStateException("moto server exited with " + started.exitValue() + " at startup: "
                        + Files.readString(output, StandardCharsets.UTF_8).strip());
            }
            try {
                http.send(HttpRequest.newBuilder(base.resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (started.isAlive()) {
                    return;
                }
            } catch (ConnectException | HttpTimeoutException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("moto server did not answer on " + base + " within " + STARTUP_TIMEOUT.toSeconds()
                + " s: " + Files.readString(output, StandardCharsets.UTF_8).strip());
    }

    private void stop() throws IOException, InterruptedException {
        try {
            destroy(process);
        } finally {
            Files.deleteIfExists(log);
            process = null;
            log = null;
            endpoint = null;
            ownerId = null;
        }
    }

    private static void destroy(Process started) throws InterruptedException {
        List<ProcessHandle> children = started.descendants().toList();
        started.destroy();
        if (!started.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            started.destroyForcibly();
            started.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(python);
        command.addAll(List.of(arguments));
        return command;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
