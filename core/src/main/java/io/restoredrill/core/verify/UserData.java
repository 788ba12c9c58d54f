package io.restoredrill.core.verify;

import io.restoredrill.core.verify.suite.VerificationSuite;
import java.time.Duration;

/**
 * No vacuous pass: a copy that holds no user table, or only empty ones, proves nothing about a backup (an empty
 * dump, the wrong database, a restore that created the schema and lost the data all look like that), so it fails,
 * unless the suite declares the database meant to be empty ({@link VerificationSuite#expectEmpty()}).
 */
final class UserData {

    private UserData() {
    }

    static CheckResult check(Inventory inventory, boolean expectEmpty) {
        long tables = inventory.tables().stream().filter(t -> !t.partitioned()).count();
        long rows = inventory.totalRows();
        String found = tables == 0 ? "no user table" : tables + (tables == 1 ? " table" : " tables") + ", " + rows + " rows";
        if (rows > 0) {
            return result(CheckStatus.PASSED, found, "The copy holds user data: " + found + ".");
        }
        if (expectEmpty) {
            return result(CheckStatus.PASSED, found, "The copy holds " + found + ", as the suite expects (expectEmpty).");
        }
        return result(CheckStatus.FAILED, found, "The copy holds " + found + ": a drill that verified no user data proves"
                + " nothing (an empty backup, the wrong database, lost data). Drill the database that holds the data, or"
                + " declare it empty in the suite (expectEmpty: true).");
    }

    private static CheckResult result(CheckStatus status, String measured, String detail) {
        return new CheckResult("user data", CheckKind.USER_DATA, status, measured, "rows in user tables", Duration.ZERO,
                detail);
    }
}
