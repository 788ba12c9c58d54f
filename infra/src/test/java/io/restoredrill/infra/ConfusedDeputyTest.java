package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * No AWS service can be made to act on another account's behalf with this stack's roles or topic. GIVEN the example's
 * stacks, THEN every role that Step Functions, EventBridge Scheduler or EventBridge may assume requires
 * {@code aws:SourceAccount} = the account and an {@code aws:SourceArn} of that service in the account and region:
 * each state machine's role its own machine, the schedules' role this stack's schedules (and their group), the
 * EventBridge roles their rules. And the topic, evaluated as AWS evaluates its policy: CloudWatch may publish for
 * this account's alarms in this region only, another account's principal may not publish even if something allowed
 * it, this account's principals publish by their IAM policies (the Publish function's and the tampering rules'
 * roles are the only ones allowed), and publishing without TLS is denied.
 */
class ConfusedDeputyTest {

    private static final Synthesized SYNTH = Synthesized.example();
    private static final String ACCOUNT = "111111111111";
    private static final Map<String, String> SERVICE_PREFIX = Map.of("states.amazonaws.com", "states",
            "scheduler.amazonaws.com", "scheduler", "events.amazonaws.com", "events");

    @Test
    void everyRoleAServiceAssumesOnSchedulesOrEventsNamesTheAccountAndTheSource() {
        List<String> checked = new ArrayList<>();
        for (Template template : List.of(SYNTH.source(), SYNTH.recovery())) {
            Cfn.properties(template, "AWS::IAM::Role").forEach((id, role) -> {
                for (Object raw : Cfn.list(Cfn.map(role.get("AssumeRolePolicyDocument")).get("Statement"))) {
                    Map<String, Object> statement = Cfn.map(raw);
                    for (String service : Cfn.strings(Cfn.map(statement.get("Principal")).get("Service"))) {
                        if (!SERVICE_PREFIX.containsKey(service)) {
                            continue;
                        }
                        checked.add(service);
                        Map<String, Object> condition = statement.get("Condition") == null ? Map.of()
                                : Cfn.map(statement.get("Condition"));
                        assertThat(condition).as(id).containsKey("StringEquals");
                        assertThat(Cfn.map(condition.get("StringEquals"))).as(id).containsEntry("aws:SourceAccount", ACCOUNT);
                        assertThat(sourceArns(condition)).as(id).isNotEmpty().allSatisfy(arn -> assertThat(arn)
                                .startsWith("arn:aws:" + SERVICE_PREFIX.get(service) + ":")
                                .contains(":" + ACCOUNT + ":"));
                    }
                }
            });
        }
        // Three state machines, the schedules, the key-tampering forwarder (source) and the rules' notifier (recovery).
        assertThat(checked).containsExactlyInAnyOrder("states.amazonaws.com", "states.amazonaws.com", "states.amazonaws.com",
                "scheduler.amazonaws.com", "events.amazonaws.com", "events.amazonaws.com");
    }

    @Test
    void eachStateMachinesRoleMayBeAssumedForThatMachineOnly() {
        for (String name : List.of(Names.DRILL_STATE_MACHINE, Names.RESTORE_TEST_STATE_MACHINE, Names.FLEET_STATE_MACHINE)) {
            String role = Cfn.target(StateMachinesTest.machine(name).get("RoleArn"));
            String arn = "arn:aws:states:eu-west-1:" + ACCOUNT + ":stateMachine:" + name;
            assertThat(sourceArns(trustCondition(SYNTH.recovery(), role))).as(name).containsExactlyInAnyOrder(arn, arn + ":*");
        }
    }

    @Test
    void theSchedulesRoleMayBeAssumedForThisStacksSchedulesOnly() {
        String role = Cfn.target(Cfn.map(Cfn.properties(SYNTH.recovery(), "AWS::Scheduler::Schedule").values().iterator().next()
                .get("Target")).get("RoleArn"));
        String scheduler = "arn:aws:scheduler:eu-west-1:" + ACCOUNT + ":";
        assertThat(sourceArns(trustCondition(SYNTH.recovery(), role))).containsExactlyInAnyOrder(
                scheduler + "schedule-group/default", scheduler + "schedule/default/restore-drill-*");
        // ... which covers every schedule: all in the default group, all named restore-drill-*.
        assertThat(Cfn.properties(SYNTH.recovery(), "AWS::Scheduler::Schedule").values()).allSatisfy(schedule -> {
            assertThat(schedule.getOrDefault("GroupName", "default")).isEqualTo("default");
            assertThat((String) schedule.get("Name")).startsWith("restore-drill-");
            assertThat(Cfn.target(Cfn.map(schedule.get("Target")).get("RoleArn"))).isEqualTo(role);
        });
    }

    @Test
    void onlyThisAccountsPrincipalsAndItsCloudWatchAlarmsMayPublishToTheTopicOverTls() {
        String topic = SYNTH.recovery().findResources("AWS::SNS::Topic").keySet().iterator().next();
        Map<String, Object> topicPolicy = Cfn.only(SYNTH.recovery(), "AWS::SNS::TopicPolicy");
        assertThat(Cfn.list(topicPolicy.get("Topics")).stream().map(Cfn::target)).containsExactly(topic);
        PolicyEvaluator policy = new PolicyEvaluator(Cfn.map(topicPolicy.get("PolicyDocument")));
        String ownAlarm = "arn:aws:cloudwatch:eu-west-1:" + ACCOUNT + ":alarm:restore-drill-executions-failed";

        assertThat(policy.allows(PolicyEvaluator.service("cloudwatch.amazonaws.com", "sns:Publish",
                Map.of("aws:SourceAccount", ACCOUNT, "aws:SourceArn", ownAlarm)))).isTrue();
        assertThat(policy.allows(PolicyEvaluator.service("cloudwatch.amazonaws.com", "sns:Publish",
                Map.of("aws:SourceAccount", "222222222222", "aws:SourceArn",
                        "arn:aws:cloudwatch:eu-west-1:222222222222:alarm:x")))).as("another account's alarm").isFalse();
        assertThat(policy.allows(PolicyEvaluator.service("cloudwatch.amazonaws.com", "sns:Publish",
                Map.of("aws:SourceAccount", ACCOUNT)))).as("CloudWatch without the alarm as source").isFalse();
        for (String service : List.of("events.amazonaws.com", "s3.amazonaws.com", "backup.amazonaws.com")) {
            assertThat(policy.allows(PolicyEvaluator.service(service, "sns:Publish", Map.of("aws:SourceAccount", ACCOUNT))))
                    .as(service).isFalse();
        }
        // Another account's principal is denied outright, so no later Allow can let it in.
        assertThat(policy.allows(PolicyEvaluator.iam("arn:aws:iam::222222222222:role/x", "sns:Publish", Map.of()))).isFalse();
        assertThat(denies(policy, "arn:aws:iam::222222222222:role/x", Map.of())).isTrue();
        // This account's principals are not denied (their IAM policies decide), except without TLS.
        String publisher = "arn:aws:iam::" + ACCOUNT + ":role/publisher";
        assertThat(denies(policy, publisher, Map.of())).isFalse();
        assertThat(denies(policy, publisher, Map.of("aws:SecureTransport", "false"))).isTrue();
        assertThat(policy.allows(PolicyEvaluator.service("cloudwatch.amazonaws.com", "sns:Publish",
                Map.of("aws:SourceAccount", ACCOUNT, "aws:SourceArn", ownAlarm, "aws:SecureTransport", "false")))).isFalse();

        // Which of this account's roles may publish: the Publish function's and the tampering rules' role.
        Set<String> publishers = new java.util.TreeSet<>();
        for (Cfn.Statement statement : Cfn.statements(SYNTH.recovery())) {
            if (statement.hasAction(a -> a.equals("sns:Publish") || a.equals("sns:*"))) {
                assertThat(statement.resources()).containsExactly("<Ref:" + topic + ">");
                publishers.addAll(statement.roles());
            }
        }
        assertThat(publishers).containsExactlyInAnyOrder("<Ref:" + Functions.roleId(SYNTH.recovery(), Task.PUBLISH) + ">",
                "<Ref:" + keyTamperingRole() + ">");
    }

    /** Whether the policy explicitly denies publishing by this account's IAM principal (an Allow elsewhere notwithstanding). */
    private static boolean denies(PolicyEvaluator policy, String principal, Map<String, String> context) {
        // An IAM principal of this account has no Allow in the topic policy (its IAM policy grants it), so a denial
        // shows as "not allowed even with an Allow for everyone": evaluate with a statement that allows all added.
        return !policy.with(Map.of("Effect", "Allow", "Principal", "*", "Action", "sns:Publish", "Resource", "*"))
                .allows(PolicyEvaluator.iam(principal, "sns:Publish", context));
    }

    private static String keyTamperingRole() {
        return Cfn.properties(SYNTH.recovery(), "AWS::Events::Rule").values().stream()
                .flatMap(rule -> Cfn.list(rule.get("Targets")).stream())
                // the restore-test rule invokes its function directly (a Lambda permission, no role)
                .filter(target -> Cfn.map(target).containsKey("RoleArn"))
                .map(target -> Cfn.target(Cfn.map(target).get("RoleArn"))).distinct()
                .reduce((a, b) -> {
                    throw new AssertionError("the tampering rules use two roles: " + a + ", " + b);
                }).orElseThrow();
    }

    private static Map<String, Object> trustCondition(Template template, String roleId) {
        Map<String, Object> statement = Cfn.map(Cfn.list(Cfn.map(Cfn.properties(template, "AWS::IAM::Role").get(roleId)
                .get("AssumeRolePolicyDocument")).get("Statement")).get(0));
        assertThat(statement).as("the trust policy of %s", roleId).containsKey("Condition");
        assertThat(Cfn.map(statement.get("Condition")).get("StringEquals")).isEqualTo(Map.of("aws:SourceAccount", ACCOUNT));
        return Cfn.map(statement.get("Condition"));
    }

    private static List<String> sourceArns(Map<String, Object> condition) {
        List<String> arns = new ArrayList<>();
        for (String operator : List.of("ArnLike", "ArnEquals", "StringLike", "StringEquals")) {
            if (condition.get(operator) != null) {
                arns.addAll(Cfn.strings(Cfn.map(condition.get(operator)).get("aws:SourceArn")));
            }
        }
        return arns;
    }
}
