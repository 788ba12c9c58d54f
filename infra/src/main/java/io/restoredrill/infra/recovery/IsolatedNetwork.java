package io.restoredrill.infra.recovery;

import io.restoredrill.infra.Names;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
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
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * Where restored databases live: a VPC of PRIVATE_ISOLATED subnets in two AZs, with no internet
 * gateway, no NAT and no route out; flow logs of all traffic. The restored database's security
 * group admits PostgreSQL (5432) from the verifier's security group and nothing else; the verifier
 * reaches AWS only through a Secrets Manager interface endpoint and an S3 gateway endpoint, whose
 * policies allow just the drill secrets and Verify's evidence writes.
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
        s3.addToPolicy(PolicyStatement.Builder.create()
                .sid("OnlyVerificationResultsIntoTheEvidenceBucket")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:PutObject"))
                .resources(List.of(evidence.arnForObjects(TaskPolicies.VERIFICATION_PREFIX + "*")))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalAccount", stack.getAccount())))
                .build());
        // The verifier compares with the source's earlier reports: it lists and reads reports/, and nothing else.
        s3.addToPolicy(PolicyStatement.Builder.create()
                .sid("OnlyEarlierReportsOutOfTheEvidenceBucket")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:GetObject"))
                .resources(List.of(evidence.arnForObjects(TaskPolicies.REPORTS_PREFIX + "*")))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalAccount", stack.getAccount())))
                .build());
        s3.addToPolicy(PolicyStatement.Builder.create()
                .sid("OnlyTheReportsListingOfTheEvidenceBucket")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(evidence.getBucketArn()))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalAccount", stack.getAccount()),
                        "StringLike", Map.of("s3:prefix", TaskPolicies.REPORTS_PREFIX + "*")))
                .build());

        this.subnetGroup = SubnetGroup.Builder.create(this, "RestoreSubnetGroup")
                .subnetGroupName(Names.SUBNET_GROUP)
                .description("Restore Drill: isolated subnets where drills restore databases")
                .vpc(vpc)
                .vpcSubnets(isolated)
                .removalPolicy(RemovalPolicy.DESTROY)
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
