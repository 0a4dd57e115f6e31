package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The served OpenAPI document is valid and describes exactly the routes Javalin registered. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {
    TestApi api;
    OpenAPI doc;

    @BeforeAll
    void start() {
        api = new TestApi();
        HttpResponse<String> r = api.get(Api.OPENAPI_PATH, null);
        assertThat(r.statusCode()).isEqualTo(200);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(r.body(), null, options);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        doc = result.getOpenAPI();
        assertThat(doc).isNotNull();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void everyRegisteredRouteIsDescribed() {
        List<String> registered = api.server.routes();
        assertThat(registered).hasSizeGreaterThan(30);
        List<String> missing = new ArrayList<>();
        for (String route : registered) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            PathItem item = doc.getPaths().get(path);
            if (item == null || !item.readOperationsMap().containsKey(PathItem.HttpMethod.valueOf(method))) {
                missing.add(route);
            }
        }
        assertThat(missing).as("routes missing from openapi.json").isEmpty();
    }

    @Test
    void theTusAndHeadRoutesAreAmongTheRegisteredOnes() {
        // Guards the test above: HEAD and OPTIONS routes must be listed, or they would escape it.
        assertThat(api.server.routes()).contains("OPTIONS " + Api.UPLOADS, "POST " + Api.UPLOADS,
                "OPTIONS " + Api.UPLOADS + "/{id}", "HEAD " + Api.UPLOADS + "/{id}", "PATCH " + Api.UPLOADS + "/{id}",
                "DELETE " + Api.UPLOADS + "/{id}", "HEAD " + Api.V1 + "/documents/{id}/content");
    }

    @Test
    void everyDescribedOperationIsARegisteredRoute() {
        List<String> registered = api.server.routes();
        List<String> extra = new ArrayList<>();
        doc.getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(m -> {
            String route = m.name().toUpperCase(Locale.ROOT) + " " + path;
            if (!registered.contains(route)) {
                extra.add(route);
            }
        }));
        assertThat(extra).as("described but not served").isEmpty();
    }

    @Test
    void everyOperationHasADescriptionAndAnErrorShape() {
        doc.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((m, op) -> {
            assertThat(op.getDescription()).as(m + " " + path).isNotBlank();
            assertThat(op.getResponses()).as(m + " " + path).isNotEmpty();
        }));
        assertThat(doc.getComponents().getSchemas()).containsKey("Problem");
        assertThat(doc.getTags()).anyMatch(t -> t.getName().equals("uploads"));
    }
}
