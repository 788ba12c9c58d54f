package io.restoredrill.aws.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.restoredrill.core.model.DrillReport;

/**
 * The report document as stored in the evidence bucket: the report's own fields (schema of
 * docs/report-format.md) followed by {@code previousReport}, {@code null} for a source's first report.
 * Readers of the report ignore the extra field.
 */
record ChainedReport(@JsonUnwrapped DrillReport report,
                     @JsonInclude(JsonInclude.Include.ALWAYS) PreviousReport previousReport) {
}
