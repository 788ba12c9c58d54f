package io.restoredrill.core.verify;

import java.util.Locale;

/**
 * The sample a table's content was hashed over, when it was verified at sampled depth: {@code percent} of its blocks,
 * chosen by {@code TABLESAMPLE SYSTEM (percent) REPEATABLE (seed)}; the table's row count is still exact.
 *
 * @param rows the rows the sample held ({@code 0} in a plan, before the sample is read)
 */
public record TableSample(double percent, long seed, long rows) {

    TableSample withRows(long sampled) {
        return new TableSample(percent, seed, sampled);
    }

    String describe() {
        return String.format(Locale.ROOT, "%s%% of blocks, seed %d", percentText(), seed);
    }

    String percentText() {
        return java.math.BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString();
    }
}
