package dev.stowage.adapter.out.postgres;

import dev.stowage.domain.error.AlreadyExistsException;
import java.sql.Savepoint;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Turns a unique-key failure of one statement into an {@link AlreadyExistsException} that says
 * which name or key is taken, in the words of the store.
 *
 * <p>PostgreSQL aborts the whole transaction on a failed statement, so the statement runs under a
 * savepoint: rolling back to it keeps the transaction usable for the store's lookup of what
 * clashed, and for whatever the caller's larger transaction does next. PostgreSQL's own message
 * names the clashing value ({@code Key (secret_hash)=(...)}), so it is neither shown nor attached.
 */
final class UniqueClashes {
    private UniqueClashes() {
    }

    static <T> T explained(DSLContext ctx, Supplier<T> statement, Supplier<AlreadyExistsException> explain) {
        return ctx.connectionResult(connection -> {
            Savepoint savepoint = connection.setSavepoint();
            T result;
            try {
                result = statement.get();
            } catch (DataAccessException e) {
                connection.rollback(savepoint);
                if (PgErrors.state(e).equals(PgErrors.UNIQUE_VIOLATION)) {
                    throw explain.get();
                }
                throw e;
            }
            connection.releaseSavepoint(savepoint);
            return result;
        });
    }
}
