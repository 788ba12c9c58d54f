package io.restoredrill.core.verify.schema;

import java.util.Map;

/**
 * The source's schema as its backup should hold it: read inside the dump's snapshot, plus each sequence's value
 * read again once the dump was done (sequences are not transactional, so the dump holds a value between the two).
 */
public record SourceSchema(SchemaInventory atSnapshot, Map<String, Long> sequencesAfterDump) {
}
