package dev.stowage.domain.common;

/** A user: the owner of documents and the subject of API tokens. */
public record UserId(String value) {
    public UserId {
        Checks.token(value, "user id", 64);
    }

    @Override
    public String toString() {
        return value;
    }
}
