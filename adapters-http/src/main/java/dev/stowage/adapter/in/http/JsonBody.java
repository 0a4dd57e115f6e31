package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.StowageException;
import dev.stowage.domain.error.TooLargeException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads JSON request bodies strictly and turns every way they can be wrong into a 400 that names
 * the field: malformed text, a wrong type ({@code "5"} where a number belongs, {@code 5.5} for an
 * integer), an unknown field (a typo is caught instead of ignored), an unknown enum value, a
 * duplicate key, nesting deeper than {@value #MAX_DEPTH}. The body is read up to the configured
 * limit whether or not it declared a length, so a chunked body cannot grow past it either.
 */
final class JsonBody {
    static final int MAX_DEPTH = 64;

    private final ObjectMapper mapper;
    private final long maxBytes;

    JsonBody(long maxBytes) {
        this.maxBytes = maxBytes;
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBytes))
                .maxNumberLength(100)
                .build());
        // Strings where text belongs, and nothing else: 5 is not the name "5", true is not "true".
        for (CoercionInputShape shape : new CoercionInputShape[] {
                CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }

    /** The body as a JSON tree; 400 when it is empty or not JSON. */
    JsonNode tree(Context ctx) {
        byte[] bytes = read(ctx);
        if (bytes.length == 0) {
            throw new InvalidInputException("the request body must be a JSON object, and it is empty");
        }
        try {
            return unicode(mapper.readTree(bytes), "");
        } catch (IOException e) {
            throw translate(e);
        }
    }

    /** The body as a JSON object, or an empty object when there is no body at all. */
    JsonNode objectOrEmpty(Context ctx) {
        byte[] bytes = read(ctx);
        if (bytes.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            return requireObject(unicode(mapper.readTree(bytes), ""));
        } catch (IOException e) {
            throw translate(e);
        }
    }

    /** The body bound to {@code type} (a record of the request's fields). */
    <T> T read(Context ctx, Class<T> type) {
        return convert(requireObject(tree(ctx)), type);
    }

    /** A tree bound to {@code type}, with the same error translation. */
    <T> T convert(JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (IOException | IllegalArgumentException e) {
            throw translate(e);
        }
    }

    /** A JSON value kept as text for the core (payloads, results); null or absent gives {@code fallback}. */
    JsonText text(JsonNode node, String field, JsonText fallback) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return fallback;
        }
        try {
            return JsonText.of(mapper.writeValueAsString(node), JsonText.DEFAULT_MAX_CHARS, field);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(field + " is not valid JSON");
        }
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Refuses a string or key that is not Unicode text: JSON's {@code \\ud800} escape decodes to a
     * lone surrogate, which no store can write (it would come back as {@code ?}). Depth is bounded
     * by the parser's nesting limit.
     */
    private static JsonNode unicode(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isTextual() && dev.stowage.domain.common.Checks.hasLoneSurrogate(node.textValue())) {
            throw new InvalidInputException((path.isEmpty() ? "the body" : "field '" + path + "'")
                    + " holds a lone surrogate (\\ud800-\\udfff alone), which is not Unicode text");
        }
        if (node.isObject()) {
            for (var it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (dev.stowage.domain.common.Checks.hasLoneSurrogate(e.getKey())) {
                    throw new InvalidInputException("a key " + (path.isEmpty() ? "" : "in field '" + path + "' ")
                            + "holds a lone surrogate, which is not Unicode text");
                }
                unicode(e.getValue(), dev.stowage.domain.common.Checks.printable(child));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unicode(node.get(i), path + "[" + i + "]");
            }
        }
        return node;
    }

    private static JsonNode requireObject(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException("the request body must be a JSON object");
        }
        return node;
    }

    private byte[] read(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw new TooLargeException("JSON request body", maxBytes);
        }
        try (InputStream in = LazyBody.of(ctx)) {
            // One byte past the limit tells an oversized chunked body from one that is exactly at it.
            byte[] bytes = in.readNBytes((int) maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new TooLargeException("JSON request body", maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            // The client's connection or framing failed, not the storage: 400, or 408 for a timeout.
            throw BrokenBody.within(e).orElseGet(() -> BrokenBody.of(e)).problem();
        }
    }

    private RuntimeException translate(Exception e) {
        if (e instanceof ValueInstantiationException vie && vie.getCause() instanceof StowageException se) {
            return se;
        }
        if (e instanceof IllegalArgumentException && e.getCause() instanceof Exception inner) {
            return translate(inner);
        }
        if (e instanceof StreamConstraintsException) {
            return new InvalidInputException("the JSON body is nested deeper than " + MAX_DEPTH
                    + " levels or has a value longer than allowed");
        }
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            String field = path(jme);
            if (e instanceof UnrecognizedPropertyException) {
                return new InvalidInputException("unknown field '" + field + "'");
            }
            if (e instanceof InvalidFormatException ife && ife.getTargetType() != null && ife.getTargetType().isEnum()) {
                String allowed = Arrays.stream(ife.getTargetType().getEnumConstants())
                        .map(c -> c.toString().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", "));
                return new InvalidInputException("field '" + field + "' must be one of: " + allowed);
            }
            if (e instanceof MismatchedInputException mie) {
                return new InvalidInputException("field '" + field + "' must be " + describe(mie.getTargetType()));
            }
            return new InvalidInputException("field '" + field + "' has an invalid value");
        }
        if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
            return new InvalidInputException("malformed JSON at line " + jpe.getLocation().getLineNr()
                    + ", column " + jpe.getLocation().getColumnNr() + ": " + firstLine(jpe.getOriginalMessage()));
        }
        return new InvalidInputException("the request body is not valid JSON");
    }

    private static String path(JsonMappingException e) {
        var sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return dev.stowage.domain.common.Checks.printable(sb.toString());
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as 2026-01-31T12:00:00Z";
        }
        if (type == java.time.Duration.class) {
            return "an ISO-8601 duration such as PT30S";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "not JSON";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return dev.stowage.domain.common.Checks.printable(line);
    }
}
