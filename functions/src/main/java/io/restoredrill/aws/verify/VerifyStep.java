package io.restoredrill.aws.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.restoredrill.aws.credentials.DatabaseSecret;
import io.restoredrill.aws.evidence.PreviousDrills;
import io.restoredrill.aws.evidence.Sha256;
import io.restoredrill.aws.evidence.VerificationKeys;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.PhaseMark;
import io.restoredrill.aws.state.Poll;
import io.restoredrill.aws.state.Progress;
import io.restoredrill.aws.state.RestoredEndpoint;
import io.restoredrill.aws.state.VerificationRef;
import io.restoredrill.core.error.BudgetExceededException;
import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.VerificationFailedException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.time.Durations;
import io.restoredrill.core.verify.Checkpoint;
import io.restoredrill.core.verify.PreviousDrill;
import io.restoredrill.core.verify.VerificationProgress;
import io.restoredrill.core.verify.VerificationRequest;
import io.restoredrill.core.verify.VerificationResult;
import io.restoredrill.core.verify.VerificationRunner;
import io.restoredrill.core.verify.suite.SuiteLoader;
import io.restoredrill.core.verify.suite.VerificationSuite;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Verify: reads the restored database's credentials from the drill's secret, connects with
 * {@code sslmode=verify-full} against the RDS CA bundle, runs core's verification (the drill's suite, or
 * the zero-config one), and stores the full result in the evidence bucket; the state keeps where it is and a
 * summary. A failed check does not fail the step (Publish decides the verdict); a database the
 * verifier cannot log in to does. A password just set by Credentials takes a while to apply on
 * RDS, so refused logins and refused connections are retried for a bounded time.
 *
 * <p>A verification longer than one invocation runs in slices: each invocation goes on from the progress stored in
 * the evidence bucket, stops a minute before its Lambda times out, stores where it got and answers
 * {@code progress.poll.ready = false}, and the state machine invokes Verify again; the last one stores the result.
 * An invocation that dies midway is retried from its last checkpoint. The Verify budget and the RTO bound the whole.
 */
public final class VerifyStep {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VerifyStep.class);

    /** The longest Verify waits for RDS to apply a new password or come back from applying it. */
    static final Duration LOGIN_WAIT = Duration.ofMinutes(5);
    static final Duration LOGIN_RETRY_PAUSE = Duration.ofSeconds(5);

    private final Function<String, SecretsManagerClient> secretsInRegion;
    private final Function<String, S3Client> s3InRegion;
    private final String evidenceBucket;
    private final RdsCaBundle trust;
    private final Clock clock;
    private final Pause pause;
    private final Slicing slicing;

    /** @param evidenceBucket where the full result goes ({@code EVIDENCE_BUCKET}) */
    public VerifyStep(Function<String, SecretsManagerClient> secretsInRegion, Function<String, S3Client> s3InRegion,
                      String evidenceBucket, RdsCaBundle trust, Clock clock) {
        this(secretsInRegion, s3InRegion, evidenceBucket, trust, clock, Pause.SLEEP, Slicing.DEFAULT);
    }

    public VerifyStep(Function<String, SecretsManagerClient> secretsInRegion, Function<String, S3Client> s3InRegion,
                      String evidenceBucket, RdsCaBundle trust, Clock clock, Pause pause) {
        this(secretsInRegion, s3InRegion, evidenceBucket, trust, clock, pause, Slicing.DEFAULT);
    }

    public VerifyStep(Function<String, SecretsManagerClient> secretsInRegion, Function<String, S3Client> s3InRegion,
                      String evidenceBucket, RdsCaBundle trust, Clock clock, Pause pause, Slicing slicing) {
        this.slicing = slicing;
        this.secretsInRegion = secretsInRegion;
        this.s3InRegion = s3InRegion;
        this.evidenceBucket = evidenceBucket;
        this.trust = trust;
        this.clock = clock;
        this.pause = pause;
    }

    /** Verifies in one go: an invocation without a time limit. */
    public DrillState verify(DrillState state) {
        return verify(state, null);
    }

    /**
     * Runs this invocation's slice of the verification, or all of it.
     *
     * @param invocationEnd when the invocation's Lambda times out, or {@code null} for no limit
     */
    public DrillState verify(DrillState state, Instant invocationEnd) {
        Instant invocationStart = Instant.now(); // wall time, as the runner measures slices
        Instant now = clock.instant();
        Progress progress = state.progress().started(Phase.VERIFY, now);
        RestoredEndpoint endpoint = progress.endpoint();
        if (endpoint == null || progress.secretArn() == null) {
            throw new InvalidInputException("The drill state has no progress.endpoint or progress.secretArn; Verify runs"
                    + " after CheckRestore and Credentials.");
        }
        if (evidenceBucket == null || evidenceBucket.isBlank()) {
            throw new EnvironmentException("EVIDENCE_BUCKET is not set; the Verify function needs the evidence bucket's"
                    + " name (the CDK stack sets it).");
        }
        Instant verifyStart = progress.mark(Phase.VERIFY).map(PhaseMark::start).orElse(now);
        VerifyDeadline deadline = VerifyDeadline.of(state, verifyStart);
        // A later slice past the deadline still ends the verification: its checks left report that they were not run.
        if (!now.isBefore(deadline.at()) && verifyStart.equals(now)) {
            throw new BudgetExceededException("Verify could not start before its deadline: " + deadline.why() + ".");
        }

        String secretArn = progress.secretArn();
        DatabaseSecret secret = DatabaseSecret.parse(secretsInRegion.apply(state.recoveryRegion())
                .getSecretValue(r -> r.secretId(secretArn)).secretString(), secretArn);
        RestoredDatabase database = new RestoredDatabase(endpoint.host(), endpoint.port(), state.database(),
                secret.username(), secret.password(), trust.file());
        awaitLogin(database, deadline, secretArn);

        PreviousDrill previous = PreviousDrills.newestPassed(s3InRegion.apply(state.recoveryRegion()), evidenceBucket,
                state.source().identifier(), state.drillId()).orElse(null);
        VerificationSuite suite = suite(state);
        VerificationRequest request = new VerificationRequest(state.startedAt(), previous, null, true, deadline.at(),
                state.source().engineVersion());
        VerificationRunner runner = new VerificationRunner(database, suite, slicing.rangeBlocks());
        String region = state.recoveryRegion();
        String progressKey = VerificationKeys.progress(state.source().identifier(), state.drillId(), state.startedAt());
        VerificationProgress loaded = loadProgress(region, progressKey);
        ProgressKeeper keeper = new ProgressKeeper(region, progressKey, loaded == null ? -1 : loaded.done());
        VerificationProgress sliced = runner.runSlice(loaded, request, invocationStart,
                slicing.end(invocationStart, invocationEnd), new Checkpoint(slicing.checkpointEvery(), keeper));
        if (!sliced.finished()) {
            keeper.storeLast(sliced);
            String status = String.format(Locale.ROOT, "%,d of %,d checks and scans done in %d invocations", sliced.done(),
                    sliced.plan().units(), sliced.slices());
            return state.with(progress.withPoll(new Poll(Phase.VERIFY, false, status)));
        }
        VerificationResult result = runner.finish(sliced, request);
        String key = VerificationKeys.result(state.source().identifier(), state.drillId());
        Stored stored = store(region, key, result);

        Instant end = clock.instant();
        if (end.isAfter(deadline.at())) {
            throw new BudgetExceededException("Verify ran past its deadline after " + Durations.format(
                    Duration.between(verifyStart, end)) + ": " + deadline.why() + "; what it verified is in s3://"
                    + evidenceBucket + "/" + key + ".");
        }
        int failed = result.failures().size();
        String detail = String.format(Locale.ROOT, "%,d tables, %,d rows verified; %d checks failed.",
                result.inventory().tables().size(), result.inventory().totalRows(), failed);
        VerificationRef ref = new VerificationRef(evidenceBucket, key, stored.versionId(), stored.sha256(), result.passed(),
                result.inventory().totalRows(), failed);
        return state.with(progress.withVerification(ref).finished(Phase.VERIFY, end, PhaseStatus.PASSED, detail)
                .withPoll(new Poll(Phase.VERIFY, true, "verified")));
    }

    /**
     * Connects once, retrying refused logins and refused connections every few seconds until the
     * new password works, {@link #LOGIN_WAIT} has passed, or the deadline is near.
     */
    private void awaitLogin(RestoredDatabase database, VerifyDeadline deadline, String secretArn) {
        Instant started = clock.instant();
        Instant giveUp = started.plus(LOGIN_WAIT).isBefore(deadline.at()) ? started.plus(LOGIN_WAIT) : deadline.at();
        int attempts = 0;
        while (true) {
            attempts++;
            try (Connection connection = database.open()) {
                return;
            } catch (SQLException e) {
                boolean retryable = RestoredDatabase.loginRefused(e) || RestoredDatabase.connectionRefused(e);
                if (!retryable || !clock.instant().plus(LOGIN_RETRY_PAUSE).isBefore(giveUp)) {
                    throw cannotConnect(database, e, attempts, Duration.between(started, clock.instant()), secretArn);
                }
            }
            try {
                pause.sleep(LOGIN_RETRY_PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VerificationFailedException("Verify was interrupted while waiting to log in to "
                        + database.describe() + ".", e);
            }
        }
    }

    private static VerificationFailedException cannotConnect(RestoredDatabase database, SQLException e, int attempts,
                                                             Duration waited, String secretArn) {
        String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("no reason given").strip();
        String fix;
        if (RestoredDatabase.loginRefused(e)) {
            fix = "the password in secret " + secretArn + " was not accepted; run Credentials again";
        } else if (RestoredDatabase.connectionRefused(e)) {
            fix = "check that the restored database is available and its security group admits the verifier";
        } else if (RestoredDatabase.tlsFailed(e)) {
            fix = "the server's certificate must name this host and be signed by a CA in the trusted bundle"
                    + " (the shipped Amazon RDS bundle, or " + RdsCaBundle.ENV + ")";
        } else {
            fix = "check the network path from the verifier to the restored database";
        }
        String tries = attempts == 1 ? "" : " after " + attempts + " attempts over " + Durations.format(waited);
        return new VerificationFailedException("Verify could not connect to the restored database at "
                + database.describe() + tries + ": " + reason.replaceFirst("[.]$", "") + "; " + fix + ".", e);
    }

    /**
     * The drill's suite, or the zero-config one; without a {@code parallelism} of its own, one connection per vCPU of
     * the restored instance class.
     */
    private static VerificationSuite suite(DrillState state) {
        VerificationSuite suite = state.suite() == null ? VerificationSuite.defaults()
                : SuiteLoader.parse(state.suite(), "'suite' (drill state)");
        if (state.suite() != null && ownParallelism(state.suite())) {
            return suite;
        }
        return InstanceVcpus.of(state.restore() == null ? null : state.restore().instanceClass()).stream().mapToObj(suite::withParallelism).findFirst()
                .orElse(suite);
    }

    private static boolean ownParallelism(String suite) {
        try {
            return Json.mapper().readTree(suite).has("parallelism");
        } catch (JsonProcessingException e) {
            return false; // the input's suite is JSON, validated by Plan; nothing else reaches the state
        }
    }

    /** The progress an earlier invocation stored, or {@code null} (listed first: a GET of a missing key is a 403). */
    private VerificationProgress loadProgress(String region, String key) {
        S3Client s3 = s3InRegion.apply(region);
        if (s3.listObjectsV2(r -> r.bucket(evidenceBucket).prefix(key).maxKeys(1)).contents().stream()
                .noneMatch(object -> object.key().equals(key))) {
            return null;
        }
        try {
            return Json.mapper().readValue(s3.getObjectAsBytes(r -> r.bucket(evidenceBucket).key(key)).asByteArray(),
                    VerificationProgress.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("s3://" + evidenceBucket + "/" + key + " is not a verification's progress", e);
        }
    }

    /**
     * Keeps a verification's progress in the evidence bucket, as compact JSON. The first save (the plan) and the
     * slice's last must succeed; one in between that fails only means more work again after a crash, so it does not
     * stop the slice (whose last save stores it anyway); a save with nothing new is skipped (every version is kept).
     */
    private final class ProgressKeeper implements java.util.function.Consumer<VerificationProgress> {

        private final String region;
        private final String key;
        private int savedDone;

        /** @param savedDone how much the progress already stored holds, or -1 when none is */
        ProgressKeeper(String region, String key, int savedDone) {
            this.region = region;
            this.key = key;
            this.savedDone = savedDone;
        }

        @Override
        public void accept(VerificationProgress kept) {
            if (kept.done() == savedDone && savedDone >= 0) {
                return;
            }
            try {
                save(kept);
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                if (savedDone < 0) {
                    throw e;
                }
                LOG.warn("Could not store the verification's progress at s3://{}/{} ({}); going on, the slice's end"
                        + " stores it", evidenceBucket, key, e.getClass().getSimpleName());
            }
        }

        void storeLast(VerificationProgress kept) {
            save(kept);
        }

        private void save(VerificationProgress kept) {
            byte[] json;
            try {
                json = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(kept);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a verification's progress always serializes", e);
            }
            put(region, key, json);
            savedDone = kept.done();
        }
    }

    /** What Publish needs to read exactly this result: the version written and the SHA-256 of its bytes. */
    private record Stored(String versionId, String sha256) {
    }

    /** Stores a verification's result as JSON under {@code key} in the evidence bucket. */
    private Stored store(String region, String key, VerificationResult evidence) {
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(evidence);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a verification result always serializes", e);
        }
        return new Stored(put(region, key, json), Sha256.hex(json));
    }

    /** Writes JSON under {@code key} in the evidence bucket; returns the version written. */
    private String put(String region, String key, byte[] json) {
        return s3InRegion.apply(region).putObject(r -> r.bucket(evidenceBucket).key(key).contentType("application/json"),
                RequestBody.fromBytes(json)).versionId();
    }
}
