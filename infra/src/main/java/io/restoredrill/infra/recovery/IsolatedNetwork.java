package io.restoredrill.infra.recovery;

import io.restoredrill.infra.Names;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.rds.SubnetGroup;
import software.amazon.awscdk.services.route53resolver.CfnFirewallDomainList;
import software.amazon.awscdk.services.route53resolver.CfnFirewallRuleGroup;
import software.amazon.awscdk.services.route53resolver.CfnFirewallRuleGroupAssociation;
import software.amazon.awscdk.services.route53resolver.CfnResolverQueryLoggingConfig;
import software.amazon.awscdk.services.route53resolver.CfnResolverQueryLoggingConfigAssociation;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * Where restored databases live: a VPC of PRIVATE_ISOLATED subnets in two AZs, with no internet
 * gateway, no NAT and no route out; flow logs of all traffic. The restored database's security
 * group admits PostgreSQL (5432) from the verifier's security group and nothing else; the verifier
 * reaches AWS only through a Secrets Manager interface endpoint and an S3 gateway endpoint, whose
 * policies allow just the drill secrets and Verify's evidence writes. DNS, the one channel the VPC's
 * resolver would otherwise carry out (a query for any name reaches that name's servers), is closed
 * by a Route 53 Resolver DNS Firewall that answers only the names the verifier needs in this region
 * and refuses every other, failing closed; every query is logged.
 */
public final class IsolatedNetwork extends Construct {

    public static final int POSTGRES_PORT = 5432;

    private final Vpc vpc;
    private final SecurityGroup verifier;
    private final SecurityGroup restoredDatabase;
    private final SubnetGroup subnetGroup;

    public IsolatedNetwork(Construct scope, String id, IKey logKey, IBucket evidence) {
        super(scope, id);
        Stack stack = Stack.of(this);
        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                .encryptionKey(logKey)
                .retention(RecoveryRegionStack.LOG_RETENTION)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .createInternetGateway(false)
                .restrictDefaultSecurityGroup(true)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("isolated").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                .flowLogs(Map.of("AllTraffic", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                        .trafficType(FlowLogTrafficType.ALL)
                        .build()))
                .build();
        SubnetSelection isolated = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        // The AZ names come from cdk.json's context (a lookup, cached), which is how CDK places subnets offline.
        Validations.of(vpc).acknowledge(Acknowledgment.builder().id("CloudFormation-Validate::W3010")
                .reason("availability zones come from the account's AZ lookup in cdk.json context, not a guess").build());

        this.verifier = SecurityGroup.Builder.create(this, "VerifierSecurityGroup")
                .vpc(vpc).allowAllOutbound(false)
                .description("Restore Drill verifier: PostgreSQL to restored drill databases, HTTPS to the VPC endpoints")
                .build();
        this.restoredDatabase = SecurityGroup.Builder.create(this, "RestoredDatabaseSecurityGroup")
                .vpc(vpc).allowAllOutbound(false)
                .description("Restore Drill restored databases: PostgreSQL from the verifier only")
                .build();
        SecurityGroup endpoints = SecurityGroup.Builder.create(this, "EndpointSecurityGroup")
                .vpc(vpc).allowAllOutbound(false)
                .description("Restore Drill VPC endpoints: HTTPS from the verifier only")
                .build();
        restoredDatabase.addIngressRule(verifier, Port.tcp(POSTGRES_PORT), "PostgreSQL from the verifier only");
        endpoints.addIngressRule(verifier, Port.tcp(443), "HTTPS from the verifier");
        verifier.addEgressRule(restoredDatabase, Port.tcp(POSTGRES_PORT), "PostgreSQL to restored drill databases");
        verifier.addEgressRule(endpoints, Port.tcp(443), "HTTPS to the Secrets Manager endpoint");
        // The S3 gateway endpoint is reached through its prefix-list route; the subnets have no other route out,
        // so HTTPS "anywhere" reaches S3 through the endpoint (whose policy allows only evidence writes) and nothing else.
        verifier.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to S3 through the gateway endpoint (no other route exists)");

        InterfaceVpcEndpoint secrets = vpc.addInterfaceEndpoint("SecretsManager", InterfaceVpcEndpointOptions.builder()
                .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)
                .privateDnsEnabled(true)
                .open(false)
                .securityGroups(List.of(endpoints))
                .subnets(isolated)
                .build());
        secrets.addToPolicy(PolicyStatement.Builder.create()
                .sid("OnlyDrillSecretsOfThisAccount")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of("arn:" + stack.getPartition() + ":secretsmanager:" + stack.getRegion() + ":"
                        + stack.getAccount() + ":secret:" + Names.DRILL_SECRET_PREFIX + "*"))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalAccount", stack.getAccount())))
                .build());
        GatewayVpcEndpoint s3 = vpc.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.S3)
                .subnets(List.of(isolated))
                .build());
        Map<String, Object> thisAccount = Map.of("aws:PrincipalAccount", stack.getAccount());
        s3.addToPolicy(endpointStatement("OnlyVerificationResultsIntoTheEvidenceBucket", "s3:PutObject",
                evidence.arnForObjects(TaskPolicies.VERIFICATION_PREFIX + "*"), Map.of("StringEquals", thisAccount)));
        // The verifier compares with the source's earlier reports: it lists and reads reports/; and a verification
        // longer than one invocation goes on from the progress it stored: it lists and reads verification/. Nothing else.
        s3.addToPolicy(endpointStatement("OnlyEarlierReportsOutOfTheEvidenceBucket", "s3:GetObject",
                evidence.arnForObjects(TaskPolicies.REPORTS_PREFIX + "*"), Map.of("StringEquals", thisAccount)));
        s3.addToPolicy(endpointStatement("OnlyVerificationProgressOutOfTheEvidenceBucket", "s3:GetObject",
                evidence.arnForObjects(TaskPolicies.VERIFICATION_PREFIX + "*"), Map.of("StringEquals", thisAccount)));
        s3.addToPolicy(endpointStatement("OnlyTheReportsListingOfTheEvidenceBucket", "s3:ListBucket", evidence.getBucketArn(),
                Map.of("StringEquals", thisAccount, "StringLike", Map.of("s3:prefix", TaskPolicies.REPORTS_PREFIX + "*"))));
        s3.addToPolicy(endpointStatement("OnlyTheVerificationListingOfTheEvidenceBucket", "s3:ListBucket",
                evidence.getBucketArn(), Map.of("StringEquals", thisAccount,
                        "StringLike", Map.of("s3:prefix", TaskPolicies.VERIFICATION_PREFIX + "*"))));

        dnsFirewall(stack, logKey);

        this.subnetGroup = SubnetGroup.Builder.create(this, "RestoreSubnetGroup")
                .subnetGroupName(Names.SUBNET_GROUP)
                .description("Restore Drill: isolated subnets where drills restore databases")
                .vpc(vpc)
                .vpcSubnets(isolated)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    /**
     * The names the verifier resolves in this region: the Secrets Manager endpoint (private DNS of the interface
     * endpoint), S3 (path-style and virtual-hosted-style, reached through the gateway endpoint) and the restored
     * databases' endpoints. The AWS names they alias (CNAMEs) are trusted once the first name is allowed.
     */
    static List<String> allowedDomains(String region) {
        return List.of("secretsmanager." + region + ".amazonaws.com", "s3." + region + ".amazonaws.com",
                "*.s3." + region + ".amazonaws.com", "*." + region + ".rds.amazonaws.com");
    }

    static final int ALLOW_PRIORITY = 100;
    static final int BLOCK_PRIORITY = 200;

    /**
     * DNS Firewall on the VPC: ALLOW the verifier's names (priority 100), then BLOCK every name ({@code *}, priority
     * 200) with NXDOMAIN; if the firewall cannot answer, queries fail (fail-open is DISABLED), they never pass.
     * Resolver query logging records every query of the VPC, allowed or blocked, in a KMS-encrypted log group.
     */
    /** One action on one resource through an endpoint, for any principal the conditions admit. */
    private static PolicyStatement endpointStatement(String sid, String action, String resource, Map<String, Object> conditions) {
        return PolicyStatement.Builder.create().sid(sid).principals(List.of(new AnyPrincipal())).actions(List.of(action))
                .resources(List.of(resource)).conditions(conditions).build();
    }

    private void dnsFirewall(Stack stack, IKey logKey) {
        CfnFirewallDomainList allowed = CfnFirewallDomainList.Builder.create(this, "VerifierDomains")
                .name(Names.SERVICE + "-verifier-domains")
                .domains(allowedDomains(stack.getRegion()))
                .build();
        CfnFirewallDomainList everything = CfnFirewallDomainList.Builder.create(this, "AllDomains")
                .name(Names.SERVICE + "-all-domains")
                .domains(List.of("*"))
                .build();
        CfnFirewallRuleGroup rules = CfnFirewallRuleGroup.Builder.create(this, "DnsFirewallRules")
                .name(Names.SERVICE + "-isolated-dns")
                .firewallRules(List.of(
                        CfnFirewallRuleGroup.FirewallRuleProperty.builder()
                                .firewallDomainListId(allowed.getAttrId())
                                .priority(ALLOW_PRIORITY)
                                .action("ALLOW")
                                .firewallDomainRedirectionAction("TRUST_REDIRECTION_DOMAIN")
                                .build(),
                        CfnFirewallRuleGroup.FirewallRuleProperty.builder()
                                .firewallDomainListId(everything.getAttrId())
                                .priority(BLOCK_PRIORITY)
                                .action("BLOCK")
                                .blockResponse("NXDOMAIN")
                                .build()))
                .build();
        CfnFirewallRuleGroupAssociation.Builder.create(this, "DnsFirewall")
                .name(Names.SERVICE + "-isolated-dns")
                .firewallRuleGroupId(rules.getAttrId())
                .vpcId(vpc.getVpcId())
                .priority(101)
                .build();
        // Fail-open stays DISABLED, the default of a VPC this stack creates: the firewall answers SERVFAIL when it cannot
        // evaluate a query, it never lets it through. There is nothing to set here, and nothing could be: CloudFormation
        // cannot provision AWS::Route53Resolver::FirewallConfig (docs/security.md, Isolation).

        LogGroup queryLogs = LogGroup.Builder.create(this, "DnsQueryLogs")
                .encryptionKey(logKey)
                .retention(RecoveryRegionStack.LOG_RETENTION)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // Resolver delivers through CloudWatch Logs' log delivery, which sets up the log group's resource policy itself
        // when the configuration is created (its creator may: CloudFormation's role). The destination is the log group's
        // ARN proper, without the ":*" of the LogGroup's Arn attribute.
        CfnResolverQueryLoggingConfig logging = CfnResolverQueryLoggingConfig.Builder.create(this, "DnsQueryLogging")
                .name(Names.SERVICE + "-isolated-dns")
                .destinationArn(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("logs").resource("log-group").resourceName(queryLogs.getLogGroupName())
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()))
                .build();
        logging.getNode().addDependency(queryLogs);
        CfnResolverQueryLoggingConfigAssociation.Builder.create(this, "DnsQueryLoggingOfTheVpc")
                .resolverQueryLogConfigId(logging.getAttrId())
                .resourceId(vpc.getVpcId())
                .build();
    }

    public Vpc vpc() {
        return vpc;
    }

    public SubnetSelection isolatedSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    }

    public SecurityGroup verifier() {
        return verifier;
    }

    public SecurityGroup restoredDatabase() {
        return restoredDatabase;
    }

    public SubnetGroup subnetGroup() {
        return subnetGroup;
    }
}
