package io.restoredrill.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.SuiteFileInvalidException;
import io.restoredrill.core.verify.suite.SuiteLoader;
import io.restoredrill.core.verify.suite.TableName;
import io.restoredrill.core.verify.suite.VerificationSuite;
import io.restoredrill.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Postgres tier: the typed content hash catches every change the text hash catches, for every column type the demo
 * and the test databases use, and falls back to text where a type has no extended hash function (json, point,
 * money).
 */
class TypedHashTest {

    private static final String ROWS = """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE TYPE address AS (street text, city text);
            CREATE DOMAIN positive AS numeric CHECK (VALUE > 0);
            CREATE TABLE base (id bigint, n int, t text, c char(4), amount numeric(12,2), flag boolean,
                at timestamptz, day date, nap interval, score float8, uid uuid, tags text[], doc jsonb, photo bytea,
                ip inet, feeling mood, home address, price positive, during tstzrange, label varchar(20));
            INSERT INTO base VALUES
              (1, 10, 'alpha', 'ab', 1.50, true, '2026-01-01 10:00+00', '2026-01-01', '1 hour', 0.5,
               'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{x,y}', '{"k": 1}', '\\x01', '10.0.0.1', 'ok', ROW('Main', 'Oslo'),
               3, tstzrange('2026-01-01', '2026-02-01'), 'one'),
              (2, 20, 'beta', 'cd', 2.00, false, '2026-01-02 10:00+00', '2026-01-02', '2 hours', 1.5,
               'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', '{z}', '{"k": 2}', '\\x02', '10.0.0.2', 'sad', ROW('High', 'Bergen'),
               4, tstzrange('2026-02-01', '2026-03-01'), 'two'),
              (3, 30, 'gamma', 'ef', 3.25, NULL, '2026-01-03 10:00+00', '2026-01-03', '3 hours', 2.5,
               'c0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13', '{}', '[1, 2]', '\\x03', '10.0.0.3', 'happy', ROW('Low', 'Trondheim'),
               5, NULL, 'three');
            CREATE TABLE with_json (id int, doc json);
            INSERT INTO with_json VALUES (1, '{"a": 1}');
            CREATE TABLE with_point (id int, at point);
            INSERT INTO with_point VALUES (1, point(1, 2));
            CREATE TABLE with_money (id int, cash money);
            INSERT INTO with_money VALUES (1, 1.25);
            CREATE TABLE hashable AS SELECT id, n, t, amount, at, uid, doc, home FROM base;
            """;

    /**
     * Values whose typed hash is an OID that a restore gives anew, one table per way to hold them: enum labels (alone,
     * in an array, a domain, a composite and a range) and object references. Run in the source as is, and in the copy
     * after other objects took the OIDs the source's got, as in a database restored from a dump.
     */
    private static final String NEW_OIDS = """
            CREATE TYPE level AS ENUM ('low', 'mid', 'high');
            CREATE DOMAIN level_domain AS level;
            CREATE TYPE reading AS (at date, how level);
            CREATE TYPE level_range AS RANGE (subtype = level);
            CREATE TABLE target (id int);
            CREATE TABLE readings_enum (id int, v level);
            INSERT INTO readings_enum VALUES (1, 'low'), (2, 'high');
            CREATE TABLE readings_enum_array (id int, v level[]);
            INSERT INTO readings_enum_array VALUES (1, '{low,high}'), (2, '{mid}');
            CREATE TABLE readings_domain (id int, v level_domain);
            INSERT INTO readings_domain VALUES (1, 'low'), (2, 'high');
            CREATE TABLE readings_composite (id int, v reading);
            INSERT INTO readings_composite VALUES (1, ROW('2026-01-01', 'low')), (2, ROW('2026-01-02', 'high'));
            CREATE TABLE readings_range (id int, v level_range);
            INSERT INTO readings_range VALUES (1, level_range('low', 'high')), (2, level_range('mid', 'high'));
            CREATE TABLE readings_regclass (id int, v regclass);
            INSERT INTO readings_regclass VALUES (1, 'target'), (2, 'readings_enum');
            CREATE TABLE readings_regtype (id int, v regtype);
            INSERT INTO readings_regtype VALUES (1, 'level'), (2, 'reading');
            """;

    private static PostgresFixture postgres;
    private static int copies;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresFixture.start();
        postgres.createDatabase("types");
        postgres.execute("types", ROWS);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bigint           | UPDATE %s SET id = 4 WHERE id = 1
            integer          | UPDATE %s SET n = 11 WHERE id = 1
            text             | UPDATE %s SET t = 'alphb' WHERE id = 1
            char             | UPDATE %s SET c = 'ac' WHERE id = 1
            numeric          | UPDATE %s SET amount = 1.51 WHERE id = 1
            boolean          | UPDATE %s SET flag = false WHERE id = 1
            boolean to null  | UPDATE %s SET flag = NULL WHERE id = 1
            timestamptz      | UPDATE %s SET at = at + interval '1 microsecond' WHERE id = 1
            date             | UPDATE %s SET day = day + 1 WHERE id = 1
            interval         | UPDATE %s SET nap = '61 minutes' WHERE id = 1
            float8           | UPDATE %s SET score = 0.5000001 WHERE id = 1
            uuid             | UPDATE %s SET uid = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a10' WHERE id = 1
            text[]           | UPDATE %s SET tags = '{y,x}' WHERE id = 1
            jsonb            | UPDATE %s SET doc = '{"k": 3}' WHERE id = 1
            bytea            | UPDATE %s SET photo = '\\x04' WHERE id = 1
            inet             | UPDATE %s SET ip = '10.0.0.9' WHERE id = 1
            enum             | UPDATE %s SET feeling = 'happy' WHERE id = 1
            composite        | UPDATE %s SET home = ROW('Main', 'Bergen') WHERE id = 1
            domain           | UPDATE %s SET price = 6 WHERE id = 1
            range            | UPDATE %s SET during = tstzrange('2026-01-01', '2026-02-02') WHERE id = 1
            varchar          | UPDATE %s SET label = 'onf' WHERE id = 1
            a row added      | INSERT INTO %s SELECT * FROM base WHERE id = 1
            a row lost       | DELETE FROM %s WHERE id = 2
            a row duplicated | INSERT INTO %s SELECT * FROM base WHERE id = 3
            values swapped between rows | UPDATE %1$s SET t = CASE id WHEN 1 THEN 'beta' ELSE 'alpha' END WHERE id IN (1, 2)
            a column shuffled | UPDATE %1$s SET n = CASE id WHEN 1 THEN 20 WHEN 2 THEN 30 ELSE 10 END
            """)
    void oneChangedValueChangesTheTypedHashAsItChangesTheTextHash(String change, String sql) throws SQLException {
        // GIVEN a copy of the rows with one change
        String copy = copyOfBase();
        postgres.execute("types", sql.formatted(copy));

        // WHEN both hashes are taken of the rows and of the changed copy
        // THEN the text hash sees the change, and so does the typed hash
        assertThat(hash(copy, HashMethod.TEXT)).as(change + ", text").isNotEqualTo(hash("base", HashMethod.TEXT));
        assertThat(hash(copy, HashMethod.TYPED)).as(change + ", typed").isNotEqualTo(hash("base", HashMethod.TYPED));
        assertThat(hash(copy, HashMethod.TYPED_V1)).as(change + ", first typed").isNotEqualTo(hash("base", HashMethod.TYPED_V1));
    }

    @Test
    void valuesEqualUnderTheirTypeHashTheSameTypedButNotAsText() throws SQLException {
        // GIVEN a copy where 1.50 is written 1.5 (numeric) and 0.5 is written as itself, -0 as 0 (float8)
        String copy = copyOfBase();
        postgres.execute("types", "UPDATE " + copy + " SET amount = 1.5::numeric WHERE id = 1");
        String zeros = "CREATE TABLE zero_a AS SELECT -0.0::float8 AS v, 1.50::numeric AS n; "
                + "CREATE TABLE zero_b AS SELECT 0.0::float8 AS v, 1.5::numeric AS n";
        postgres.execute("types", zeros);

        // WHEN hashed both ways
        // THEN typed, equal values hash the same (documented in docs/verification.md); as text they differ
        assertThat(hash("zero_a", HashMethod.TYPED)).isEqualTo(hash("zero_b", HashMethod.TYPED));
        assertThat(hash("zero_a", HashMethod.TEXT)).isNotEqualTo(hash("zero_b", HashMethod.TEXT));
        // numeric(12,2) stores 1.5 as 1.50: this copy is unchanged either way
        assertThat(hash(copy, HashMethod.TEXT)).isEqualTo(hash("base", HashMethod.TEXT));
    }

    @Test
    void theVerifierHashesTypedWhereItCanAndAsTextWhereATypeHasNoExtendedHash() {
        // GIVEN tables with only hashable types; with json, point or money, which have no extended hash function; and
        // one with an enum and arrays, whose typed hashes are not faithful
        // WHEN the verifier takes the inventory
        VerificationResult result = new VerificationRunner(() -> postgres.connect("types"), VerificationSuite.defaults())
                .run(new VerificationRequest(Instant.now(), null, null, false));

        // THEN each table says how it was hashed
        Map<String, HashMethod> methods = result.inventory().tables().stream()
                .collect(Collectors.toMap(TableInventory::qualifiedName, TableInventory::method));
        assertThat(methods).containsEntry("public.hashable", HashMethod.TYPED)
                .containsEntry("public.base", HashMethod.TEXT)
                .containsEntry("public.with_json", HashMethod.TEXT)
                .containsEntry("public.with_point", HashMethod.TEXT)
                .containsEntry("public.with_money", HashMethod.TEXT);
    }

    @Test
    void aSuiteThatSaysContentHashTextHashesEveryTableAsTextOnTheCopyAndTheSource() throws Exception {
        // GIVEN a suite that pins the text hash, e.g. to keep comparing with reports made before typed hashing
        VerificationSuite suite = SuiteLoader.parse("contentHash: text", "text.yaml");

        // WHEN the copy is verified and the source scanned with it
        VerificationResult result = new VerificationRunner(() -> postgres.connect("types"), suite)
                .run(new VerificationRequest(Instant.now(), null, null, false));
        Inventory source = InventoryScanner.scan(() -> postgres.connect("types"), 2, Duration.ofMinutes(1),
                suite.typedHash());

        // THEN every table was hashed as text, even those whose types have typed hashes
        assertThat(result.inventory().tables()).extracting(TableInventory::method).containsOnly(HashMethod.TEXT);
        assertThat(source.tables()).extracting(TableInventory::method).containsOnly(HashMethod.TEXT);
        assertThat(result.inventory().find("public.base").orElseThrow().contentHash())
                .isEqualTo(source.find("public.base").orElseThrow().contentHash());
    }

    @Test
    void aSuiteWithAnUnknownContentHashIsRefusedNamingTheField() {
        assertThatThrownBy(() -> SuiteLoader.parse("contentHash: md5", "bad.yaml"))
                .isInstanceOf(SuiteFileInvalidException.class)
                .hasMessage("Suite file bad.yaml: contentHash must be typed or text, got 'md5'.");
    }

    @ParameterizedTest(name = "source hashed {0}, copy changed: {1}")
    @CsvSource({"TEXT, false", "TEXT, true", "TYPED_V1, false", "TYPED_V1, true"})
    void aSourceInventoryHashedByAnOlderMethodIsComparedHashForHashAndAChangedValueFails(HashMethod method,
                                                                                         boolean changed) throws Exception {
        // GIVEN the source's inventory of a table hashed by an older method (a manifest made before this typed hash)
        Inventory expected = new Inventory(List.of(new TableInventory("public", "hashable", 3, hashOnly("hashable", method), false,
                method)));
        String copy = "types_copy_" + method.jsonName() + "_" + changed;
        postgres.execute("postgres", "CREATE DATABASE " + copy + " TEMPLATE types");
        if (changed) {
            postgres.execute(copy, "UPDATE hashable SET t = 'alphb' WHERE id = 1");
        }

        // WHEN the copy is verified against it with the default suite, which would hash it by the current typed hash
        VerificationResult result = new VerificationRunner(() -> postgres.connect(copy), VerificationSuite.defaults())
                .run(new VerificationRequest(Instant.now(), null, expected, false));

        // THEN the copy hashes it as the source did, so the hashes are compared and a changed value is named
        assertThat(result.inventory().find("public.hashable").orElseThrow().method()).isEqualTo(method);
        CheckResult hashable = result.checks().stream().filter(check -> check.name().equals("public.hashable")).findFirst()
                .orElseThrow();
        assertThat(hashable.status()).isEqualTo(changed ? CheckStatus.FAILED : CheckStatus.PASSED);
        assertThat(hashable.detail()).isEqualTo(changed ? "Same row count, but the content differs from the source."
                : "Rows and content match the source at the snapshot.");
    }

    @Test
    void theCurrentTypedHashDiffersFromTheFirstSoNeitherIsTakenForTheOther() throws SQLException {
        // GIVEN the same rows
        // WHEN hashed by the current typed hash and by the first
        // THEN the hashes differ: an inventory records which one it used
        assertThat(hashOnly("base", HashMethod.TYPED)).isNotEqualTo(hashOnly("base", HashMethod.TYPED_V1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"readings_enum", "readings_enum_array", "readings_domain", "readings_composite", "readings_range",
            "readings_regclass", "readings_regtype"})
    void aSoundCopyWhoseEnumAndObjectReferenceOidsAreNewPassesAndAChangedValueFails(String table) throws Exception {
        // GIVEN a source with the table, and two copies made the way a restore makes them: the same objects and rows,
        // but other objects took the OIDs first; in the second copy one row is changed
        String source = "oids_source_" + table;
        String sound = "oids_sound_" + table;
        String changed = "oids_changed_" + table;
        twinsWithNewOids(source, sound);
        twinsWithNewOids("oids_unused_" + table, changed);
        postgres.execute(changed, "UPDATE " + table + " SET v = (SELECT v FROM " + table + " WHERE id = 2) WHERE id = 1");
        Inventory expected = InventoryScanner.scan(() -> postgres.connect(source), 2, Duration.ofMinutes(1));

        // WHEN each copy is verified against the source's inventory
        CheckResult soundCheck = tableCheck(sound, expected, table);
        CheckResult changedCheck = tableCheck(changed, expected, table);

        // THEN the table was hashed as text, which a restore keeps: the sound copy passes, the changed one fails
        assertThat(soundCheck.status()).as(soundCheck.detail()).isEqualTo(CheckStatus.PASSED);
        assertThat(soundCheck.detail()).isEqualTo("Rows and content match the source at the snapshot.");
        assertThat(changedCheck.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(changedCheck.detail()).isEqualTo("Same row count, but the content differs from the source.");
        assertThat(expected.find("public." + table).orElseThrow().method()).isEqualTo(HashMethod.TEXT);
    }

    @Test
    void anAclItemColumnIsHashedAsTextSinceItHoldsRoleOids() throws Exception {
        // GIVEN a table of ACL items (role OIDs, new in a cluster the roles are created in again; one test cluster
        // shares its roles, so the restore's new OIDs cannot be made here)
        postgres.execute("types", "CREATE TABLE acls (id int, v aclitem); INSERT INTO acls VALUES (1, 'drill=r/drill')");

        // WHEN the reasons to hash it as text are read
        try (Connection connection = postgres.connect("types")) {
            TextReasons reasons = InventoryScanner.typedShape(connection, new TableName("public", "acls"),
                    Duration.ofMinutes(1)).reasons();

            // THEN it holds OIDs a restore makes anew
            assertThat(reasons).isEqualTo(new TextReasons(true, false, false, false));
        }
    }

    @ParameterizedTest(name = "{0}: {1} against {2}")
    @CsvSource(delimiter = '|', textBlock = """
            bigint      | 1                                   | 4294967296
            bigint      | -1                                  | 4294967295
            timestamptz | '2026-03-01 12:00:00+00'            | '2026-03-01 10:48:25.032705+00'
            timestamp   | '2026-03-01 12:00:00'               | '2026-03-01 10:48:25.032705'
            time        | '00:00:00.000001'                   | '01:11:34.967296'
            interval    | '1 microsecond'                     | '1 hour 11 minutes 34.967296 seconds'
            """, quoteCharacter = '"')
    void sixtyFourBitValuesWhoseHalvesXorAlikeHashDifferentlyByTheirOwnTerm(String type, String before, String after)
            throws SQLException {
        // GIVEN two one-row tables alike but for a 64-bit value whose halves XOR to the same 32 bits as the other's,
        // which is all PostgreSQL's own hash of the type reads
        String table = "wide_" + (++copies);
        postgres.execute("types", "CREATE TABLE " + table + "_a (id int, v " + type + "); INSERT INTO " + table
                + "_a VALUES (1, " + before + "::" + type + "); CREATE TABLE " + table + "_b (id int, v " + type
                + "); INSERT INTO " + table + "_b VALUES (1, " + after + "::" + type + ")");
        assertThat(scalar("types", "SELECT hash_record_extended(a, 1) = hash_record_extended(b, 1) FROM " + table
                + "_a a, " + table + "_b b")).isEqualTo("t");

        // WHEN both are hashed typed, as the verifier does
        // THEN they differ: the column's exact float8 image adds a term of its own
        assertThat(hash(table + "_b", HashMethod.TYPED)).isNotEqualTo(hash(table + "_a", HashMethod.TYPED));
        assertThat(hash(table + "_b", HashMethod.TEXT)).isNotEqualTo(hash(table + "_a", HashMethod.TEXT));
    }

    @Test
    void sixtyFourBitValuesInsideACompositeOrRangeMakeTheTableHashAsText() throws Exception {
        // GIVEN tables with a bigint inside a composite and a timestamptz range, where no term of its own can reach
        postgres.execute("types", "CREATE TYPE money_pair AS (amount bigint, note text);"
                + " CREATE TABLE nested_wide (id int, pair money_pair); CREATE TABLE nested_range (id int, during tstzrange)");

        // WHEN their shapes are read
        try (Connection connection = postgres.connect("types")) {
            // THEN both must be hashed as text
            for (String table : List.of("nested_wide", "nested_range")) {
                assertThat(InventoryScanner.typedShape(connection, new TableName("public", table), Duration.ofMinutes(1))
                        .reasons()).as(table).isEqualTo(new TextReasons(false, false, false, true));
            }
        }
    }

    @ParameterizedTest(name = "{0}: NULL against {1}")
    @CsvSource(delimiter = '|', textBlock = """
            float8  | 0
            float8  | -0
            float4  | 0
            jsonb   | '{}'
            jsonb   | '[]'
            numeric | 'NaN'
            numeric | 'Infinity'
            """, quoteCharacter = '"')
    void aNullAndAValueThatAHashFunctionMapsToItsSeedHashDifferently(String type, String value) throws SQLException {
        // GIVEN two one-row tables alike but for a NULL against a value whose type hashes it to the seed it is given
        String table = "seed_" + (++copies);
        postgres.execute("types", "CREATE TABLE " + table + "_null (id int, v " + type + "); INSERT INTO " + table
                + "_null VALUES (1, NULL); CREATE TABLE " + table + "_value (id int, v " + type + "); INSERT INTO "
                + table + "_value VALUES (1, " + value + "::" + type + ")");

        // WHEN both are hashed typed
        // THEN they differ (with seed 0, a NULL column and these values both added 0 to the row's hash; with a small seed
        // they differed in the row hash's low bits only, which its float8 drops)
        assertThat(hash(table + "_value", HashMethod.TYPED)).isNotEqualTo(hash(table + "_null", HashMethod.TYPED));
    }

    @ParameterizedTest(name = "copy changed: {0}")
    @CsvSource({"false", "true"})
    void aCaseInsensitiveColumnIsHashedAsTextSoACaseChangeFails(boolean changed) throws Exception {
        // GIVEN a source with a column of a nondeterministic (case-insensitive) ICU collation, and a copy in which
        // one value's case changed
        String source = "ci_source_" + changed;
        String copy = "ci_copy_" + changed;
        String schema = "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);"
                + "CREATE TABLE names (id int, name text COLLATE ci); INSERT INTO names VALUES (1, 'Hello'), (2, 'World');";
        postgres.createDatabase(source);
        postgres.execute(source, schema);
        postgres.createDatabase(copy);
        postgres.execute(copy, schema + (changed ? "UPDATE names SET name = 'hello' WHERE id = 1;" : ""));
        Inventory expected = InventoryScanner.scan(() -> postgres.connect(source), 2, Duration.ofMinutes(1));

        // WHEN the copy is verified against it
        CheckResult names = tableCheck(copy, expected, "names");

        // THEN the table was hashed as text ('Hello' and 'hello' are equal under the collation and hash the same
        // typed), so the change is named
        assertThat(expected.find("public.names").orElseThrow().method()).isEqualTo(HashMethod.TEXT);
        assertThat(names.status()).isEqualTo(changed ? CheckStatus.FAILED : CheckStatus.PASSED);
    }

    /** Creates {@code source} with {@link #NEW_OIDS}, and {@code copy} with the same after other objects took its OIDs. */
    private static void twinsWithNewOids(String source, String copy) {
        postgres.createDatabase(source);
        postgres.execute(source, NEW_OIDS);
        postgres.createDatabase(copy);
        postgres.execute(copy, "CREATE TYPE filler AS ENUM ('a', 'b', 'c', 'd', 'e'); CREATE TABLE filler_table (id int);"
                + NEW_OIDS);
    }

    private static CheckResult tableCheck(String database, Inventory expected, String table) {
        VerificationResult result = new VerificationRunner(() -> postgres.connect(database), VerificationSuite.defaults())
                .run(new VerificationRequest(Instant.now(), null, expected, false));
        return result.checks().stream().filter(check -> check.name().equals("public." + table)).findFirst()
                .orElseThrow();
    }

    @Test
    void aManifestOfTheFirstTypedHashOverAnEnumComparesCountsOnlySinceItsOidsCannotBeHashedAgain() throws Exception {
        // GIVEN a manifest made by the first typed hash of a table of enums (it hashed the source's label OIDs)
        twinsWithNewOids("v1_source", "v1_copy");
        String v1 = scalar("v1_source", "SELECT count(*) || '/' || sum(hashtextextended(hash_record_extended(r, 0)::text, 0))"
                + " FROM readings_enum AS r");
        Inventory expected = new Inventory(List.of(new TableInventory("public", "readings_enum", 2,
                ContentHash.format(new java.math.BigDecimal(v1.substring(v1.indexOf('/') + 1))), false, HashMethod.TYPED_V1)));

        // WHEN a sound copy is verified against it
        CheckResult readings = tableCheck("v1_copy", expected, "readings_enum");

        // THEN it passes on its counts and says why the content was not compared, instead of failing on new OIDs
        assertThat(readings.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(readings.detail()).isEqualTo("Rows match the source at the snapshot; the content was not compared:"
                + " the source was hashed typed, the copy text.");
    }

    @Test
    void anArrayWhoseShapeAloneChangedFailsSinceTablesWithArraysAreHashedAsText() throws Exception {
        // GIVEN a source with an array, and a copy where only its shape changed: the same elements, one more dimension
        postgres.createDatabase("shape_source");
        postgres.execute("shape_source", "CREATE TABLE shapes (id int, v int[]); INSERT INTO shapes VALUES (1, '{1,2}')");
        postgres.createDatabase("shape_copy");
        postgres.execute("shape_copy", "CREATE TABLE shapes (id int, v int[]); INSERT INTO shapes VALUES (1, '{{1,2}}')");
        Inventory expected = InventoryScanner.scan(() -> postgres.connect("shape_source"), 2, Duration.ofMinutes(1));

        // WHEN the copy is verified against the source's inventory
        CheckResult shapes = tableCheck("shape_copy", expected, "shapes");

        // THEN the change is named: an array's typed hash is its elements' alone ({{1,2}} and {1,2} hash the same), so
        // the table was hashed as text
        assertThat(scalar("shape_copy", "SELECT hash_array_extended('{{1,2}}'::int[], 0) = hash_array_extended('{1,2}'::int[], 0)"))
                .isEqualTo("t");
        assertThat(shapes.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(shapes.detail()).isEqualTo("Same row count, but the content differs from the source.");
    }

    @Test
    void theTypedHashOfAnEnumIsItsOidSoTheSameLabelsInAnotherDatabaseHashDifferently() throws Exception {
        // GIVEN the same enum rows in two databases whose enum labels got different OIDs
        twinsWithNewOids("enum_a", "enum_b");

        // WHEN the labels alone are hashed typed in each
        String query = "SELECT sum(hashfloat8extended(hash_record_extended(ROW(v), " + ContentHash.TYPED_SEED
                + ")::float8, 0)) FROM readings_enum";

        // THEN they differ: why such tables are hashed as text
        assertThat(scalar("enum_a", query)).isNotEqualTo(scalar("enum_b", query));
    }

    private static String scalar(String database, String query) throws SQLException {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String copyOfBase() {
        String name = "copy_" + (++copies);
        postgres.execute("types", "CREATE TABLE " + name + " AS SELECT * FROM base");
        return name;
    }

    private static String hashOnly(String table, HashMethod method) throws SQLException {
        return hash(table, method).substring(hash(table, method).indexOf('/') + 1);
    }

    /** The table's count and hash by {@code method}, as the verifier takes them (typed: with its 64-bit columns' terms). */
    private static String hash(String table, HashMethod method) throws SQLException {
        TableName name = new TableName("public", table);
        try (Connection connection = postgres.connect("types"); Statement statement = connection.createStatement()) {
            List<ContentHash.WideColumn> wide = method == HashMethod.TYPED
                    ? InventoryScanner.typedShape(connection, name, Duration.ofMinutes(1)).wide() : List.of();
            try (ResultSet rows = statement.executeQuery(ContentHash.query(name, 150000, method, wide))) {
                rows.next();
                return rows.getLong(1) + "/" + ContentHash.format(rows.getBigDecimal(2));
            }
        }
    }
}
