package io.restoredrill.core.verify.suite;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.error.SuiteFileInvalidException;
import java.nio.charset.StandardCharsets;

/**
 * A suite written inline as JSON where an AWS drill carries it in its state: an execution input's {@code suite}, a
 * source's {@code suite} in the CDK configuration. It is the suite file format, checked as a suite file is, and
 * refused when it cannot travel or cannot run there.
 */
public final class InlineSuites {

    /** Step Functions caps a drill's whole state at 256 KB; a suite gets an eighth of it. */
    public static final int MAX_BYTES = 32 * 1024;

    private InlineSuites() {
    }

    /**
     * @param field where the suite was given, as its errors name it ({@code suite}, {@code sources[0].suite})
     * @return the suite as compact JSON, which {@link SuiteLoader#parse} reads back; {@code null} for none
     * @throws SuiteFileInvalidException when it is not a suite, is too large, or names programs
     */
    public static String validate(JsonNode suite, String field) {
        if (suite == null || suite.isNull()) {
            return null;
        }
        if (!suite.isObject()) {
            throw new SuiteFileInvalidException("Field '" + field + "' must be a suite: an object of fields (tables,"
                    + " rowCount, freshness, sql, …) in the suite format of docs/verification.md.");
        }
        String json = suite.toString();
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new SuiteFileInvalidException("Field '" + field + "' is " + bytes + " bytes; a suite travels in the"
                    + " drill's state (at most 256 KB in all), so keep it under " + MAX_BYTES / 1024 + " KB: check what"
                    + " matters, not every row.");
        }
        VerificationSuite parsed = SuiteLoader.parse(json, "'" + field + "'");
        if (!parsed.programs().isEmpty()) {
            throw new SuiteFileInvalidException("Field '" + field + ".programs' names programs; an AWS drill verifies from"
                    + " a Lambda function, which runs none of the team's programs. Check with sql rules instead, or run"
                    + " the programs in a local drill.");
        }
        return json;
    }
}
