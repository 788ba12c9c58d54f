package io.restoredrill.local.existing;

import io.restoredrill.core.error.BackupUnreadableException;
import io.restoredrill.core.error.IoReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the SQL of a dump needs and says, read line by line outside its COPY data: the roles it names (owners,
 * grantees, policies' roles), the database it creates (dumped with {@code --create}; else {@code null}), and the
 * server version it was dumped from. Read
 * from a plain-format dump, or from {@code pg_restore --schema-only --create}'s rendering of an archive.
 *
 * <p>A plain dump is run by psql, which also runs psql's own commands; any but those pg_dump writes (connect; encoding,
 * before connecting to a database whose name needs quoting; restrict and unrestrict) is refused, as {@code \!} would
 * run a shell command.
 */
public record DumpScript(Set<String> roles, String createdDatabase, String dumpedFrom) {

    private static final String IDENTIFIER = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final String IDENTIFIERS = "(" + IDENTIFIER + "(?:, " + IDENTIFIER + ")*)";
    private static final Pattern ONE_IDENTIFIER = Pattern.compile(IDENTIFIER);
    private static final Pattern OWNER = Pattern.compile(" OWNER TO (" + IDENTIFIER + ");$");
    private static final Pattern GRANT = Pattern.compile("(?:^| )GRANT .* TO " + IDENTIFIERS
            + "(?: WITH GRANT OPTION)?(?: GRANTED BY " + IDENTIFIER + ")?;$");
    private static final Pattern REVOKE = Pattern.compile("(?:^| )REVOKE .* FROM " + IDENTIFIERS + "(?: CASCADE)?;$");
    private static final Pattern DEFAULT_PRIVILEGES = Pattern.compile("^ALTER DEFAULT PRIVILEGES FOR ROLE (" + IDENTIFIER + ") ");
    private static final Pattern POLICY = Pattern.compile("^CREATE POLICY .* TO " + IDENTIFIERS + "(?: USING| WITH CHECK|;)");
    private static final Pattern SESSION_AUTHORIZATION = Pattern.compile("^SET SESSION AUTHORIZATION '((?:[^']|'')+)';$");
    private static final Pattern COPY_FROM_STDIN = Pattern.compile("^COPY .* FROM stdin;$");
    private static final Pattern CREATE_DATABASE = Pattern.compile("^CREATE DATABASE (" + IDENTIFIER + ")");
    private static final Pattern DUMPED_FROM = Pattern.compile("^-- Dumped from database version (\\S+)");
    private static final Set<String> NOT_ROLES = Set.of("public", "current_user", "session_user", "current_role");
    private static final List<String> PSQL_COMMANDS_OF_PG_DUMP = List.of("\\connect ", "\\encoding ", "\\restrict ",
            "\\unrestrict ");

    public static DumpScript scan(Path sql) {
        Set<String> roles = new TreeSet<>();
        String createdDatabase = null;
        String dumpedFrom = null;
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(sql), decoder),
                1 << 16)) {
            boolean inCopy = false;
            long number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (inCopy) {
                    inCopy = !line.equals("\\.");
                    continue;
                }
                if (COPY_FROM_STDIN.matcher(line).matches()) {
                    inCopy = true;
                } else if (line.startsWith("\\")) {
                    requirePgDumpCommand(line, number);
                } else if (createdDatabase == null && line.startsWith("CREATE DATABASE ")) {
                    Matcher created = CREATE_DATABASE.matcher(line);
                    createdDatabase = created.find() ? unquote(created.group(1)) : null;
                } else if (dumpedFrom == null && line.startsWith("-- Dumped from")) {
                    Matcher version = DUMPED_FROM.matcher(line);
                    dumpedFrom = version.find() ? version.group(1) : null;
                } else if (!line.startsWith("--")) {
                    collectRoles(line, roles);
                }
            }
        } catch (CharacterCodingException e) {
            throw new BackupUnreadableException("The dump's SQL is not readable text (" + e.getMessage() + ").", e);
        } catch (IOException e) {
            throw new BackupUnreadableException("Cannot read the dump's SQL " + sql + " (" + IoReason.of(e) + ").", e);
        }
        return new DumpScript(roles, createdDatabase, dumpedFrom);
    }

    private static void requirePgDumpCommand(String line, long number) {
        if (PSQL_COMMANDS_OF_PG_DUMP.stream().noneMatch(line::startsWith)) {
            String command = line.split("\\s", 2)[0];
            throw new BackupUnreadableException("The plain SQL dump has the psql command '"
                    + (command.length() > 20 ? command.substring(0, 20) + "…" : command) + "' at line " + number
                    + ", which pg_dump never writes; a drill will not run it. Was the file edited?");
        }
    }

    private static void collectRoles(String line, Set<String> roles) {
        for (Pattern pattern : List.of(OWNER, GRANT, REVOKE, DEFAULT_PRIVILEGES, POLICY)) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                Matcher names = ONE_IDENTIFIER.matcher(matcher.group(1));
                while (names.find()) {
                    String name = unquote(names.group());
                    if (!NOT_ROLES.contains(name.toLowerCase(java.util.Locale.ROOT)) || names.group().startsWith("\"")) {
                        roles.add(name);
                    }
                }
            }
        }
        Matcher session = SESSION_AUTHORIZATION.matcher(line);
        if (session.matches()) {
            roles.add(session.group(1).replace("''", "'"));
        }
    }

    private static String unquote(String identifier) {
        return identifier.startsWith("\"") ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"")
                : identifier;
    }
}
