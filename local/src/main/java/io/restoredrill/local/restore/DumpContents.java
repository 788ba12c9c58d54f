package io.restoredrill.local.restore;

import io.restoredrill.core.error.BackupUnreadableException;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ProcessRunner;
import io.restoredrill.local.existing.DumpFormat;
import io.restoredrill.local.existing.DumpScript;
import io.restoredrill.local.existing.UnwrappedBackup;
import io.restoredrill.local.postgres.PgErrors;
import io.restoredrill.local.postgres.RestoreList;
import io.restoredrill.local.postgres.SourceRoles;
import io.restoredrill.local.state.Workspace;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an existing backup's dump says about itself, read before it is restored: its database, the server it was
 * dumped from, the roles it names.
 *
 * @param list an archive's edited table of contents, for pg_restore; {@code null} for a plain SQL dump
 */
public record DumpContents(String database, String dumpedFrom, SourceRoles roles, boolean createsDatabase, RestoreList list) {

    static DumpContents read(UnwrappedBackup unwrapped, PgBinaries binaries, Workspace workspace, Instant deadline) {
        SourceRoles kept = unwrapped.format() == DumpFormat.DIRECTORY ? SourceRoles.readFrom(unwrapped.dump()) : null;
        if (!unwrapped.format().archive()) {
            DumpScript script = DumpScript.scan(unwrapped.dump());
            return new DumpContents(script.createdDatabase(), script.dumpedFrom(), roles(script, kept),
                    script.createdDatabase() != null, null);
        }
        RestoreList list;
        try {
            list = RestoreList.prepare(binaries, unwrapped.dump(), workspace.restoreList(), deadline);
        } catch (RestoreFailedException e) {
            throw new BackupUnreadableException(e.getMessage().replaceFirst("\\.$", "") + ": it is truncated or damaged,"
                    + " or made by a newer pg_dump than " + binaries.version() + ".", e);
        }
        Path schema = workspace.privateDir().resolve("schema.sql");
        ProcessResult rendered = ProcessRunner.asCurrentUser().run(List.of(binaries.program("pg_restore").toString(),
                "--schema-only", "--create", "--file=" + schema, unwrapped.dump().toString()), Map.of(), deadline);
        if (!rendered.succeeded()) {
            throw new BackupUnreadableException("pg_restore cannot render the backup's schema: "
                    + PgErrors.firstError(rendered) + ".");
        }
        DumpScript script = DumpScript.scan(schema);
        workspace.discard(schema);
        return new DumpContents(list.database(), list.dumpedFrom(), roles(script, kept), true, list);
    }

    /** The dumping server's major version; 0 when the dump does not say. */
    int dumpedFromMajor() {
        if (dumpedFrom == null) {
            return 0;
        }
        String major = dumpedFrom.split("\\.")[0].replaceAll("\\D.*", "");
        return major.isEmpty() ? 0 : Integer.parseInt(major);
    }

    private static SourceRoles roles(DumpScript script, SourceRoles kept) {
        if (kept != null) {
            return kept;
        }
        return new SourceRoles(script.roles().stream().map(name -> new SourceRoles.Role(name, true)).toList(), List.of());
    }
}
