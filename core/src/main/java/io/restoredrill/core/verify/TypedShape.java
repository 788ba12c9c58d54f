package io.restoredrill.core.verify;

import java.util.List;

/**
 * What the catalog says of a table for the typed hash ({@link ContentHash#typedShape}): why it must be hashed as text,
 * if it must, and its 64-bit columns, each of which adds a term of its own to the typed row hash.
 */
record TypedShape(TextReasons reasons, List<ContentHash.WideColumn> wide) {

    TypedShape {
        wide = List.copyOf(wide);
    }
}
