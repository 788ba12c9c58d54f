package io.restoredrill.infra.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.restoredrill.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads the JSON configuration file strictly (unknown fields, wrong types and duplicate keys are
 * errors that name the field) and validates it into a {@link DrillConfig}.
 */
public final class ConfigLoader {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private ConfigLoader() {
    }

    /** @throws InvalidInputException naming the file and every problem found */
    public static DrillConfig load(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("The configuration file " + file + " does not exist; copy infra/config/example.json"
                    + " and point cdk.json's context 'configFile' (or RESTORE_DRILL_CONFIG) at it.", e);
        } catch (IOException e) {
            throw new InvalidInputException("The configuration file " + file + " cannot be read: " + e.getMessage() + ".", e);
        }
        return parse(json, file.toString());
    }

    /** @param origin names the configuration in messages (its file) */
    public static DrillConfig parse(String json, String origin) {
        ConfigFile file;
        try {
            file = STRICT.readValue(json, ConfigFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInputException(origin + ": unknown field '" + path(e) + "'; the fields there are "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ".", e);
        } catch (MismatchedInputException e) {
            throw new InvalidInputException(origin + ": field '" + path(e) + "' has the wrong type ("
                    + firstLine(e.getOriginalMessage()) + ").", e);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(origin + " is not valid JSON: " + firstLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")") + ".", e);
        }
        if (file == null) {
            throw new InvalidInputException(origin + " is empty; start from infra/config/example.json.");
        }
        return ConfigValidator.validate(file, origin);
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
    }
}
