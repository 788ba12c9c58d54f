package io.restoredrill.cli;

import io.restoredrill.core.error.InvalidInputException;

/** {@code --password-env VAR}: the password is read from the environment, never from an argument. */
final class PasswordEnv {

    private PasswordEnv() {
    }

    /** The value of {@code variable}, or {@code null} when no variable was named. */
    static String read(String variable) {
        if (variable == null) {
            return null;
        }
        String value = System.getenv(variable);
        if (value == null) {
            throw new InvalidInputException("--password-env " + variable + " names an environment variable that is not"
                    + " set; export it with the source password.");
        }
        return value;
    }
}
