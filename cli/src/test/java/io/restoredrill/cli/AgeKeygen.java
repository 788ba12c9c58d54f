package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Key pairs made by the standard age-keygen, as a user would make them. */
final class AgeKeygen {

    private AgeKeygen() {
    }

    /** Writes an identity file and returns its public key ({@code age1…}). */
    static String generate(Path identityFile) throws IOException, InterruptedException {
        Process keygen = new ProcessBuilder("age-keygen", "-o", identityFile.toString()).redirectErrorStream(true).start();
        String output = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keygen.waitFor()).as("age-keygen (apt-get install -y age): " + output).isZero();
        Matcher matcher = Pattern.compile("Public key: (age1[0-9a-z]+)").matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return matcher.group(1);
    }
}
