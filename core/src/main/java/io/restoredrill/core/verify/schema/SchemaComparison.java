package io.restoredrill.core.verify.schema;

import io.restoredrill.core.verify.CheckKind;
import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.CheckStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares a restored copy's schema with the source's (one check per kind of object either side has, then owners
 * and privileges, sequence values and large objects) or with the previous drill's (drift). Every missing, changed
 * or unexpected object is named.
 */
public final class SchemaComparison {

    private static final int LISTED = 10;
    private static final int EXCERPT = 60;

    private SchemaComparison() {
    }

    /**
     * @param ownership whether the restore kept owners and privileges; when it did not, they are not compared and
     *                  the check says so
     */
    public static List<CheckResult> againstSource(SchemaInventory restored, SourceSchema source, boolean ownership) {
        SchemaInventory expected = source.atSnapshot();
        // A source without its database's own properties is one restored into an existing database: not compared.
        SchemaInventory copy = expected.counts().containsKey(SchemaKind.DATABASE) ? restored
                : restored.without(SchemaKind.DATABASE);
        Map<String, SchemaObject> want = expected.byKey();
        Map<String, SchemaObject> got = copy.byKey();
        Set<SchemaKind> kinds = EnumSet.noneOf(SchemaKind.class);
        kinds.addAll(expected.counts().keySet());
        kinds.addAll(copy.counts().keySet());
        List<CheckResult> checks = new ArrayList<>();
        if (!ownership) {
            kinds.remove(SchemaKind.DEFAULT_PRIVILEGES); // privileges, which the restore left out
        }
        Map<SchemaKind, List<SchemaObject>> wantByKind = byKind(expected);
        Map<SchemaKind, List<SchemaObject>> gotByKind = byKind(copy);
        for (SchemaKind kind : kinds) {
            checks.add(definitions(kind, wantByKind.getOrDefault(kind, List.of()), gotByKind.getOrDefault(kind, List.of()),
                    want, got));
        }
        checks.add(ownership ? ownersAndPrivileges(want, got) : new CheckResult("owners and privileges",
                CheckKind.SOURCE_SCHEMA, CheckStatus.SKIPPED, null, "as in the source", Duration.ZERO,
                "Owners and privileges were not compared: the copy was restored without them (pg_restore --no-owner)."));
        if (!expected.sequenceValues().isEmpty() || !copy.sequenceValues().isEmpty()) {
            checks.add(sequenceValues(copy, source));
        }
        if (expected.largeObjects() > 0 || copy.largeObjects() > 0) {
            boolean same = expected.largeObjects() == copy.largeObjects();
            checks.add(new CheckResult("large objects", CheckKind.SOURCE_SCHEMA, same ? CheckStatus.PASSED : CheckStatus.FAILED,
                    Long.toString(copy.largeObjects()), Long.toString(expected.largeObjects()), Duration.ZERO, same
                            ? "The copy holds the source's " + expected.largeObjects() + " large objects."
                            : "The copy holds " + copy.largeObjects() + " large objects; the source held "
                            + expected.largeObjects() + " (a dump made with --no-large-objects, or lost ones)."));
        }
        return checks;
    }

    /**
     * Drift since the previous passed drill. Objects that went missing fail it when nothing better is known;
     * when the source's own schema was compared, the source is the truth and drift is only reported.
     */
    public static CheckResult againstPrevious(SchemaInventory copy, String previousDrillId, SchemaInventory previous,
                                              boolean sourceCompared) {
        Map<String, SchemaObject> before = previous.byKey();
        Map<String, SchemaObject> now = copy.byKey();
        List<SchemaObject> missing = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<SchemaObject> added = new ArrayList<>();
        before.forEach((key, object) -> {
            SchemaObject current = now.get(key);
            if (current == null) {
                missing.add(object);
            } else if (!current.definition().equals(object.definition())) {
                changed.add(object.described());
            }
        });
        now.forEach((key, object) -> {
            if (!before.containsKey(key)) {
                added.add(object);
            }
        });
        boolean fails = !missing.isEmpty() && !sourceCompared;
        String drift = join(List.of(section("Gone", withoutColumnsOf(missing)), section("Changed", changed),
                section("New", withoutColumnsOf(added))));
        return new CheckResult("schema since drill " + previousDrillId, CheckKind.PREVIOUS_SCHEMA,
                fails ? CheckStatus.FAILED : CheckStatus.PASSED, copy.objects().size() + " objects",
                previous.objects().size() + " objects, none gone", Duration.ZERO, drift.isEmpty()
                        ? "The schema is as it was at drill " + previousDrillId + "."
                        : "Since drill " + previousDrillId + ": " + drift
                        + (fails ? " An object that existed at the last passed drill is missing from the copy." : ""));
    }

    /**
     * The objects' descriptions, without the columns of a table or view that is itself in the list (its columns go
     * with it, and would only bury it).
     */
    private static List<String> withoutColumnsOf(List<SchemaObject> objects) {
        Set<String> relations = new HashSet<>();
        objects.stream().filter(o -> RELATIONS.contains(o.kind())).forEach(o -> relations.add(o.name()));
        return objects.stream()
                .filter(o -> o.kind() != SchemaKind.COLUMN || !relations.contains(relationOf(o.name())))
                .map(SchemaObject::described).toList();
    }

    private static final Set<SchemaKind> RELATIONS = EnumSet.of(SchemaKind.TABLE, SchemaKind.VIEW,
            SchemaKind.MATERIALIZED_VIEW);

    /** The table or view of a column's name ({@code schema.table.column}, each part as quote_ident gives it). */
    private static String relationOf(String columnName) {
        int dot = columnName.length();
        boolean quoted = false;
        for (int i = columnName.length() - 1; i >= 0; i--) {
            char c = columnName.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                dot = i;
                break;
            }
        }
        return columnName.substring(0, dot);
    }

    private static Map<SchemaKind, List<SchemaObject>> byKind(SchemaInventory inventory) {
        Map<SchemaKind, List<SchemaObject>> byKind = new EnumMap<>(SchemaKind.class);
        inventory.objects().forEach(o -> byKind.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o));
        return byKind;
    }

    private static CheckResult definitions(SchemaKind kind, List<SchemaObject> wantOfKind, List<SchemaObject> gotOfKind,
                                           Map<String, SchemaObject> want, Map<String, SchemaObject> got) {
        List<String> missing = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        long expectedCount = wantOfKind.size();
        long copyCount = gotOfKind.size();
        for (SchemaObject object : wantOfKind) {
            SchemaObject restored = got.get(object.key());
            if (restored == null) {
                missing.add(object.name());
            } else if (!restored.definition().equals(object.definition())) {
                changed.add(object.name() + differs(object.definition(), restored.definition()));
            }
        }
        for (SchemaObject object : gotOfKind) {
            if (!want.containsKey(object.key())) {
                extra.add(object.name());
            }
        }
        if (kind == SchemaKind.COLUMN) {
            missing = columnsOutside(missing, want, got);
            extra = columnsOutside(extra, got, want);
        }
        boolean same = missing.isEmpty() && changed.isEmpty() && extra.isEmpty();
        String detail = same
                ? (expectedCount == 1 ? "The " + kind.singular() + " is" : "All " + expectedCount + " " + kind.plural() + " are")
                  + " in the copy, defined as in the source."
                : join(List.of(section("Missing from the copy", missing), section("Defined differently", changed),
                        section("Not in the source", extra)));
        return new CheckResult(kind.plural(), CheckKind.SOURCE_SCHEMA, same ? CheckStatus.PASSED : CheckStatus.FAILED,
                Long.toString(copyCount), expectedCount + " as in the source", Duration.ZERO, detail);
    }

    /**
     * The columns to name, where the columns of a relation that exists only in {@code in} (and not in {@code other})
     * are named once, as all the columns of that relation: the relation's own check names it.
     */
    private static List<String> columnsOutside(List<String> columns, Map<String, SchemaObject> in,
                                               Map<String, SchemaObject> other) {
        List<String> named = new ArrayList<>();
        Map<String, Integer> wholeRelations = new TreeMap<>();
        for (String column : columns) {
            String relation = relationOf(column);
            boolean relationOnlyHere = RELATIONS.stream().anyMatch(kind -> {
                String key = kind.jsonName() + " " + relation;
                return in.containsKey(key) && !other.containsKey(key);
            });
            if (relationOnlyHere) {
                wholeRelations.merge(relation, 1, Integer::sum);
            } else {
                named.add(column);
            }
        }
        wholeRelations.forEach((relation, count) -> named.add("the " + count + " columns of " + relation));
        return named;
    }

    private static CheckResult ownersAndPrivileges(Map<String, SchemaObject> want, Map<String, SchemaObject> got) {
        List<String> owners = new ArrayList<>();
        List<String> privileges = new ArrayList<>();
        int compared = 0;
        for (SchemaObject object : want.values()) {
            SchemaObject restored = got.get(object.key());
            if (restored == null) {
                continue;
            }
            compared++;
            if (!Objects.equals(object.owner(), restored.owner())) {
                owners.add(object.described() + " (" + object.owner() + " in the source, " + restored.owner() + " in the copy)");
            }
            if (!Objects.equals(object.privileges(), restored.privileges())) {
                privileges.add(object.described() + differs(Objects.toString(object.privileges(), "defaults"),
                        Objects.toString(restored.privileges(), "defaults")));
            }
        }
        boolean same = owners.isEmpty() && privileges.isEmpty();
        return new CheckResult("owners and privileges", CheckKind.SOURCE_SCHEMA, same ? CheckStatus.PASSED : CheckStatus.FAILED,
                compared + " objects", "as in the source", Duration.ZERO, same
                        ? "Every object restored has the source's owner and privileges."
                        : join(List.of(section("Other owner", owners), section("Other privileges", privileges))));
    }

    private static CheckResult sequenceValues(SchemaInventory copy, SourceSchema source) {
        List<String> wrong = new ArrayList<>();
        Map<String, Long> before = source.atSnapshot().sequenceValues();
        for (Map.Entry<String, Long> entry : before.entrySet()) {
            String name = entry.getKey();
            if (!copy.sequenceValues().containsKey(name) || entry.getValue() == null) {
                continue; // a missing sequence is named by the sequences check; one unused at the snapshot has no bound
            }
            long low = entry.getValue();
            Long after = source.sequencesAfterDump().get(name);
            long high = after == null ? low : after;
            Long restored = copy.sequenceValues().get(name);
            if (restored == null) {
                wrong.add(name + " (never used in the copy; the source was at " + low + ")");
            } else if (restored < Math.min(low, high) || restored > Math.max(low, high)) {
                wrong.add(name + " (at " + restored + " in the copy; the source was at "
                        + (low == high ? Long.toString(low) : low + " to " + high) + " while it was dumped)");
            }
        }
        long compared = before.keySet().stream().filter(copy.sequenceValues()::containsKey).count();
        return new CheckResult("sequence values", CheckKind.SOURCE_SCHEMA, wrong.isEmpty() ? CheckStatus.PASSED : CheckStatus.FAILED,
                compared + " sequences", "the source's values while it was dumped", Duration.ZERO, wrong.isEmpty()
                        ? "Every sequence continues where the source's did: new rows will not collide with restored ones."
                        : "Not where the source was: " + list(wrong) + ".");
    }

    private static String differs(String source, String copy) {
        String unpopulated = "not " + SchemaReader.POPULATED;
        if (source.startsWith(SchemaReader.POPULATED) && copy.equals("not " + source)) {
            return " (populated in the source, not populated in the copy: its data was not restored)";
        }
        if (copy.startsWith(SchemaReader.POPULATED) && source.equals("not " + copy)) {
            return " (not populated in the source, populated in the copy)";
        }
        if (source.startsWith("sha256:") || copy.startsWith("sha256:") || source.startsWith(unpopulated)
                || source.startsWith(SchemaReader.POPULATED)) {
            return "";
        }
        return " (" + cut(source) + " in the source, " + cut(copy) + " in the copy)";
    }

    /** A short excerpt on one line: definitions can span lines, and a check's detail must not. */
    private static String cut(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= EXCERPT ? line : line.substring(0, EXCERPT) + "…";
    }

    private static String section(String title, List<String> names) {
        return names.isEmpty() ? "" : title + ": " + list(names) + ".";
    }

    private static String join(List<String> sections) {
        return String.join(" ", sections.stream().filter(s -> !s.isEmpty()).toList());
    }

    private static String list(List<String> names) {
        return names.size() <= LISTED ? String.join(", ", names)
                : String.join(", ", names.subList(0, LISTED)) + " and " + (names.size() - LISTED) + " more";
    }
}
