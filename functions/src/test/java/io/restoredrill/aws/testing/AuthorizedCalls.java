package io.restoredrill.aws.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Every call of one Task's clients, authorized as AWS would against the function's synthesized policy
 * (and, for Verify, against the VPC endpoint policies its calls pass through), and recorded.
 *
 * <p>A stand-in at the wire for exactly what moto lacks: moto evaluates the role's policy on the action
 * of every request, but on the resource ARN only for S3, and it knows no VPC endpoints. Here every
 * request's resources ({@link IamRequest}) are checked too; a call not allowed is answered with the
 * service's own 403 {@code AccessDenied}, before it is sent, and reported to the test. A 403 moto itself
 * answers (it denies an S3 listing as {@code SignatureDoesNotMatch}) is reported as well.
 *
 * <p>The recorded calls, {@code target/recorded-calls/<Task>/<action>}, are what infra's
 * {@code LeastPrivilegeTest} compares each function's role with.
 */
final class AuthorizedCalls implements ExecutionInterceptor {

    static final Path RECORDED = Path.of("target", "recorded-calls");

    private final String task;
    private final DeployedPolicy identity;
    private final List<DeployedPolicy> endpoints;
    private final String account;
    private final Consumer<String> denials;
    private final Set<Throwable> refusedHere = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    /**
     * @param endpoints the VPC endpoint policies the function's calls pass through, by service ({@code endpoints/S3})
     * @param denials   told of every call that was not allowed
     */
    AuthorizedCalls(String task, DeployedPolicy identity, List<DeployedPolicy> endpoints, String account,
                    Consumer<String> denials) {
        this.task = task;
        this.identity = identity;
        this.endpoints = List.copyOf(endpoints);
        this.account = account;
        this.denials = denials;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String region = String.valueOf(attributes.getAttribute(AwsExecutionAttribute.AWS_REGION));
        IamRequest call = IamRequest.of(context.request(), region, account);
        List<IamRequest> authorizations = new java.util.ArrayList<>(List.of(call));
        authorizations.addAll(call.implied());
        for (IamRequest request : authorizations) {
            authorize(request);
        }
    }

    private void authorize(IamRequest request) {
        record(request.action());
        for (String resource : request.resources()) {
            DeployedPolicy.Decision decision = identity.decide(request.action(), resource);
            if (decision != DeployedPolicy.Decision.ALLOWED) {
                throw denied(request.action(), resource, "infra/policies/" + identity.name() + ".json", decision);
            }
            for (DeployedPolicy endpoint : endpoints) {
                if (request.action().startsWith(service(endpoint) + ":")) {
                    DeployedPolicy.Decision through = endpoint.decide(request.action(), resource);
                    if (through != DeployedPolicy.Decision.ALLOWED) {
                        throw denied(request.action(), resource, "the VPC endpoint policy infra/policies/" + endpoint.name()
                                + ".json", through);
                    }
                }
            }
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.exception() instanceof AwsServiceException e && e.statusCode() == 403 && !refusedHere.contains(e)) {
            denials.accept(task + ": the emulator refused " + context.request().getClass().getSimpleName() + " ("
                    + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage() + ")");
        }
    }

    private AwsServiceException denied(String action, String resource, String policy, DeployedPolicy.Decision decision) {
        String message = task + " is not authorized to perform " + action + " on " + resource + ": "
                + (decision == DeployedPolicy.Decision.DENIED ? "explicitly denied by " : "no statement allows it in ") + policy;
        denials.accept(message);
        AwsErrorDetails details = AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage(message).build();
        AwsServiceException.Builder builder = switch (action.substring(0, action.indexOf(':'))) {
            case "rds" -> RdsException.builder();
            case "secretsmanager" -> SecretsManagerException.builder();
            case "s3" -> S3Exception.builder();
            case "sns" -> SnsException.builder();
            case "backup" -> BackupException.builder();
            default -> AwsServiceException.builder();
        };
        AwsServiceException answer = builder.statusCode(403).awsErrorDetails(details).message(message).build();
        refusedHere.add(answer);
        return answer;
    }

    /** The service an endpoint policy file is for: {@code endpoints/SecretsManager} → {@code secretsmanager}. */
    private static String service(DeployedPolicy endpoint) {
        return endpoint.name().substring(endpoint.name().lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
    }

    private void record(String action) {
        Path call = RECORDED.resolve(task).resolve(action);
        try {
            Files.createDirectories(call.getParent());
            Files.createFile(call);
        } catch (FileAlreadyExistsException recordedBefore) {
            // one file per call, however often it is made
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
