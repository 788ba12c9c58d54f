package io.restoredrill.core.verify.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.error.SuiteFileInvalidException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based: whatever text a suite file holds, loading it gives a suite or a
 * {@link SuiteFileInvalidException} with one sentence naming the file, never another exception.
 */
class SuiteLoaderFuzzTest {

    private static final List<String> KEYS = List.of("parallelism", "checkTimeout", "amcheck", "tables", "rowCount",
            "freshness", "sql", "table", "min", "max", "column", "maxLag", "name", "query", "expect", "expectNoRows", "x");

    @Property(tries = 500)
    void anyTextLoadsOrIsANamedError(@ForAll String text) {
        assertLoadsOrNamesTheProblem(text);
    }

    @Property(tries = 1000)
    void suiteShapedYamlLoadsOrIsANamedError(@ForAll("suiteShapedYaml") String text) {
        Statistics.collect(assertLoadsOrNamesTheProblem(text));
        Statistics.coverage(c -> {
            c.check("loaded").count(n -> n > 0);
            c.check("refused").count(n -> n > 0);
        });
    }

    private static String assertLoadsOrNamesTheProblem(String text) {
        try {
            assertThat(SuiteLoader.parse(text, "fuzz.yaml")).isNotNull();
            return "loaded";
        } catch (SuiteFileInvalidException e) {
            assertThat(e.getMessage()).startsWith("Suite file fuzz.yaml").doesNotContain("\n\n");
            return "refused";
        }
    }

    /** YAML documents made of the format's own keys nested to two levels, with values of every kind. */
    @Provide
    Arbitrary<String> suiteShapedYaml() {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.integers().between(-5, 100_000).map(String::valueOf),
                Arbitraries.of("true", "false", "null", "~", "''", "5m", "1h30m", "-3s", "public.orders", "\"a\\\"b\"",
                        "SELECT 1", "SELECT count(*) FROM orders", "[]", "{}", "[1, 2]", "'quoted: yes'", "*anchor", "&a x"),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> entry = Combinators.combine(Arbitraries.of(KEYS), scalar).as((k, v) -> k + ": " + v);
        Arbitrary<String> listItem = entry.list().ofMinSize(1).ofMaxSize(3)
                .map(fields -> "  - " + String.join("\n    ", fields));
        Arbitrary<String> block = Combinators.combine(Arbitraries.of(KEYS), listItem.list().ofMaxSize(3))
                .as((k, items) -> k + ":\n" + String.join("\n", items));
        return Arbitraries.oneOf(entry, block).list().ofMaxSize(6).map(lines -> String.join("\n", lines));
    }
}
