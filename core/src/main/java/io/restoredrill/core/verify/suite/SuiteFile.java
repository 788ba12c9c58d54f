package io.restoredrill.core.verify.suite;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The suite file exactly as written: YAML or JSON, every field optional. {@link SuiteLoader}
 * validates it into a {@link VerificationSuite}.
 */
record SuiteFile(
        String timeout,
        Integer parallelism,
        Boolean amcheck,
        Boolean heapallindexed,
        String rowCountDropThreshold,
        List<String> tables,
        List<RowCount> rowCount,
        List<Freshness> freshness,
        List<Sql> sql,
        Boolean requireAllChecks,
        Boolean expectEmpty,
        Boolean schema,
        List<Program> programs,
        List<Sampled> sampled,
        String contentHash) {

    record RowCount(@JsonProperty(required = true) String table, Long min, Long max) {
    }

    record Freshness(@JsonProperty(required = true) String table, @JsonProperty(required = true) String column,
                     @JsonProperty(required = true) String maxLag) {
    }

    /** {@code command} is a list of arguments, or one string run by {@code sh -c}. */
    record Program(@JsonProperty(required = true) String name, @JsonProperty(required = true) Object command,
                   String timeout) {
    }

    record Sampled(@JsonProperty(required = true) String table, @JsonProperty(required = true) Double percent,
                   Long seed) {
    }

    record Sql(@JsonProperty(required = true) String name, @JsonProperty(required = true) String query,
               String expect, Boolean expectNoRows) {
    }
}
