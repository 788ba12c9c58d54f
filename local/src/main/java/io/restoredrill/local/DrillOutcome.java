package io.restoredrill.local;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.report.ReportFiles;
import java.util.Optional;

/**
 * What a local drill produced.
 *
 * @param reportFiles the JSON, Markdown and HTML report
 * @param keptCluster how to reach the restored cluster left running by {@code --keep}
 */
public record DrillOutcome(DrillReport report, ReportFiles reportFiles, Optional<KeptCluster> keptCluster) {

    /** The restored cluster left running, and the commands to use and stop it. */
    public record KeptCluster(String connect, String stop) {
    }
}
