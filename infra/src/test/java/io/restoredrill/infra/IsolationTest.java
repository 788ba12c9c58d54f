package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The restored database is unreachable from anywhere but the verifier. GIVEN the example's recovery
 * stack, THEN its VPC has no way out (no internet gateway, NAT, peering, transit gateway or route),
 * only isolated subnets in two AZs, flow logs of all traffic, and the restored database's security
 * group admits only PostgreSQL from the verifier's security group. DNS is no way out either: the
 * VPC's resolver answers only the Secrets Manager, S3 and RDS names of the region and refuses every
 * other name, and every query is logged.
 */
class IsolationTest {

    private static final Template RECOVERY = Synthesized.example().recovery();

    @Test
    void theVpcHasNoWayOut() {
        for (String type : List.of("AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::NatGateway",
                "AWS::EC2::EgressOnlyInternetGateway", "AWS::EC2::EIP", "AWS::EC2::VPCPeeringConnection",
                "AWS::EC2::TransitGatewayAttachment", "AWS::EC2::VPNGateway", "AWS::EC2::Route")) {
            RECOVERY.resourceCountIs(type, 0);
        }
        // The only routes beyond the VPC's own range are the S3 gateway endpoint's, attached to the route tables.
        assertThat(Cfn.properties(RECOVERY, "AWS::EC2::VPCEndpoint").values())
                .filteredOn(e -> "Gateway".equals(e.get("VpcEndpointType")))
                .singleElement()
                .satisfies(e -> assertThat(Cfn.render(e.get("ServiceName"))).endsWith(".s3"));
    }

    @Test
    void subnetsAreIsolatedInTwoAvailabilityZones() {
        Map<String, Map<String, Object>> subnets = Cfn.properties(RECOVERY, "AWS::EC2::Subnet");
        assertThat(subnets).hasSize(2);
        assertThat(subnets.values()).allSatisfy(subnet -> {
            assertThat(subnet.get("MapPublicIpOnLaunch")).isEqualTo(false);
            assertThat(Cfn.list(subnet.get("Tags"))).contains(Map.of("Key", "aws-cdk:subnet-type", "Value", "Isolated"));
        });
        assertThat(subnets.values().stream().map(s -> s.get("AvailabilityZone")).distinct()).hasSize(2);
    }

    @Test
    void flowLogsRecordAllTrafficOfTheVpc() {
        Map<String, Object> flowLog = Cfn.only(RECOVERY, "AWS::EC2::FlowLog");
        assertThat(flowLog).containsEntry("ResourceType", "VPC").containsEntry("TrafficType", "ALL")
                .containsEntry("LogDestinationType", "cloud-watch-logs");
        assertThat(Cfn.target(flowLog.get("ResourceId"))).isEqualTo(Cfn.target(firstSubnet().get("VpcId")));
    }

    @Test
    void theRestoredDatabaseAdmitsOnlyPostgresFromTheVerifier() {
        String database = securityGroup("restored databases");
        String verifier = securityGroup("Restore Drill verifier:");
        List<Map<String, Object>> ingress = ingressOf(database);
        assertThat(ingress).singleElement().satisfies(rule -> {
            assertThat(rule).containsEntry("IpProtocol", "tcp").containsEntry("FromPort", 5432).containsEntry("ToPort", 5432);
            assertThat(Cfn.target(rule.get("SourceSecurityGroupId"))).isEqualTo(verifier);
            assertThat(rule).doesNotContainKeys("CidrIp", "CidrIpv6", "SourcePrefixListId");
        });
        // No egress either: CDK's placeholder rule that matches no traffic.
        assertThat(Cfn.list(Cfn.properties(RECOVERY, "AWS::EC2::SecurityGroup").get(database).get("SecurityGroupEgress")))
                .singleElement().satisfies(rule -> assertThat(Cfn.map(rule)).containsEntry("CidrIp", "255.255.255.255/32"));
    }

    @Test
    void noSecurityGroupAdmitsAnAddressRange() {
        for (Map<String, Object> group : Cfn.properties(RECOVERY, "AWS::EC2::SecurityGroup").values()) {
            assertThat(Cfn.list(group.get("SecurityGroupIngress"))).isEmpty();
        }
        assertThat(Cfn.properties(RECOVERY, "AWS::EC2::SecurityGroupIngress").values())
                .allSatisfy(rule -> assertThat(rule).containsKey("SourceSecurityGroupId").doesNotContainKey("CidrIp"));
    }

    @Test
    void drillsRestoreIntoTheIsolatedSubnetsWithTheVerifierOnlyGroup() {
        Map<String, Object> subnetGroup = Cfn.only(RECOVERY, "AWS::RDS::DBSubnetGroup");
        assertThat(subnetGroup).containsEntry("DBSubnetGroupName", Names.SUBNET_GROUP);
        assertThat(Cfn.list(subnetGroup.get("SubnetIds")).stream().map(Cfn::target))
                .containsExactlyInAnyOrderElementsOf(Cfn.properties(RECOVERY, "AWS::EC2::Subnet").keySet());
        Map<String, Object> planEnv = Functions.environment(RECOVERY, Task.PLAN);
        assertThat(planEnv).containsEntry("RESTORE_SUBNET_GROUP", Names.SUBNET_GROUP);
        assertThat(Cfn.target(planEnv.get("RESTORE_SECURITY_GROUP_IDS"))).isEqualTo(securityGroup("restored databases"));
    }

    @Test
    void onlyTheVerifierRunsInTheVpcWithTheVerifierGroup() {
        for (Task task : Task.values()) {
            Map<String, Object> function = Functions.function(RECOVERY, task);
            if (task == Task.VERIFY) {
                Map<String, Object> vpc = Cfn.map(function.get("VpcConfig"));
                assertThat(Cfn.list(vpc.get("SecurityGroupIds")).stream().map(Cfn::target)).containsExactly(securityGroup("Restore Drill verifier:"));
                assertThat(Cfn.list(vpc.get("SubnetIds")).stream().map(Cfn::target))
                        .containsExactlyInAnyOrderElementsOf(Cfn.properties(RECOVERY, "AWS::EC2::Subnet").keySet());
            } else {
                assertThat(function).as(task.taskName()).doesNotContainKey("VpcConfig");
            }
        }
    }

    @Test
    void theVerifierReachesAwsOnlyThroughEndpointsLimitedToDrillSecretsAndEvidence() {
        List<Map<String, Object>> endpoints = new ArrayList<>(Cfn.properties(RECOVERY, "AWS::EC2::VPCEndpoint").values());
        assertThat(endpoints).hasSize(2);
        Map<String, Object> secrets = endpoints.stream().filter(e -> "Interface".equals(e.get("VpcEndpointType")))
                .findFirst().orElseThrow();
        assertThat(Cfn.render(secrets.get("ServiceName"))).endsWith(".secretsmanager");
        assertThat(secrets).containsEntry("PrivateDnsEnabled", true);
        assertThat(policyResources(secrets)).containsExactly("arn:aws:secretsmanager:eu-west-1:111111111111:secret:restore-drill/*");
        // S3: write verification results and progress, and list and read the progress back (a verification longer
        // than one invocation); list and read earlier reports (to compare with the last passed drill)
        Map<String, Object> s3 = endpoints.stream().filter(e -> "Gateway".equals(e.get("VpcEndpointType"))).findFirst().orElseThrow();
        assertThat(actionsOnResources(s3)).containsExactlyInAnyOrder("s3:PutObject on <EvidenceBucket.Arn>/verification/*",
                "s3:GetObject on <EvidenceBucket.Arn>/reports/*", "s3:GetObject on <EvidenceBucket.Arn>/verification/*",
                "s3:ListBucket on <EvidenceBucket.Arn>", "s3:ListBucket on <EvidenceBucket.Arn>");
        List<String> listings = statements(s3).stream().filter(st -> Cfn.strings(st.get("Action")).contains("s3:ListBucket"))
                .map(st -> Cfn.map(st.get("Condition")).toString()).toList();
        assertThat(listings).hasSize(2).anySatisfy(condition -> assertThat(condition).contains("s3:prefix=reports/*"))
                .anySatisfy(condition -> assertThat(condition).contains("s3:prefix=verification/*"));
        // Every statement of both endpoints allows one action, for principals of this account only.
        for (Map<String, Object> endpoint : List.of(secrets, s3)) {
            for (Map<String, Object> statement : statements(endpoint)) {
                assertThat(Cfn.strings(statement.get("Action"))).hasSize(1);
                assertThat(Cfn.map(statement.get("Condition")).toString()).contains("aws:PrincipalAccount=111111111111");
            }
        }
    }

    private static List<Map<String, Object>> statements(Map<String, Object> endpoint) {
        return Cfn.list(Cfn.map(endpoint.get("PolicyDocument")).get("Statement")).stream().map(Cfn::map).toList();
    }

    /** "action on resource" for every statement, the bucket's ARN as {@code <EvidenceBucket.Arn>}. */
    private static List<String> actionsOnResources(Map<String, Object> endpoint) {
        return statements(endpoint).stream().flatMap(st -> Cfn.strings(st.get("Resource")).stream()
                .map(r -> Cfn.strings(st.get("Action")).get(0) + " on " + r.replaceAll("<EvidenceBucket[A-Za-z0-9]*\\.Arn>",
                        "<EvidenceBucket.Arn>"))).toList();
    }

    @Test
    void dnsAnswersOnlyTheNamesTheVerifierNeedsInItsRegionAndNothingElse() {
        Map<String, Object> association = Cfn.only(RECOVERY, "AWS::Route53Resolver::FirewallRuleGroupAssociation");
        assertThat(Cfn.target(association.get("VpcId"))).isEqualTo(Cfn.target(firstSubnet().get("VpcId")));
        Map<String, Object> group = Cfn.properties(RECOVERY, "AWS::Route53Resolver::FirewallRuleGroup")
                .get(Cfn.target(association.get("FirewallRuleGroupId")));
        List<Map<String, Object>> rules = Cfn.list(group.get("FirewallRules")).stream().map(Cfn::map).toList();
        assertThat(rules).hasSize(2);
        Map<String, Object> allow = rules.stream().filter(r -> "ALLOW".equals(r.get("Action"))).findFirst().orElseThrow();
        Map<String, Object> block = rules.stream().filter(r -> "BLOCK".equals(r.get("Action"))).findFirst().orElseThrow();
        assertThat(domains(allow)).containsExactlyInAnyOrder("secretsmanager.eu-west-1.amazonaws.com",
                "s3.eu-west-1.amazonaws.com", "*.s3.eu-west-1.amazonaws.com", "*.eu-west-1.rds.amazonaws.com");
        assertThat(domains(block)).containsExactly("*");
        assertThat(block).containsEntry("BlockResponse", "NXDOMAIN");
        assertThat((Integer) block.get("Priority")).isGreaterThan((Integer) allow.get("Priority"));

        for (String name : List.of("secretsmanager.eu-west-1.amazonaws.com", "s3.eu-west-1.amazonaws.com",
                "restoredrill-recovery-evidence1234.s3.eu-west-1.amazonaws.com",
                "drill-shop-prod-20260101t0400z.c9akciq32.eu-west-1.rds.amazonaws.com",
                "drill-billing-aurora-x.cluster-c9akciq32.eu-west-1.rds.amazonaws.com")) {
            assertThat(answer(rules, name)).as(name).isEqualTo("ALLOW");
        }
        for (String name : List.of("exfil-4a6f.attacker.example", "secretsmanager.us-east-1.amazonaws.com", "s3.amazonaws.com",
                "bucket.s3.us-east-1.amazonaws.com", "sts.amazonaws.com", "logs.eu-west-1.amazonaws.com",
                "db.eu-west-1.rds.amazonaws.com.attacker.example", "eu-west-1.rds.amazonaws.com")) {
            assertThat(answer(rules, name)).as(name).isEqualTo("BLOCK");
        }
        // The AWS names the allowed ones alias (S3's and RDS's CNAMEs) are trusted; any other name is judged by itself.
        assertThat(allow).containsEntry("FirewallDomainRedirectionAction", "TRUST_REDIRECTION_DOMAIN");
    }

    @Test
    void dnsFailsClosedAndEveryQueryIsLogged() {
        // Fail-open stays at the DISABLED default of the VPC the stack creates; CloudFormation cannot set it (no
        // provisionable AWS::Route53Resolver::FirewallConfig), and nothing in the stack may open it.
        RECOVERY.resourceCountIs("AWS::Route53Resolver::FirewallConfig", 0);
        assertThat(RECOVERY.toJSON().toString()).doesNotContain("FirewallFailOpen=ENABLED");
        Map<String, Object> association = Cfn.only(RECOVERY, "AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation");
        assertThat(Cfn.target(association.get("ResourceId"))).isEqualTo(Cfn.target(firstSubnet().get("VpcId")));
        Map<String, Object> logging = Cfn.properties(RECOVERY, "AWS::Route53Resolver::ResolverQueryLoggingConfig")
                .get(Cfn.target(association.get("ResolverQueryLogConfigId")));
        String destination = Cfn.render(logging.get("DestinationArn"));
        assertThat(destination).matches("arn:aws:logs:eu-west-1:111111111111:log-group:<Ref:[A-Za-z0-9]+>");
        Map<String, Object> logGroup = Cfn.properties(RECOVERY, "AWS::Logs::LogGroup")
                .get(destination.substring(destination.indexOf("<Ref:") + 5, destination.length() - 1));
        assertThat(logGroup).containsEntry("RetentionInDays", 365).containsKey("KmsKeyId");
        assertThat(Cfn.target(logGroup.get("KmsKeyId"))).isEqualTo(Cfn.target(
                Cfn.only(RECOVERY, "AWS::SNS::Topic").get("KmsMasterKeyId")));
    }

    /** What DNS Firewall answers: the first rule, by priority, whose domain list matches the name. */
    private static String answer(List<Map<String, Object>> rules, String name) {
        return rules.stream().sorted(java.util.Comparator.comparingInt(r -> (Integer) r.get("Priority")))
                .filter(rule -> domains(rule).stream().anyMatch(domain -> matches(domain, name)))
                .map(rule -> (String) rule.get("Action")).findFirst().orElse("NO RULE");
    }

    private static boolean matches(String domain, String name) {
        String d = domain.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "");
        String n = name.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "");
        if (d.equals("*")) {
            return true;
        }
        return d.startsWith("*.") ? n.endsWith(d.substring(1)) : n.equals(d);
    }

    private static List<String> domains(Map<String, Object> rule) {
        return Cfn.strings(Cfn.properties(RECOVERY, "AWS::Route53Resolver::FirewallDomainList")
                .get(Cfn.target(rule.get("FirewallDomainListId"))).get("Domains"));
    }

    private static List<String> policyResources(Map<String, Object> endpoint) {
        return Cfn.list(Cfn.map(endpoint.get("PolicyDocument")).get("Statement")).stream()
                .flatMap(s -> Cfn.strings(Cfn.map(s).get("Resource")).stream()).toList();
    }

    private static Map<String, Object> firstSubnet() {
        return Cfn.properties(RECOVERY, "AWS::EC2::Subnet").values().iterator().next();
    }

    private static List<Map<String, Object>> ingressOf(String group) {
        List<Map<String, Object>> rules = new ArrayList<>();
        Cfn.list(Cfn.properties(RECOVERY, "AWS::EC2::SecurityGroup").get(group).get("SecurityGroupIngress"))
                .forEach(rule -> rules.add(Cfn.map(rule)));
        Cfn.properties(RECOVERY, "AWS::EC2::SecurityGroupIngress").values().stream()
                .filter(rule -> group.equals(Cfn.target(rule.get("GroupId"))))
                .forEach(rules::add);
        return rules;
    }

    /** The logical id of the security group whose description mentions this. */
    static String securityGroup(String described) {
        return Cfn.properties(RECOVERY, "AWS::EC2::SecurityGroup").entrySet().stream()
                .filter(e -> String.valueOf(e.getValue().get("GroupDescription")).contains(described))
                .map(Map.Entry::getKey).reduce((a, b) -> {
                    throw new AssertionError("two security groups match " + described);
                }).orElseThrow();
    }
}
