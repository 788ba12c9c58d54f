package io.restoredrill.aws.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.error.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based: whatever execution input arrives, Plan's parser returns a request or an
 * {@link InvalidInputException} with one sentence, never another exception.
 */
class InputParserFuzzTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> FIELDS = List.of("source", "sourceRegion", "recoveryRegion", "snapshotMode",
            "snapshotArn", "recoveryVault", "sourceRegionDown", "restore", "database", "budgets", "ttl", "dryRun",
            "retainSnapshots", "drillId", "instanceClass", "subnetGroup", "securityGroupIds", "kmsKeyId", "rto",
            "phases", "restore", "verify", "unknown");

    private final InputParser parser = new InputParser(DrillDefaults.fromEnvironment(Map.of(
            "SOURCE_REGION", "eu-central-1", "RECOVERY_REGION", "eu-west-1", "RESTORE_SUBNET_GROUP", "isolated",
            "RESTORE_SECURITY_GROUP_IDS", "sg-1")), Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC));

    @Property(tries = 500)
    void anyTextParsesOrIsANamedError(@ForAll String text) {
        assertParsesOrNamesTheProblem(text);
    }

    @Property(tries = 1500)
    void inputShapedJsonParsesOrIsANamedError(@ForAll("inputShapedJson") JsonNode input) {
        Statistics.collect(assertParsesOrNamesTheProblem(input.toString()));
        // the generator must reach both outcomes, or the property proves little
        Statistics.coverage(c -> {
            c.check("parsed").count(n -> n > 0);
            c.check("refused").count(n -> n > 0);
        });
    }

    private String assertParsesOrNamesTheProblem(String text) {
        try {
            DrillRequest request = parser.parse(text);
            assertThat(request.source()).isNotBlank();
            assertThat(request.sourceRegion()).isNotEqualTo(request.recoveryRegion());
            return "parsed";
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            return "refused";
        }
    }

    /** Objects of the input's own field names, nested to three levels, with values of every JSON type. */
    @Provide
    Arbitrary<JsonNode> inputShapedJson() {
        // half the time start from a valid input ({"source": "shop-prod"}) and add fields to it
        Arbitrary<JsonNode> withSource = value(3).map(node -> {
            ObjectNode object = node instanceof ObjectNode o ? o : JSON.objectNode();
            object.put("source", "shop-prod");
            return (JsonNode) object;
        });
        return Arbitraries.oneOf(value(3), withSource);
    }

    private Arbitrary<JsonNode> value(int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.of("shop-prod", "eu-west-1", "eu-central-1", "NEW", "EXISTING", "LATEST_RECOVERY_POINT",
                        "latest_automated", "1h", "0s", "-5m", "15m", "restore", "db.t4g.medium", "sg-0abc",
                        "arn:aws:rds:eu-west-1:123456789012:snapshot:x", "20261122-040000-abcdef", "", " ", "x--y")
                        .map(s -> (JsonNode) JSON.textNode(s)),
                Arbitraries.strings().ofMaxLength(20).map(s -> (JsonNode) JSON.textNode(s)),
                Arbitraries.integers().map(i -> (JsonNode) JSON.numberNode(i)),
                Arbitraries.doubles().map(d -> (JsonNode) JSON.numberNode(d)),
                Arbitraries.of(true, false).map(b -> (JsonNode) JSON.booleanNode(b)),
                Arbitraries.just((JsonNode) JSON.nullNode()));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<JsonNode> array = value(depth - 1).list().ofMaxSize(3).map(items -> {
            var node = JSON.arrayNode();
            items.forEach(node::add);
            return (JsonNode) node;
        });
        Arbitrary<JsonNode> object = Combinators.combine(Arbitraries.of(FIELDS), value(depth - 1)).as(Map::entry)
                .list().ofMaxSize(6).map(entries -> {
                    ObjectNode node = JSON.objectNode();
                    entries.forEach(e -> node.set(e.getKey(), e.getValue()));
                    return (JsonNode) node;
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, scalar), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(5, object));
    }
}
