package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.domain.error.AlreadyExistsException;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.jooq.exception.DataAccessException;

/**
 * Turns a unique-key failure of one statement into an {@link AlreadyExistsException} that says
 * which name or key is taken. SQLite reports only the index, so the store looks up the clash itself,
 * inside the same transaction (a failed constraint undoes the statement, not the transaction).
 */
public final class UniqueClash {
    private UniqueClash() {
    }

    /**
     * Runs {@code statement}; when it breaks a unique key, throws what {@code explain} makes instead.
     * Every other failure goes on unchanged to the engine, which decides whether it poisons the
     * transaction.
     */
    public static <T> T explained(Supplier<T> statement, Supplier<AlreadyExistsException> explain) {
        try {
            return statement.get();
        } catch (DataAccessException e) {
            SQLException cause = SqliteErrors.sqlCause(e).orElse(null);
            if (cause != null && SqliteErrors.translate(cause) instanceof AlreadyExistsException) {
                AlreadyExistsException explained = explain.get();
                explained.addSuppressed(e);
                throw explained;
            }
            throw e;
        }
    }
}
