package io.restoredrill.local;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.model.Budgets;
import io.restoredrill.core.verify.suite.SuiteLoader;
import io.restoredrill.core.verify.suite.VerificationSuite;
import io.restoredrill.local.existing.ExistingBackupOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A drill of several databases' existing backups in one run ({@code drill local --drill-file FILE}): where the
 * backups are and how to open them, once; then each database with its own suite, budgets and RPO. Paths are
 * relative to the file. Every database and suite is validated before any drill starts.
 *
 * <pre>
 * from: s3://team-backups/nightly/
 * region: eu-west-1
 * identity: backups.key
 * manifestKey: backup-signing.pub
 * rto: 15m
 * rpo: 26h
 * budgets: {download: 1m, decrypt: 1m, restore: 10m, verify: 3m}
 * databases:
 *   - name: shop
 *     suite: shop-suite.yaml
 *   - name: audit
 *     rpo: 8d
 * </pre>
 */
public record DrillFile(Path file, List<Database> databases) {

    /** One database's drill, ready to run. */
    public record Database(String name, ExistingBackupOptions from, VerificationSuite suite, boolean customSuite,
                           Budgets budgets) {
    }

    /** The file's budget fields, as an error names them. */
    private static final Budgets.Names FIELDS = new Budgets.Names("rto", "budgets.%s", "rpo");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    record Raw(@JsonProperty(required = true) String from, String region, String identity, String gpgHomedir,
               String manifestKey, String rto, String rpo, Map<String, String> budgets, String suite,
               @JsonProperty(required = true) List<RawDatabase> databases) {
    }

    record RawDatabase(@JsonProperty(required = true) String name, String backup, String suite, String rto, String rpo,
                       Map<String, String> budgets) {
    }

    /** The age identity the file names, resolved against its directory; empty when it names none. */
    public static Optional<Path> identity(Path file) {
        return Optional.ofNullable(read(file).identity()).map(identity -> resolve(file, identity));
    }

    public static DrillFile load(Path file) {
        Raw raw = read(file);
        if (raw.databases().isEmpty()) {
            throw new InvalidInputException("Drill file " + file + " lists no databases; add them under databases:.");
        }
        Optional<Path> gpgHome = Optional.ofNullable(raw.gpgHomedir()).map(home -> resolve(file, home));
        Optional<Path> manifestKey = Optional.ofNullable(raw.manifestKey()).map(key -> resolve(file, key));
        Set<String> names = new HashSet<>();
        List<Database> databases = new ArrayList<>();
        for (RawDatabase db : raw.databases()) {
            if (db.name() == null || db.name().isBlank() || !names.add(db.name())) {
                throw new InvalidInputException("Drill file " + file + ": every database needs a name of its own"
                        + (db.name() == null ? "" : "; '" + db.name() + "' is listed twice") + ".");
            }
            String where = "Drill file " + file + ", database " + db.name() + ": ";
            try {
                String suitePath = db.suite() != null ? db.suite() : raw.suite();
                VerificationSuite suite = suitePath == null ? VerificationSuite.defaults()
                        : SuiteLoader.load(resolve(file, suitePath));
                Map<String, String> budgets = new LinkedHashMap<>(raw.budgets() == null ? Map.of() : raw.budgets());
                if (db.budgets() != null) {
                    budgets.putAll(db.budgets());
                }
                Budgets parsed = Budgets.parse(db.rto() != null ? db.rto() : raw.rto(),
                        budgets.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(),
                        db.rpo() != null ? db.rpo() : raw.rpo(), FIELDS);
                databases.add(new Database(db.name(), new ExistingBackupOptions(raw.from(), Optional.ofNullable(raw.region()),
                        Optional.ofNullable(db.backup()), Optional.of(db.name()), gpgHome, manifestKey), suite, suitePath != null, parsed));
            } catch (DrillException e) {
                throw new InvalidInputException(where + e.getMessage(), e);
            }
        }
        return new DrillFile(file, databases);
    }

    private static Raw read(Path file) {
        try {
            Raw raw = YAML.readValue(Files.readString(file), Raw.class);
            if (raw == null) {
                throw new InvalidInputException("Drill file " + file + " is empty; see docs/local-drill.md for the format.");
            }
            return raw;
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage().lines().findFirst().orElse("");
            throw new InvalidInputException("Drill file " + file + (e.getLocation() == null ? "" : " line "
                    + e.getLocation().getLineNr()) + " is not valid: " + (message.length() > 80 ? message.substring(0, 80)
                    + "…" : message) + ".", e);
        } catch (IOException e) {
            throw new InvalidInputException("Drill file " + file + " cannot be read (" + e.getMessage() + ").", e);
        }
    }

    private static Path resolve(Path file, String path) {
        Path given = Path.of(path);
        return given.isAbsolute() ? given : file.toAbsolutePath().getParent().resolve(given).normalize();
    }
}
