package io.restoredrill.aws.credentials;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.json.Json;

/**
 * The restored database's credentials in the standard shape of an RDS secret in Secrets Manager.
 * It lives only in that secret and in memory: {@link #toString()} leaves the password out, and
 * no state, log line or message ever holds it.
 */
public record DatabaseSecret(
        String engine,
        String host,
        int port,
        String username,
        String password,
        @JsonProperty("dbname") String database) {

    static final String POSTGRES = "postgres";

    private static final ObjectMapper COMPACT = Json.mapper().copy()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public String toJson() {
        try {
            return COMPACT.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a secret record always serializes", e);
        }
    }

    /** @param secretId named in the error, never the value */
    public static DatabaseSecret parse(String json, String secretId) {
        try {
            DatabaseSecret secret = COMPACT.readValue(json, DatabaseSecret.class);
            if (secret.username() == null || secret.password() == null) {
                throw new InvalidInputException("Secret " + secretId + " lacks 'username' or 'password'; run Credentials again.");
            }
            return secret;
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the value: leave it out.
            throw new InvalidInputException("Secret " + secretId + " is not an RDS credentials JSON document; run Credentials again.");
        }
    }

    @Override
    public String toString() {
        return "DatabaseSecret[engine=" + engine + ", host=" + host + ", port=" + port + ", username=" + username
                + ", password=(hidden), dbname=" + database + "]";
    }
}
