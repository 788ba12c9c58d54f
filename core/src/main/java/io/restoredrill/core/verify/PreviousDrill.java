package io.restoredrill.core.verify;

/** The inventory a previous drill of the same source recorded, to compare against. */
public record PreviousDrill(String drillId, Inventory inventory) {
}
