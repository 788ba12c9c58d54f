package io.restoredrill.aws.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.rds.model.DBInstanceAutomatedBackup;
import software.amazon.awssdk.services.rds.model.DbInstanceAutomatedBackupNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbInstanceAutomatedBackupsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstanceAutomatedBackupsResponse;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.RestoreWindow;

/**
 * Stands in, at the wire, for what moto 5.2.1 lacks of automated backups replicated to another region, and for
 * nothing else:
 * <ul>
 *   <li>moto's {@code DescribeDBInstanceAutomatedBackups} groups the region's own automated snapshots, with no
 *       {@code DBInstanceAutomatedBackupsArn}, no {@code RestoreWindow} and no replicated backups; its real answer is
 *       replaced by the replicated backups the test added ({@link #replicating}) in the request's region, filtered by
 *       {@code DBInstanceAutomatedBackupsArn} when the request names one (an unknown one gets RDS's
 *       {@code DBInstanceAutomatedBackupNotFound});</li>
 *   <li>moto's {@code RestoreDBInstanceToPointInTime} ignores {@code SourceDBInstanceAutomatedBackupsArn},
 *       {@code RestoreTime} and {@code UseLatestRestorableTime} and restores from an instance of its own region; a
 *       request naming a replicated backup is rewritten, after the function's policy authorized it as the PITR action
 *       ({@link AuthorizedCalls}), into moto's real {@code RestoreDBInstanceFromDBSnapshot} of the snapshot the test
 *       gave as that backup's data (moto, enforcing IAM, checks the role for that action, which Restore has anyway),
 *       with every other parameter as sent (identifier, class, subnet group, security groups, flags, tags), and
 *       moto's answer is renamed back. So the isolated network, the tags and the instance moto makes stay real, and
 *       the test asserts the exact PITR request the code sent (a {@link RequestRecorder}).</li>
 * </ul>
 * {@code Start/StopDBInstanceAutomatedBackupsReplication}, absent from moto, are made by the source-region stack's
 * custom resource, not by the drill, and are proven by infra's template tests.
 */
public final class ReplicatedBackupsStandIn implements ExecutionInterceptor {

    /**
     * A replicated automated backup as the recovery region describes it.
     *
     * @param dataSnapshot the name of a snapshot in the recovery region that holds the data a restore of it gets
     */
    public record Replicated(String arn, String sourceArn, String sourceIdentifier, String region, String status,
                             Instant earliest, Instant latest, String dataSnapshot) {
    }

    private static final ExecutionAttribute<Boolean> REWRITTEN = new ExecutionAttribute<>("ReplicatedBackupsStandIn.rewritten");
    private static final ExecutionAttribute<byte[]> RESPONSE_BODY = new ExecutionAttribute<>("ReplicatedBackupsStandIn.response");
    private static final String PITR = "RestoreDBInstanceToPointInTime";
    private static final String FROM_SNAPSHOT = "RestoreDBInstanceFromDBSnapshot";

    private final Map<String, Replicated> backups = new ConcurrentHashMap<>();

    /** Adds a replicated automated backup of a source, as RDS shows it once replication has run, and returns its ARN. */
    public String replicating(String sourceArn, String region, Instant earliest, Instant latest, String dataSnapshot) {
        return add(sourceArn, region, "replicating", earliest, latest, dataSnapshot);
    }

    /** Adds one with any status (RDS: {@code retained} for a deleted source's, {@code pending} before the first copy). */
    public String add(String sourceArn, String region, String status, Instant earliest, Instant latest, String dataSnapshot) {
        String[] parts = sourceArn.split(":");
        String arn = "arn:aws:rds:" + region + ":" + parts[4] + ":auto-backup:ab-" + Integer.toHexString(backups.size() + 1)
                + "replicated" + parts[6].replace("-", "");
        backups.put(arn, new Replicated(arn, sourceArn, parts[6], region, status, earliest, latest, dataSnapshot));
        return arn;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof RestoreDbInstanceToPointInTimeRequest r && r.sourceDBInstanceAutomatedBackupsArn() != null
                && !backups.containsKey(r.sourceDBInstanceAutomatedBackupsArn())) {
            throw notFound(r.sourceDBInstanceAutomatedBackupsArn());
        }
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof RestoreDbInstanceToPointInTimeRequest r) || r.sourceDBInstanceAutomatedBackupsArn() == null) {
            return context.httpRequest();
        }
        attributes.putAttribute(REWRITTEN, true);
        Replicated backup = backups.get(r.sourceDBInstanceAutomatedBackupsArn());
        if (context.requestBody().isPresent()) {
            throw new IllegalStateException("The SDK marshalled the query into a body before this stand-in saw it; rewrite it there");
        }
        // The SDK's query protocol still holds the parameters in the query here; its own interceptor moves them into
        // the form body afterwards, and the signer signs what is sent.
        Map<String, List<String>> query = context.httpRequest().rawQueryParameters();
        return context.httpRequest().toBuilder()
                .putRawQueryParameter("Action", FROM_SNAPSHOT)
                .putRawQueryParameter("DBInstanceIdentifier", query.get("TargetDBInstanceIdentifier"))
                .removeQueryParameter("TargetDBInstanceIdentifier")
                .removeQueryParameter("SourceDBInstanceAutomatedBackupsArn")
                .removeQueryParameter("RestoreTime")
                .removeQueryParameter("UseLatestRestorableTime")
                .putRawQueryParameter("DBSnapshotIdentifier", backup.dataSnapshot())
                .build();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (!Boolean.TRUE.equals(attributes.getAttribute(REWRITTEN)) || context.responseBody().isEmpty()) {
            return context.httpResponse();
        }
        byte[] renamed = read(context.responseBody().get()).replace(FROM_SNAPSHOT, PITR).getBytes(StandardCharsets.UTF_8);
        attributes.putAttribute(RESPONSE_BODY, renamed);
        return context.httpResponse().toBuilder().putHeader("Content-Length", String.valueOf(renamed.length)).build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        byte[] renamed = attributes.getAttribute(RESPONSE_BODY);
        return renamed == null ? context.responseBody() : Optional.of(new ByteArrayInputStream(renamed));
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (!(context.response() instanceof DescribeDbInstanceAutomatedBackupsResponse answer)) {
            return context.response();
        }
        DescribeDbInstanceAutomatedBackupsRequest request = (DescribeDbInstanceAutomatedBackupsRequest) context.request();
        String region = String.valueOf(attributes.getAttribute(AwsExecutionAttribute.AWS_REGION));
        List<DBInstanceAutomatedBackup> found = new ArrayList<>();
        for (Replicated b : backups.values()) {
            if (b.region().equals(region) && (request.dbInstanceAutomatedBackupsArn() == null
                    || request.dbInstanceAutomatedBackupsArn().equals(b.arn()))) {
                found.add(DBInstanceAutomatedBackup.builder().dbInstanceAutomatedBackupsArn(b.arn()).dbInstanceArn(b.sourceArn())
                        .dbInstanceIdentifier(b.sourceIdentifier()).region(b.sourceArn().split(":")[3]).status(b.status())
                        .engine("postgres").encrypted(true)
                        .restoreWindow(RestoreWindow.builder().earliestTime(b.earliest()).latestTime(b.latest()).build())
                        .build());
            }
        }
        if (request.dbInstanceAutomatedBackupsArn() != null && found.isEmpty()) {
            throw notFound(request.dbInstanceAutomatedBackupsArn());
        }
        return answer.toBuilder().dbInstanceAutomatedBackups(found).marker(null).build();
    }

    private static DbInstanceAutomatedBackupNotFoundException notFound(String arn) {
        String message = "No automated backup " + arn + " was found.";
        return (DbInstanceAutomatedBackupNotFoundException) DbInstanceAutomatedBackupNotFoundException.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("DBInstanceAutomatedBackupNotFound")
                        .errorMessage(message).build()).message(message).build();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
