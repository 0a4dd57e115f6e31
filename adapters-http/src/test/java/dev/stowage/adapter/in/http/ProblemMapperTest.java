package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.domain.error.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {

    @Test
    void everyCodeHasItsDocumentedStatus() {
        Map<ErrorCode, Integer> expected = new EnumMap<>(ErrorCode.class);
        expected.put(ErrorCode.NOT_FOUND, 404);
        expected.put(ErrorCode.ALREADY_EXISTS, 409);
        expected.put(ErrorCode.VERSION_MISMATCH, 409);
        expected.put(ErrorCode.LEASE_LOST, 409);
        expected.put(ErrorCode.STATE_CONFLICT, 409);
        expected.put(ErrorCode.FORBIDDEN, 403);
        expected.put(ErrorCode.UNAUTHENTICATED, 401);
        expected.put(ErrorCode.INVALID_INPUT, 400);
        expected.put(ErrorCode.CHECKSUM_MISMATCH, 400);
        expected.put(ErrorCode.TOO_LARGE, 413);
        expected.put(ErrorCode.QUOTA_EXCEEDED, 507);
        expected.put(ErrorCode.STORAGE_FULL, 507);
        expected.put(ErrorCode.STORAGE_UNAVAILABLE, 503);
        expected.put(ErrorCode.STORAGE_CORRUPT, 500);
        assertThat(expected).hasSize(ErrorCode.values().length);
        expected.forEach((code, status) -> assertThat(ProblemMapper.statusOf(code)).as(code.name()).isEqualTo(status));
    }

    @Test
    void tokenLikeTextIsRedactedAndIdsAndPathsStayReadable() {
        String token = "stw_Ni_fLCYwljy9qToxQRts1Ek3nNLbH3JqXdsPzWSYesI";
        assertThat(ProblemMapper.redacted("job id '" + token + "' is not valid")).isEqualTo("job id '[redacted]' is not valid");
        assertThat(ProblemMapper.redacted("got 'Bearer abc.def'")).isEqualTo("got 'Bearer [redacted]'");
        assertThat(ProblemMapper.redacted("sha " + "ab12".repeat(16))).isEqualTo("sha [redacted]");
        String readable = "document '01ARZ3NDEKTSV4RRFFQ69G5FAV' not found at /api/v1/documents/01ARZ3NDEKTSV4RRFFQ69G5FAV/content";
        assertThat(ProblemMapper.redacted(readable)).isEqualTo(readable);
        assertThat(ProblemMapper.redacted(null)).isNull();
    }
}
