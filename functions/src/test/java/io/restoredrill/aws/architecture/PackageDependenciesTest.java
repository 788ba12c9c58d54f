package io.restoredrill.aws.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The functions' packages as their sources name each other: the drill's nouns in one package that depends on no
 * other, and no two packages that depend on each other both ways (a phase's package never reaches back into one
 * that reaches into it).
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/restoredrill/aws");
    private static final Pattern REFERENCE = Pattern.compile("io\\.restoredrill\\.aws\\.([a-z]+)\\.[A-Z]");

    /** Each package and the packages of this module its classes name. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String own = SOURCES.relativize(file).getName(0).toString();
                Set<String> used = dependencies.computeIfAbsent(own, p -> new TreeSet<>());
                Matcher matcher = REFERENCE.matcher(Files.readString(file));
                while (matcher.find()) {
                    if (!matcher.group(1).equals(own)) {
                        used.add(matcher.group(1));
                    }
                }
            }
        }
        return dependencies;
    }

    @Test
    void theDrillsNounsDependOnNoOtherPackageAndEveryStateAndStepUsesThemFromThere() throws IOException {
        Map<String, Set<String>> dependencies = dependencies();
        assertThat(dependencies.get("drill")).as("the nouns' package").isEmpty();
        assertThat(dependencies.get("state")).as("the drill state").containsOnly("drill");
    }

    @Test
    void noTwoPackagesDependOnEachOtherBothWays() throws IOException {
        Map<String, Set<String>> dependencies = dependencies();
        List<String> cycles = new ArrayList<>();
        dependencies.forEach((from, used) -> used.stream()
                .filter(to -> from.compareTo(to) < 0 && dependencies.getOrDefault(to, Set.of()).contains(from))
                .forEach(to -> cycles.add(from + " <-> " + to)));
        assertThat(cycles).isEmpty();
        assertThat(dependencies).as("every package was read").containsKeys("plan", "snapshot", "copy", "restore",
                "credentials", "verify", "cleanup", "publish", "janitor", "rds", "evidence", "handler");
    }
}
