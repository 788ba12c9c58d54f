package io.restoredrill.core.verify.suite;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.SuiteFileInvalidException;
import io.restoredrill.core.time.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a suite file (YAML, or JSON, which YAML parsers read too) and validates every rule, so a
 * bad file fails before anything is created, with its line and the field at fault.
 */
public final class SuiteLoader {

    /** How much of a parser's message an error repeats: it may quote the file, which may hold anything. */
    static final int EXCERPT = 80;
    static final Duration DEFAULT_PROGRAM_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    private SuiteLoader() {
    }

    public static VerificationSuite load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SuiteFileInvalidException("Suite file " + file + " does not exist.");
        } catch (IOException e) {
            throw new SuiteFileInvalidException("Suite file " + file + " cannot be read: " + e.getMessage() + ".", e);
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    /** A suite file as a JSON tree, once it loads as a suite: what an AWS drill's input carries inline. */
    public static JsonNode tree(Path file) {
        VerificationSuite suite = load(file);
        try {
            return suite == null ? null : YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new SuiteFileInvalidException("Suite file " + file + " cannot be read: " + e.getMessage() + ".", e);
        }
    }

    /** Suite text (YAML or JSON) as a JSON tree, once it parses as a suite; {@code origin} names it in error messages. */
    public static JsonNode tree(String text, String origin) {
        parse(text, origin);
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new SuiteFileInvalidException("Suite file " + origin + " cannot be read: " + excerpt(e.getMessage()) + ".", e);
        }
    }

    /** Parses suite text; {@code origin} names it in error messages. */
    public static VerificationSuite parse(String text, String origin) {
        return parse(text, origin, Path.of("").toAbsolutePath());
    }

    /** @param baseDir where the relative paths of programs are resolved: the suite file's directory */
    private static VerificationSuite parse(String text, String origin, Path baseDir) {
        SuiteFile raw;
        try {
            JsonNode tree = text.isBlank() ? null : YAML.readTree(text);
            if (tree != null && !tree.isNull() && !tree.isObject()) {
                // A text file, a list or a lone value: say what it is, never what it holds.
                throw new SuiteFileInvalidException("Suite file " + origin + " is not a suite: its top level must be a"
                        + " mapping of fields (tables, rowCount, freshness, sql, …), not " + (tree.isArray() ? "a list"
                        : "a single value") + "; see docs/verification.md for the format.");
            }
            // parsed again from the text, so errors keep their line and column
            raw = tree == null || tree.isNull() ? null : YAML.readValue(text, SuiteFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new SuiteFileInvalidException("Suite file " + origin + where(e.getLocation()) + ": unknown field '"
                    + excerpt(e.getPropertyName()) + "'; known fields here are " + e.getKnownPropertyIds() + ".", e);
        } catch (JsonProcessingException e) {
            throw new SuiteFileInvalidException("Suite file " + origin + where(e.getLocation()) + " is not valid: "
                    + excerpt(e.getOriginalMessage()) + ".", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SuiteFileInvalidException named) {
                throw named;
            }
            throw new SuiteFileInvalidException("Suite file " + origin + " is not valid YAML or JSON: " + excerpt(e.getMessage())
                    + ".", e);
        }
        if (raw == null) {
            throw new SuiteFileInvalidException("Suite file " + origin + " is empty; see docs/verification.md for the format.");
        }
        try {
            return validate(raw, baseDir);
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new SuiteFileInvalidException("Suite file " + origin + ": " + trimPeriod(e.getMessage()) + ".", e);
        }
    }

    /** At most the first line's first {@value #EXCERPT} characters of a parser's message, which may quote the file. */
    static String excerpt(String message) {
        String first = message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable").strip();
        return first.length() <= EXCERPT ? first : first.substring(0, EXCERPT) + "…";
    }

    private static VerificationSuite validate(SuiteFile raw, Path baseDir) {
        VerificationSuite defaults = VerificationSuite.defaults();
        int parallelism = raw.parallelism() == null ? defaults.parallelism() : raw.parallelism();
        if (parallelism < 1 || parallelism > 64) {
            throw new IllegalArgumentException("parallelism must be between 1 and 64, got " + parallelism);
        }
        List<TableName> tables = map(raw.tables(), TableName::parse);
        List<RowCountRule> rowCounts = map(raw.rowCount(), r -> {
            TableName table = TableName.parse(r.table());
            if (r.min() == null && r.max() == null) {
                throw new IllegalArgumentException("rowCount for " + table + " needs min, max or both");
            }
            if ((r.min() != null && r.min() < 0) || (r.max() != null && r.max() < 0)
                    || (r.min() != null && r.max() != null && r.min() > r.max())) {
                throw new IllegalArgumentException("rowCount for " + table + " has impossible bounds min="
                        + r.min() + " max=" + r.max());
            }
            return new RowCountRule(table, r.min(), r.max());
        });
        List<FreshnessRule> freshness = map(raw.freshness(), f -> new FreshnessRule(TableName.parse(f.table()),
                requireText(f.column(), "freshness column"), Durations.parse(f.maxLag(), "freshness maxLag for " + f.table())));
        Set<String> names = new HashSet<>();
        List<SqlRule> sql = map(raw.sql(), s -> {
            String name = requireText(s.name(), "sql check name");
            if (!names.add(name)) {
                throw new IllegalArgumentException("two sql checks are named '" + name + "'");
            }
            requireText(s.query(), "query of sql check '" + name + "'");
            boolean noRows = Boolean.TRUE.equals(s.expectNoRows());
            if (noRows == (s.expect() != null)) {
                throw new IllegalArgumentException("sql check '" + name + "' needs exactly one of expect or expectNoRows: true");
            }
            return new SqlRule(name, s.query().strip(), s.expect(), noRows);
        });
        List<ProgramRule> programs = map(raw.programs(), p -> {
            String name = requireText(p.name(), "program check name");
            if (!names.add(name)) {
                throw new IllegalArgumentException("two checks are named '" + name + "'");
            }
            Duration timeout = p.timeout() == null ? DEFAULT_PROGRAM_TIMEOUT
                    : Durations.parse(p.timeout(), "timeout of program check '" + name + "'");
            return new ProgramRule(name, command(p.command(), name, baseDir), timeout);
        });
        Set<TableName> sampledTables = new HashSet<>();
        List<SampleRule> sampled = map(raw.sampled(), s -> {
            TableName table = TableName.parse(s.table());
            if (!sampledTables.add(table)) {
                throw new IllegalArgumentException("sampled lists " + table + " twice");
            }
            if (s.percent() == null || !(s.percent() > 0 && s.percent() < 100)) {
                throw new IllegalArgumentException("sampled percent for " + table + " must be more than 0 and less than 100,"
                        + " got " + s.percent());
            }
            return new SampleRule(table, s.percent(), s.seed());
        });
        if (raw.contentHash() != null && !List.of("typed", "text").contains(raw.contentHash())) {
            throw new IllegalArgumentException("contentHash must be typed or text, got '" + excerpt(raw.contentHash()) + "'");
        }
        return new VerificationSuite(
                raw.timeout() == null ? defaults.checkTimeout() : Durations.parse(raw.timeout(), "timeout"),
                parallelism,
                raw.amcheck() == null || raw.amcheck(),
                Boolean.TRUE.equals(raw.heapallindexed()),
                raw.rowCountDropThreshold() == null ? defaults.rowCountDropThreshold() : fraction(raw.rowCountDropThreshold()),
                tables, rowCounts, freshness, sql, Boolean.TRUE.equals(raw.requireAllChecks()),
                Boolean.TRUE.equals(raw.expectEmpty()), raw.schema() == null || raw.schema(), programs, sampled,
                !"text".equals(raw.contentHash()));
    }

    private static List<String> command(Object raw, String name, Path baseDir) {
        List<String> command = new ArrayList<>();
        if (raw instanceof String line && !line.isBlank()) {
            command.addAll(List.of("sh", "-c", line));
        } else if (raw instanceof List<?> arguments && !arguments.isEmpty()
                && arguments.stream().allMatch(a -> a instanceof String || a instanceof Number || a instanceof Boolean)) {
            arguments.forEach(argument -> command.add(String.valueOf(argument)));
        } else {
            throw new IllegalArgumentException("program check '" + name + "' needs a command: a list of arguments,"
                    + " or one line for sh -c");
        }
        String program = command.get(0);
        if (program.contains("/") && !Path.of(program).isAbsolute()) {
            command.set(0, baseDir.resolve(program).normalize().toString());
        }
        return command;
    }

    /** Accepts {@code 10%} or {@code 0.1}. */
    private static double fraction(String text) {
        String trimmed = text.trim();
        try {
            double value = trimmed.endsWith("%")
                    ? Double.parseDouble(trimmed.substring(0, trimmed.length() - 1)) / 100
                    : Double.parseDouble(trimmed);
            if (value < 0 || value > 1) {
                throw new IllegalArgumentException("rowCountDropThreshold must be between 0% and 100%, got " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rowCountDropThreshold '" + text + "' is not a fraction like 10% or 0.1");
        }
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is missing");
        }
        return value;
    }

    private static <T, R> List<R> map(List<T> items, Function<T, R> mapper) {
        List<R> result = new ArrayList<>();
        for (T item : items == null ? List.<T>of() : items) {
            if (item == null) {
                throw new IllegalArgumentException("a list holds an empty entry");
            }
            result.add(mapper.apply(item));
        }
        return result;
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : ", line " + location.getLineNr()
                + ", column " + location.getColumnNr();
    }

    private static String trimPeriod(String message) {
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }
}
