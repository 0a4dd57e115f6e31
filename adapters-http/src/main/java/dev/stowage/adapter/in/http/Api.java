package dev.stowage.adapter.in.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The versioned API's root, and its OpenAPI document. */
final class Api {
    static final String V1 = "/api/v1";
    static final String OPENAPI_PATH = V1 + "/openapi.json";
    /** Where the tus 1.0 resumable-upload routes live. */
    static final String UPLOADS = V1 + "/uploads";
    private static final String OPENAPI_RESOURCE = "openapi.json";

    private final byte[] openApi;

    Api() {
        try (InputStream in = Api.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document is missing from the jar");
            }
            openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document", e);
        }
    }

    /** {@code GET /api/v1/openapi.json}: public, like any API description. */
    void openApi(Context ctx) {
        ctx.header("Cache-Control", "no-cache").contentType("application/json").result(openApi);
    }
}
