package io.restoredrill.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.restoredrill.infra.recovery.RecoveryRegionStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * The synthesized IAM policies of the recovery stack, one plain policy document per function (and
 * per VPC endpoint of the verifier), with what differs between deployments as {@code ${Placeholders}}:
 * {@code ${Partition}}, {@code ${Account}}, {@code ${SourceRegion}}, {@code ${RecoveryRegion}},
 * {@code ${EvidenceBucketArn}}, {@code ${SnapshotKeyArn}}, {@code ${DataKeyArn}}, {@code ${SecretsKeyArn}}, {@code ${TopicArn}},
 * {@code ${LogGroupArn}}, {@code ${DeadLetterQueueArn}}. The functions' tests fill them in and run every
 * Task on the emulator as a role holding exactly this document (infra/policies/README.md).
 */
final class PolicyFiles {

    static final Path DIRECTORY = Synthesized.INFRA.resolve("policies");
    static final String ENDPOINTS = "endpoints";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Synthesized synth;
    private final Map<String, String> placeholders = new LinkedHashMap<>();

    PolicyFiles(Synthesized synth) {
        this.synth = synth;
        RecoveryRegionStack recovery = synth.stacks().recovery();
        Template template = synth.recovery();
        placeholders.put(logicalId(recovery, recovery.evidence().bucket()), "EvidenceBucket");
        placeholders.put(logicalId(recovery, recovery.keys().snapshots()), "SnapshotKey");
        placeholders.put(logicalId(recovery, recovery.keys().data()), "DataKey");
        placeholders.put(logicalId(recovery, recovery.keys().secrets()), "SecretsKey");
        placeholders.put(logicalId(recovery, recovery.topic()), "Topic");
        Cfn.properties(template, "AWS::Logs::LogGroup").keySet().forEach(id -> placeholders.put(id, "LogGroup"));
        Cfn.properties(template, "AWS::SQS::Queue").keySet().forEach(id -> placeholders.put(id, "DeadLetterQueue"));
    }

    /** File name (relative to {@link #DIRECTORY}) to its policy document, as JSON text. */
    Map<String, String> render() {
        Map<String, String> files = new LinkedHashMap<>();
        Template recovery = synth.recovery();
        for (Task task : Task.values()) {
            String role = "<Ref:" + Functions.roleId(recovery, task) + ">";
            List<Object> statements = new ArrayList<>();
            Cfn.properties(recovery, "AWS::IAM::Policy").values().stream()
                    .filter(policy -> Cfn.strings(policy.get("Roles")).contains(role))
                    .forEach(policy -> statements.addAll(Cfn.list(Cfn.map(policy.get("PolicyDocument")).get("Statement"))));
            files.put(task.taskName() + ".json", document(statements));
        }
        Cfn.properties(recovery, "AWS::EC2::VPCEndpoint").values().forEach(endpoint -> {
            String service = Cfn.render(endpoint.get("ServiceName"));
            String name = service.substring(service.lastIndexOf('.') + 1).equals("s3") ? "S3" : "SecretsManager";
            files.put(ENDPOINTS + "/" + name + ".json",
                    document(Cfn.list(Cfn.map(endpoint.get("PolicyDocument")).get("Statement"))));
        });
        return files;
    }

    private String document(List<Object> statements) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements.stream().map(this::plain).toList());
        try {
            return JSON.writeValueAsString(document) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A template value without CloudFormation functions: references become placeholders. */
    private Object plain(Object value) {
        if (value instanceof String text) {
            return literal(text);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::plain).toList();
        }
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey("Ref") || map.containsKey("Fn::GetAtt") || map.containsKey("Fn::Join")) {
                return reference(value);
            }
            Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((key, inner) -> plain.put(String.valueOf(key), plain(inner)));
            return plain;
        }
        return value;
    }

    private String reference(Object value) {
        if (value instanceof String text) {
            return literal(text);
        }
        Map<String, Object> token = Cfn.map(value);
        if (token.containsKey("Fn::Join")) {
            List<Object> join = Cfn.list(token.get("Fn::Join"));
            return Cfn.list(join.get(1)).stream().map(this::reference).collect(Collectors.joining((String) join.get(0)));
        }
        if (token.containsKey("Ref")) {
            String target = (String) token.get("Ref");
            return switch (target) {
                case "AWS::Partition" -> "${Partition}";
                case "AWS::AccountId" -> "${Account}";
                case "AWS::Region" -> "${RecoveryRegion}";
                case "AWS::URLSuffix" -> "amazonaws.com";
                // a topic's Ref is its ARN; another resource's Ref (a name or an id) has no placeholder here
                default -> "${" + placeholder(target) + (placeholder(target).equals("Topic") ? "Arn}" : "}");
            };
        }
        if (token.containsKey("Fn::GetAtt")) {
            List<Object> att = Cfn.list(token.get("Fn::GetAtt"));
            return "${" + placeholder((String) att.get(0)) + att.get(1) + "}";
        }
        return literal(String.valueOf(value));
    }

    private String placeholder(String logicalId) {
        String name = placeholders.get(logicalId);
        if (name == null) {
            throw new AssertionError("a policy refers to " + logicalId + ", which has no placeholder in PolicyFiles;"
                    + " give it one, so the functions' tests can fill it in");
        }
        return name;
    }

    private String literal(String text) {
        return text.replace(synth.config().account(), "${Account}")
                .replace(synth.config().sourceRegion(), "${SourceRegion}")
                .replace(synth.config().recoveryRegion(), "${RecoveryRegion}");
    }

    private static String logicalId(RecoveryRegionStack stack, IConstruct construct) {
        return stack.getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }
}
