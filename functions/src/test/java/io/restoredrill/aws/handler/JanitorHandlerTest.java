package io.restoredrill.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.aws.Events;
import io.restoredrill.aws.janitor.JanitorStep;
import io.restoredrill.aws.drill.DrillTags;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.json.Json;
import io.restoredrill.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/** The Janitor function fed its scheduled payload (events/janitor.json), on moto. */
class JanitorHandlerTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T04:00:00Z"), ZoneOffset.UTC);
    private static final Instant EXPIRED = Instant.parse("2026-11-22T16:00:00Z");
    private static final String DRILL = "20261122-040000-3fa9c2";
    private static final Map<String, String> ENVIRONMENT = Map.of("SOURCE_REGION", "eu-central-1", "AWS_REGION", "eu-west-1");

    private final MotoRds rds = new MotoRds(MOTO);

    @AfterEach
    void close() {
        rds.close();
    }

    private String invoke(String event, Map<String, String> environment) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JanitorHandler(new JanitorStep(rds, rds.secrets(), CLOCK), environment)
                .handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** An expired drill snapshot in the source region and an expired drill secret and a malformed one in the recovery region. */
    private void givenExpiredDrillLeftoversInBothRegions() {
        Map<String, String> tags = DrillTags.of(DRILL, "shop-prod", EXPIRED);
        rds.createPostgresInstance("eu-central-1", "shop-prod");
        rds.apply("eu-central-1").createDBSnapshot(r -> r.dbSnapshotIdentifier("drill-shop-prod-" + DRILL)
                .dbInstanceIdentifier("shop-prod").tags(RdsTags.of(tags)));
        rds.secrets().apply("eu-west-1").createSecret(r -> r.name("restore-drill/shop-prod/" + DRILL).secretString("x")
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
        rds.secrets().apply("eu-west-1").createSecret(r -> r.name("restore-drill/by-hand").secretString("x")
                .tags(Tag.builder().key(DrillTags.MANAGED).value("true").build(),
                        Tag.builder().key(DrillTags.EXPIRES_AT).value("soon").build()));
    }

    private static final String EXPECTED = """
            {
              "removed": [
                {"region": "eu-central-1", "kind": "snapshot", "name": "drill-shop-prod-20261122-040000-3fa9c2",
                 "drillId": "20261122-040000-3fa9c2", "expiredAt": "2026-11-22T16:00:00Z"},
                {"region": "eu-west-1", "kind": "secret", "name": "restore-drill/shop-prod/20261122-040000-3fa9c2",
                 "drillId": "20261122-040000-3fa9c2", "expiredAt": "2026-11-22T16:00:00Z"}
              ],
              "skipped": [
                {"region": "eu-west-1", "kind": "secret", "name": "restore-drill/by-hand",
                 "reason": "restore-drill:expires-at 'soon' is not an ISO instant such as 2026-11-22T16:00:00Z; fix the tag or delete it by hand."}
              ]
            }""";

    @Test
    void theScheduledPayloadSweepsItsRegionsAndAnswersWhatWasRemovedAndSkipped() throws Exception {
        // GIVEN
        givenExpiredDrillLeftoversInBothRegions();

        // WHEN the schedule's sample payload arrives (the environment names neither SOURCE_REGION nor RECOVERY_REGION:
        // the payload's regions are swept, and the recovery region is the one the Lambda runtime says it runs in)
        String output = invoke(Events.read("janitor.json"), Map.of("AWS_REGION", "eu-west-1"));

        // THEN the answer lists, region by region, what went and what was left and why
        assertThat(Json.mapper().readTree(output)).isEqualTo(Json.mapper().readTree(EXPECTED));
        assertThat(rds.apply("eu-central-1").describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots()).isEmpty();
    }

    @Test
    void aPayloadWithoutRegionsSweepsTheFunctionsSourceAndRecoveryRegions() throws Exception {
        // GIVEN leftovers in both regions, and a function configured with SOURCE_REGION and AWS_REGION
        givenExpiredDrillLeftoversInBothRegions();

        // WHEN the payload names no region THEN both configured regions are swept
        assertThat(Json.mapper().readTree(invoke("{}", ENVIRONMENT))).isEqualTo(Json.mapper().readTree(EXPECTED));

        // WHEN a schedule delivers no payload at all THEN the same regions are swept again: only the malformed secret is left
        String again = invoke("", ENVIRONMENT);
        assertThat(Json.mapper().readTree(again).get("removed")).isEmpty();
        assertThat(Json.mapper().readTree(again).at("/skipped/0/name").asText()).isEqualTo("restore-drill/by-hand");
    }

    @Test
    void theRecoveryRegionIsTheFunctionsOwnNeverThePayloads() throws Exception {
        // GIVEN an expired drill-named, drill-tagged instance in each region, and a function whose RECOVERY_REGION
        // is eu-west-1 (where the recovery stack deploys it: its AWS_REGION is the same)
        for (String region : new String[] {"eu-central-1", "eu-west-1"}) {
            rds.apply(region).createDBInstance(r -> r.dbInstanceIdentifier("drill-shop-prod-" + DRILL).engine("postgres")
                    .dbInstanceClass("db.t4g.medium").masterUsername("admin").masterUserPassword("not-used-1")
                    .allocatedStorage(20).tags(RdsTags.of(DrillTags.of(DRILL, "shop-prod", EXPIRED))));
        }
        Map<String, String> environment = Map.of("SOURCE_REGION", "eu-central-1", "RECOVERY_REGION", "eu-west-1",
                "AWS_REGION", "eu-west-1");

        // WHEN the schedule's payload names both regions
        JsonNode output = Json.mapper().readTree(invoke(Events.read("janitor.json"), environment));

        // THEN the recovery region's instance is removed; the source region's stays: drills never restore there
        assertThat(output.get("removed")).singleElement().satisfies(removed -> assertThat(removed.get("region").asText())
                .isEqualTo("eu-west-1"));
        assertThat(output.at("/skipped/0/region").asText()).isEqualTo("eu-central-1");
        assertThat(output.at("/skipped/0/reason").asText()).isEqualTo("It is tagged restore-drill:managed=true but is in"
                + " eu-central-1, where drills create no instances (only in the recovery region eu-west-1): not created by"
                + " a drill; left alone.");
        assertThat(rds.apply("eu-central-1").describeDBInstances().dbInstances()).hasSize(1);
        assertThat(rds.apply("eu-west-1").describeDBInstances().dbInstances()).isEmpty();

        // WHEN a function knows no recovery region at all THEN it refuses before sweeping anything
        assertThatThrownBy(() -> invoke(Events.read("janitor.json"), Map.of("SOURCE_REGION", "eu-central-1")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("The Janitor does not know the recovery region, the only one where it deletes instances,"
                        + " clusters and secrets; set RECOVERY_REGION on the function.");
        assertThat(rds.apply("eu-central-1").describeDBInstances().dbInstances()).hasSize(1);
    }

    @Test
    void noRegionAnywhereOrAMalformedRegionIsANamedErrorAndSweepsNothing() {
        assertThatThrownBy(() -> invoke("{}", Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("The Janitor has no region to sweep; set 'regions' in the schedule's payload"
                        + " or SOURCE_REGION and RECOVERY_REGION on the function.");
        assertThatThrownBy(() -> invoke("{\"regions\": [\"eu-west-1\", \"Frankfurt\"]}", ENVIRONMENT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("'Frankfurt' in 'regions' is not an AWS region name such as eu-west-1; fix the Janitor schedule's payload.");
        assertThatThrownBy(() -> invoke("{\"regions\": \"eu-west-1\"", ENVIRONMENT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("The event is not a valid JanitorRequest");
    }
}
