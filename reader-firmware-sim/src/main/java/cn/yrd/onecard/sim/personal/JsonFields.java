package cn.yrd.onecard.sim.personal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One JSON object of a personalisation file, read field by field with errors that name the field's path;
 * {@link #done()} refuses fields nobody asked for, so a misspelt field is an error, not a default.
 */
final class JsonFields {
    private final String file;
    private final String path;
    private final JsonNode node;
    private final Set<String> asked = new HashSet<>();

    JsonFields(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
        if (node == null || !node.isObject()) {
            throw error("", "must be a JSON object");
        }
    }

    PersonalisationException error(String field, String problem) {
        String where = field.isEmpty() ? path : path.isEmpty() ? field : path + "." + field;
        return new PersonalisationException(file, where, problem);
    }

    private JsonNode get(String field) {
        asked.add(field);
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String field) {
        return get(field) != null;
    }

    String text(String field) {
        String v = optionalText(field, null);
        if (v == null) {
            throw error(field, "is required");
        }
        return v;
    }

    String optionalText(String field, String fallback) {
        JsonNode v = get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isString()) {
            throw error(field, "must be a string");
        }
        return v.stringValue();
    }

    long number(String field, long min, long max) {
        if (get(field) == null) {
            throw error(field, "is required");
        }
        return optionalNumber(field, 0, min, max);
    }

    long optionalNumber(String field, long fallback, long min, long max) {
        JsonNode v = get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw error(field, "must be a whole number");
        }
        long n = v.longValue();
        if (n < min || n > max) {
            throw error(field, "must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    boolean optionalBool(String field, boolean fallback) {
        JsonNode v = get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw error(field, "must be true or false");
        }
        return v.booleanValue();
    }

    LocalDate optionalDate(String field, LocalDate fallback) {
        String v = optionalText(field, null);
        if (v == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw error(field, "'" + v + "' is not a date YYYY-MM-DD");
        }
    }

    JsonFields object(String field) {
        JsonNode v = get(field);
        return v == null ? null : new JsonFields(file, path.isEmpty() ? field : path + "." + field, v);
    }

    /** The objects of an array field; an absent field is an empty list. */
    List<JsonFields> objects(String field) {
        JsonNode v = get(field);
        List<JsonFields> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw error(field, "must be an array");
        }
        String prefix = path.isEmpty() ? field : path + "." + field;
        for (int i = 0; i < v.size(); i++) {
            out.add(new JsonFields(file, prefix + "[" + i + "]", v.get(i)));
        }
        return out;
    }

    void done() {
        for (String name : node.propertyNames()) {
            if (!asked.contains(name)) {
                throw error(name, "unknown field");
            }
        }
    }
}
