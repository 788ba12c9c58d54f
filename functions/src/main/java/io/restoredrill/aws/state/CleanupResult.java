package io.restoredrill.aws.state;

import java.util.List;

/** What Cleanup deleted, and what it found already gone (both count as cleaned up). */
public record CleanupResult(List<String> deleted, List<String> alreadyGone) {

    public CleanupResult {
        deleted = List.copyOf(deleted);
        alreadyGone = List.copyOf(alreadyGone);
    }
}
