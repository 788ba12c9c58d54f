package io.restoredrill.local;

import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.run.ProgressListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The drills of a drill file, one database after another, each a whole drill with its own report and drill-log
 * entry. A database whose drill cannot run (no backup of it, a wrong key) is recorded as such and the others still
 * run: one team's monthly drill should not lose ten databases' evidence to one missing backup.
 */
public final class DatabaseDrills {

    /** One database's result: its outcome, or why its drill could not run. */
    public record Result(String database, Optional<DrillOutcome> outcome, Optional<String> couldNotRun) {

        public boolean passed() {
            return outcome.map(o -> o.report().passed()).orElse(false);
        }
    }

    private DatabaseDrills() {
    }

    /**
     * @param common the options every database shares (output, work directory, jobs, keys, operator); the source,
     *               suite and budgets come from each database's entry
     */
    public static List<Result> run(DrillFile file, LocalDrillOptions common, ProgressListener listener, Clock clock) {
        List<Result> results = new ArrayList<>();
        for (DrillFile.Database database : file.databases()) {
            listener.note("Database " + database.name() + " (" + (results.size() + 1) + " of " + file.databases().size() + ")");
            LocalDrillOptions options = common.forDatabase(database);
            try {
                results.add(new Result(database.name(), Optional.of(new LocalDrill(options, listener, clock).run()),
                        Optional.empty()));
            } catch (DrillException e) {
                if (e.category() != DrillException.Category.CONFIGURATION) {
                    throw e;
                }
                listener.note("Could not run: " + e.getMessage());
                results.add(new Result(database.name(), Optional.empty(), Optional.of(e.getMessage())));
            }
        }
        return results;
    }
}
