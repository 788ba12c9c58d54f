package io.restoredrill.core.verify.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TableNameTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "orders                 | public     | orders",
        "billing.invoices       | billing    | invoices",
        "Sales Dept.Orders      | Sales Dept | Orders",
        "a.\"b.c\"              | a          | b.c",
        "\"a.b\".c              | a.b        | c",
        "\"we\"\"ird\".x        | we\"ird    | x",
    })
    void writtenNamesParseToCatalogNamesAndBack(String written, String schema, String table) {
        TableName name = TableName.parse(written);

        assertThat(name).isEqualTo(new TableName(schema, table));
        assertThat(TableName.parse(name.qualifiedName())).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a.", ".b", "a.b.c", "\"open"})
    void malformedNamesAreRefused(String written) {
        assertThatThrownBy(() -> TableName.parse(written)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a | b.c", "a.b | c"})
    void tablesWhoseDottedNamesWouldCollideGetDistinctWrittenNames(String schema, String table) {
        assertThat(new TableName(schema, table).qualifiedName()).isNotEqualTo("a.b.c");
    }
}
