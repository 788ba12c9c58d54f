package io.restoredrill.local;

import io.restoredrill.core.model.DrillReport;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a local drill produced.
 *
 * @param reportDir   the directory holding report.json, report.md and report.html
 * @param keptCluster how to reach the restored cluster left running by {@code --keep}
 */
public record DrillOutcome(DrillReport report, Path reportDir, Optional<KeptCluster> keptCluster) {

    /** The restored cluster left running, and the commands to use and stop it. */
    public record KeptCluster(String connect, String stop) {
    }
}
