package dev.stowage.application.service.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class PayloadMergeTest {

    @Test
    void overrideKeysWinAndNewKeysFollow() {
        JsonText base = JsonText.of("{\"size\":256,\"format\":\"png\",\"opts\":{\"a\":1,\"b\":2}}");
        JsonText over = JsonText.of("{ \"opts\" : {\"a\":9}, \"size\": 1024.50, \"name\":\"x\\\"y\" }");

        JsonText merged = EnqueueJobsService.mergeObjects(base, over);

        assertThat(merged.json()).isEqualTo("{\"size\":1024.50,\"format\":\"png\",\"opts\":{\"a\":9},\"name\":\"x\\\"y\"}");
    }

    @Test
    void keysAreComparedAfterUnescaping() {
        JsonText merged = EnqueueJobsService.mergeObjects(JsonText.of("{\"a\":1}"), JsonText.of("{\"\\u0061\":2}"));

        assertThat(merged.json()).isEqualTo("{\"a\":2}");
    }

    @Test
    void emptyOverridesKeepTheTemplate() {
        assertThat(EnqueueJobsService.mergeObjects(JsonText.of("{\"a\":[1,2]}"), JsonText.of("{}")).json())
                .isEqualTo("{\"a\":[1,2]}");
    }

    @Test
    void overridesMustBeAnObject() {
        assertThatThrownBy(() -> EnqueueJobsService.mergeObjects(JsonText.of("{}"), JsonText.of("[1]")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("JSON object");
    }
}
