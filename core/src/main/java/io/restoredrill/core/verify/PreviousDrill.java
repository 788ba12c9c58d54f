package io.restoredrill.core.verify;

import io.restoredrill.core.verify.schema.SchemaInventory;

/**
 * What a previous passed drill of the same source recorded, to compare against.
 *
 * @param schema its schema inventory, or {@code null} for a drill made before schemas were recorded
 */
public record PreviousDrill(String drillId, Inventory inventory, SchemaInventory schema) {

    public PreviousDrill(String drillId, Inventory inventory) {
        this(drillId, inventory, null);
    }

    /** The previous drill as its verification recorded it. */
    public static PreviousDrill of(String drillId, VerificationResult verification) {
        return new PreviousDrill(drillId, verification.inventory(), verification.schema());
    }
}
