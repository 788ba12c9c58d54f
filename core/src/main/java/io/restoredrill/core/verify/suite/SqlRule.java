package io.restoredrill.core.verify.suite;

/**
 * A SQL assertion: the query returns exactly one row whose first column equals {@code expect}
 * (compared as numbers when both are numeric), or, with {@code expectNoRows}, returns no rows.
 */
public record SqlRule(String name, String query, String expect, boolean expectNoRows) {
}
