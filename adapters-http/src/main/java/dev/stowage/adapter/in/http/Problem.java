package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every error response.
 *
 * @param type     a URI naming the kind of problem; {@code about:blank} when the status says it all
 * @param title    a short summary of the kind, the same for every occurrence
 * @param status   the HTTP status, repeated for clients that only see the body
 * @param detail   what went wrong this time, in words a user can act on; never a secret or a stack
 * @param instance the request path the problem occurred on
 * @param code     Stowage's stable error code (an extension member), absent for plain HTTP errors
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, String instance, String code) {

    static final String CONTENT_TYPE = "application/problem+json";
}
