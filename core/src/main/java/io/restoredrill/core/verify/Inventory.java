package io.restoredrill.core.verify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every user table of a database with its exact row count and content hash, sorted by name.
 * Partitioned tables appear with the sums of their partitions and are left out of the total.
 */
public record Inventory(List<TableInventory> tables) {

    public Inventory {
        tables = tables.stream()
                .sorted(Comparator.comparing(TableInventory::qualifiedName))
                .toList();
    }

    @JsonIgnore
    public long totalRows() {
        return tables.stream().filter(t -> !t.partitioned()).mapToLong(TableInventory::rows).sum();
    }

    public Optional<TableInventory> find(String qualifiedName) {
        return tables.stream().filter(t -> t.qualifiedName().equals(qualifiedName)).findFirst();
    }

    @JsonIgnore
    public Map<String, TableInventory> byName() {
        return tables.stream().collect(Collectors.toMap(TableInventory::qualifiedName, Function.identity()));
    }
}
