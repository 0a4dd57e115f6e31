package dev.stowage.adapter.out.postgres;

import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.StorageCorruptException;
import dev.stowage.domain.error.StorageFullException;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.StowageException;
import java.sql.SQLException;
import java.util.Optional;
import org.jooq.exception.DataAccessException;

/**
 * Turns PostgreSQL failures into Stowage errors by SQLSTATE, never by message text (which is
 * translated by the server's locale). Messages carry the server's sentence, which names tables and
 * constraints; every value is bound, so none appears in it, and the password never reaches the server
 * in a statement.
 */
final class PgErrors {
    static final String UNIQUE_VIOLATION = "23505";
    static final String SERIALIZATION_FAILURE = "40001";
    static final String DEADLOCK = "40P01";
    static final String READ_ONLY_TRANSACTION = "25006";

    private PgErrors() {
    }

    /** The first {@link SQLException} in the cause chain of {@code failure}, itself included. */
    static Optional<SQLException> sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return Optional.of(sql);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    static String state(Throwable failure) {
        return sqlCause(failure).map(SQLException::getSQLState).orElse("");
    }

    /** True when running the whole transaction again may succeed: it lost a race, not an argument. */
    static boolean retryable(Throwable failure) {
        String state = state(failure);
        return state.equals(SERIALIZATION_FAILURE) || state.equals(DEADLOCK)
                || state.equals(UNIQUE_VIOLATION) && RETRY_ON_CLASH.contains(constraint(failure));
    }

    /**
     * Unique keys that an idempotent write looks up before it inserts: a clash on one means another
     * connection inserted the same key between the look-up and the insert (it waited for that
     * transaction to commit), so running the transaction again finds the row and returns it, as the
     * single-writer SQLite engine would have.
     */
    private static final java.util.Set<String> RETRY_ON_CLASH = java.util.Set.of("jobs_dedup", "jobs_external_ref");

    /** The constraint a failure names, or "" when it names none. */
    static String constraint(Throwable failure) {
        return sqlCause(failure).filter(e -> e instanceof org.postgresql.util.PSQLException)
                .map(e -> ((org.postgresql.util.PSQLException) e).getServerErrorMessage())
                .map(m -> m.getConstraint() == null ? "" : m.getConstraint())
                .orElse("");
    }

    /** The Stowage error for a failure that came out of the driver or jOOQ; others pass unchanged. */
    static Throwable atBoundary(Throwable failure) {
        if (failure instanceof StowageException) {
            return failure;
        }
        if (failure instanceof SQLException || failure instanceof DataAccessException) {
            return sqlCause(failure).<Throwable>map(PgErrors::translate).orElse(failure);
        }
        return failure;
    }

    /** The Stowage error for a PostgreSQL failure. */
    static StowageException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String detail = detail(e);
        if (state.equals(UNIQUE_VIOLATION)) {
            return new AlreadyExistsException("already exists (" + detail + ")");
        }
        if (state.startsWith("23") || state.startsWith("22")) {
            // integrity constraint violations and data exceptions (a value out of range, bad text)
            return new InvalidInputException("rejected by the database (" + detail + ")");
        }
        if (state.equals("53100")) {
            return new StorageFullException("the disk holding the database is full (" + detail + ")", e);
        }
        if (state.startsWith("XX") && !state.equals("XX000")) {
            return new StorageCorruptException("the database reports damaged data (" + detail + ")", e);
        }
        if (state.startsWith("08") || state.startsWith("57") || state.startsWith("53")) {
            return new StorageUnavailableException("cannot reach the database (" + detail + ")", e);
        }
        if (state.startsWith("28")) {
            return new StorageUnavailableException("the database refused the login (" + detail + ")", e);
        }
        return new StorageUnavailableException("database failure (" + detail + ")", e);
    }

    private static String detail(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // the first line only: the server's DETAIL line may quote a row's values
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)) + (e.getSQLState() == null ? "" : ", SQLSTATE " + e.getSQLState());
    }

    /**
     * Rethrows {@code failure} unchanged, even a checked one smuggled out of a {@code Supplier};
     * declared to return so that callers can write {@code throw sneaky(t)}.
     */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable failure) throws E {
        throw (E) failure;
    }
}
