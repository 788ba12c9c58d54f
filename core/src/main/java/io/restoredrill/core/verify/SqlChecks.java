package io.restoredrill.core.verify;

import io.restoredrill.core.time.Durations;
import io.restoredrill.core.verify.suite.FreshnessRule;
import io.restoredrill.core.verify.suite.SqlRule;
import io.restoredrill.core.verify.suite.TableName;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The checks that each run their own query: amcheck per index, freshness and SQL assertions. */
final class SqlChecks {

    @FunctionalInterface
    private interface Measurement {
        CheckResult measure(Statement statement, Supplier<Duration> took) throws SQLException;
    }

    private final ConnectionPool pool;
    private final CheckBudget budget;
    private final Instant drillStart;
    private final AtomicReference<Instant> newestData = new AtomicReference<>();

    /** @param newestData the newest value freshness checks of earlier slices saw, or {@code null} */
    SqlChecks(ConnectionPool pool, CheckBudget budget, Instant drillStart, Instant newestData) {
        this.pool = pool;
        this.budget = budget;
        this.drillStart = drillStart;
        this.newestData.set(newestData);
    }

    /** The newest value any freshness check saw, or {@code null}. */
    Instant newestData() {
        return newestData.get();
    }

    CheckResult amcheck(BtreeIndex index, boolean heapAllIndexed) {
        String sql = "SELECT bt_index_check(index => " + index.oid() + "::regclass, heapallindexed => " + heapAllIndexed + ")";
        return run(index.qualifiedName(), CheckKind.AMCHECK, (statement, took) -> {
            statement.execute(sql);
            return new CheckResult(index.qualifiedName(), CheckKind.AMCHECK, CheckStatus.PASSED, "consistent",
                    "consistent", took.get(), "bt_index_check" + (heapAllIndexed ? " with heapallindexed" : "") + " found no corruption.");
        });
    }

    CheckResult freshness(FreshnessRule rule) {
        String name = rule.table() + "." + rule.column();
        String sql = "SELECT extract(epoch FROM max(" + TableName.quote(rule.column()) + ")) FROM ONLY " + rule.table().sql();
        String expected = "lag ≤ " + Durations.format(rule.maxLag());
        return run(name, CheckKind.FRESHNESS, (statement, took) -> {
            try (ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                BigDecimal epoch = rows.getBigDecimal(1);
                if (epoch == null) {
                    return new CheckResult(name, CheckKind.FRESHNESS, CheckStatus.FAILED, "no values", expected, took.get(),
                            rule.table() + " has no non-null " + rule.column() + ", so the data's age is unknown.");
                }
                Instant newest = Instant.ofEpochMilli(epoch.movePointRight(3).longValue());
                newestData.accumulateAndGet(newest, (a, b) -> a == null || b.isAfter(a) ? b : a);
                Duration lag = Duration.between(newest, drillStart);
                boolean fresh = lag.compareTo(rule.maxLag()) <= 0;
                return new CheckResult(name, CheckKind.FRESHNESS, fresh ? CheckStatus.PASSED : CheckStatus.FAILED,
                        newest + " (lag " + Durations.format(lag) + ")", expected, took.get(),
                        fresh ? "The newest row is " + Durations.format(lag) + " older than the drill start."
                              : "The newest row is " + Durations.format(lag) + " old, more than the allowed "
                                + Durations.format(rule.maxLag()) + ".");
            }
        });
    }

    CheckResult sql(SqlRule rule) {
        String expected = rule.expectNoRows() ? "no rows" : rule.expect();
        return run(rule.name(), CheckKind.SQL, (statement, took) -> {
            statement.setMaxRows(rule.expectNoRows() ? 6 : 2);
            try (ResultSet rows = statement.executeQuery(rule.query())) {
                if (rule.expectNoRows()) {
                    int count = 0;
                    String first = null;
                    while (rows.next()) {
                        if (count++ == 0) {
                            first = rows.getString(1);
                        }
                    }
                    String measured = count == 0 ? "no rows" : (count > 5 ? "more than 5 rows" : count + " row" + (count == 1 ? "" : "s"));
                    return new CheckResult(rule.name(), CheckKind.SQL, count == 0 ? CheckStatus.PASSED : CheckStatus.FAILED,
                            measured, expected, took.get(), count == 0 ? "The query returned no rows, as expected."
                                    : "The query returned rows; the first begins with " + Objects.toString(first, "NULL") + ".");
                }
                if (!rows.next()) {
                    return new CheckResult(rule.name(), CheckKind.SQL, CheckStatus.FAILED, "no rows", expected, took.get(),
                            "The query returned no rows; expected one row with " + rule.expect() + ".");
                }
                String value = rows.getString(1);
                if (rows.next()) {
                    return new CheckResult(rule.name(), CheckKind.SQL, CheckStatus.FAILED, "several rows", expected, took.get(),
                            "The query returned more than one row; an expect check needs exactly one.");
                }
                boolean equal = value != null && matches(value, rule.expect());
                return new CheckResult(rule.name(), CheckKind.SQL, equal ? CheckStatus.PASSED : CheckStatus.FAILED,
                        Objects.toString(value, "NULL"), expected, took.get(),
                        equal ? "The query returned the expected value." : "The query returned " + Objects.toString(value, "NULL")
                                + ", expected " + rule.expect() + ".");
            }
        });
    }

    static boolean matches(String actual, String expected) {
        if (actual.equals(expected)) {
            return true;
        }
        try {
            return new BigDecimal(actual.trim()).compareTo(new BigDecimal(expected.trim())) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Times a check, applies the timeout, and turns a SQL error into an ERROR result. Returns {@code null} when the
     * check goes back to the queue: too little of the invocation's slice was left, or the slice's end cut it short.
     */
    private CheckResult run(String name, CheckKind kind, Measurement measurement) {
        long started = System.nanoTime();
        Supplier<Duration> took = () -> Duration.ofNanos(System.nanoTime() - started);
        CheckBudget.Allowance allowance = budget.allow();
        if (allowance instanceof CheckBudget.NextSlice) {
            return null;
        }
        if (!(allowance instanceof CheckBudget.Run run)) {
            return new CheckResult(name, kind, CheckStatus.ERROR, null, null, Duration.ZERO,
                    "The check was " + CheckBudget.DEADLINE_PASSED + ".");
        }
        Duration timeout = run.time();
        try {
            return pool.use(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.setQueryTimeout(Verifier.seconds(timeout));
                    return measurement.measure(statement, took);
                }
            });
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState()) && run.sliceBound()) {
                return budget.requeue(run) ? null : new CheckResult(name, kind, CheckStatus.ERROR, null, null, took.get(),
                        "The check could not finish: " + budget.longerThanSlice() + ".");
            }
            boolean corrupt = "XX002".equals(e.getSQLState()) || "XX001".equals(e.getSQLState());
            return new CheckResult(name, kind, corrupt ? CheckStatus.FAILED : CheckStatus.ERROR, null, null, took.get(),
                    (corrupt ? "Corruption found: " : "The check could not run: ") + Verifier.describe(e, timeout) + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CheckResult(name, kind, CheckStatus.ERROR, null, null, took.get(), "The check was interrupted.");
        }
    }
}
