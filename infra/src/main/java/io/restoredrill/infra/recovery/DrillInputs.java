package io.restoredrill.infra.recovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.infra.config.DrillBudgets;
import io.restoredrill.infra.config.DrillConfig.Source;
import io.restoredrill.infra.config.DrillConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the schedules send. A drill's execution input (docs/state.md): the source, its own
 * settings and the configured budgets; regions, network, key, vault, RTO and TTL defaults come
 * from the Plan function's environment. The fleet's input: every source's own settings, the
 * budgets once under {@code defaults} (the fleet merges each source over them), and how many run at once.
 */
public final class DrillInputs {

    public static final String FLEET_SOURCES = "sources";
    public static final String FLEET_DEFAULTS = "defaults";
    public static final String FLEET_MAX_CONCURRENCY = "maxConcurrency";
    static final String SNAPSHOT_MODE = "snapshotMode";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DrillInputs() {
    }

    public static Map<String, Object> drill(DrillConfig config, Source source) {
        Map<String, Object> input = shared(config);
        input.putAll(ownSettings(source));
        return input;
    }

    /**
     * What the restore-test machine's Plan gets for a restore job of this source's restore testing plan: the drill's
     * input without {@code snapshotMode} (AWS Backup chose and restored the recovery point); the validator adds the job.
     */
    public static Map<String, Object> restoreTest(DrillConfig config, Source source) {
        Map<String, Object> input = drill(config, source);
        input.remove(SNAPSHOT_MODE);
        return input;
    }

    public static Map<String, Object> fleet(DrillConfig config) {
        List<Map<String, Object>> sources = config.sources().stream().map(DrillInputs::ownSettings).toList();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put(FLEET_SOURCES, sources);
        input.put(FLEET_DEFAULTS, shared(config));
        input.put(FLEET_MAX_CONCURRENCY, config.fleetMaxConcurrency());
        return input;
    }

    private static Map<String, Object> ownSettings(Source source) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("source", source.identifier());
        if (source.database() != null) {
            input.put("database", source.database());
        }
        if (source.snapshotMode() != null) {
            input.put(SNAPSHOT_MODE, source.snapshotMode());
        }
        if (source.budgets() != null) {
            // Whole: the fleet merges a source's fields over the shared ones one level deep.
            input.put("budgets", budgets(source.budgets()));
        }
        if (source.suite() != null) {
            input.put("suite", suite(source.suite()));
        }
        if (source.instanceClass() != null) {
            // The rest of restore (subnet group, security groups, key) comes from Plan's environment.
            input.put("restore", Map.of("instanceClass", source.instanceClass()));
        }
        return input;
    }

    private static Map<String, Object> budgets(DrillBudgets budgets) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rto", budgets.rto());
        if (budgets.rpo() != null) {
            map.put("rpo", budgets.rpo());
        }
        map.put("phases", budgets.phases());
        return map;
    }

    private static Object suite(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a validated suite is JSON", e);
        }
    }

    private static Map<String, Object> shared(DrillConfig config) {
        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put("budgets", budgets(config.budgets()));
        return shared;
    }
}
