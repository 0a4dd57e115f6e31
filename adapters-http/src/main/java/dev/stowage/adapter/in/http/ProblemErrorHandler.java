package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.HttpStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a request head over the size limit, a URI Jetty will not route, a
 * malformed request line) as problem details too, so that no error a client sees is Jetty's HTML
 * page, and none ever carries a stack trace or echoes the request. The message Jetty gives is
 * replaced by the status's standard reason: it may quote the request.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private final ObjectMapper json;

    ProblemErrorHandler(ObjectMapper json) {
        this.json = json;
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        return ByteBuffer.wrap(body(status));
    }

    private byte[] body(int status) {
        String title = HttpStatus.forStatus(status).getMessage();
        String detail = switch (status) {
            case 431 -> "The request headers are larger than this server accepts.";
            case 414 -> "The request URI is longer than this server accepts.";
            case 400 -> "The request is malformed (its URI or headers could not be read).";
            // Jetty's own 5xx answers are about the request, not a failure: say what is true.
            case 505 -> "This server speaks HTTP/1.1 and HTTP/1.0 only; send the request in one of those.";
            case 501 -> "The request uses a feature of HTTP this server does not implement.";
            default -> status >= 500
                    ? "The server failed to handle this request. The failure has been logged."
                    : title + ".";
        };
        // No instance: the path Jetty refused may be the very thing that is malformed.
        Problem p = ProblemMapper.http(status, title, detail, null);
        try {
            return json.writeValueAsString(p).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            return ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
