package io.restoredrill.core.verify.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A database's catalog as far as a restore must reproduce it: every user object with its definition, owner
 * and privileges, each sequence's value and the number of large objects. Read from the catalog only, without
 * scanning any data.
 *
 * @param sequenceValues each sequence's last value, {@code null} for one never used
 */
public record SchemaInventory(List<SchemaObject> objects, Map<String, Long> sequenceValues, long largeObjects) {

    public SchemaInventory {
        objects = objects.stream()
                .sorted(Comparator.comparing(SchemaObject::kind).thenComparing(SchemaObject::name))
                .toList();
        sequenceValues = java.util.Collections.unmodifiableMap(new TreeMap<>(sequenceValues));
    }

    /** This schema without the objects of one kind. */
    public SchemaInventory without(SchemaKind kind) {
        return new SchemaInventory(objects.stream().filter(o -> o.kind() != kind).toList(), sequenceValues, largeObjects);
    }

    /** This schema without one object. */
    public SchemaInventory without(SchemaKind kind, String name) {
        return new SchemaInventory(objects.stream().filter(o -> o.kind() != kind || !o.name().equals(name)).toList(),
                sequenceValues, largeObjects);
    }

        /** This schema with every materialized view unpopulated. */
    public SchemaInventory withMaterializedViewsUnpopulated() {
        return new SchemaInventory(objects.stream().map(o -> o.kind() == SchemaKind.MATERIALIZED_VIEW
                ? new SchemaObject(o.kind(), o.name(), o.definition().startsWith(SchemaReader.POPULATED)
                        ? "not " + o.definition() : o.definition(),
                        o.owner(), o.privileges())
                : o).toList(), sequenceValues, largeObjects);
    }

    @JsonIgnore
    Map<String, SchemaObject> byKey() {
        return objects.stream().collect(Collectors.toMap(SchemaObject::key, Function.identity(), (a, b) -> a,
                LinkedHashMap::new));
    }

    /** How many objects of each kind, in the kinds' order. */
    @JsonIgnore
    public Map<SchemaKind, Long> counts() {
        Map<SchemaKind, Long> counts = new EnumMap<>(SchemaKind.class);
        objects.forEach(o -> counts.merge(o.kind(), 1L, Long::sum));
        return counts;
    }
}
