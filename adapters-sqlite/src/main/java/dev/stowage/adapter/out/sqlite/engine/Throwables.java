package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.domain.error.StowageException;
import java.sql.SQLException;
import org.jooq.exception.DataAccessException;

/** How failures cross the transaction boundary back to the caller. */
public final class Throwables {
    private Throwables() {
    }

    /**
     * What the caller of {@code Transactions} sees for a failure of its work: the very same
     * exception, except that a driver or jOOQ exception carrying a {@link SQLException} (work that
     * bypassed {@link Db}) becomes a Stowage error, so no SQL exception leaves the adapter.
     */
    static Throwable atBoundary(Throwable failure) {
        if (failure instanceof StowageException) {
            return failure;
        }
        if (failure instanceof SQLException || failure instanceof DataAccessException) {
            return SqliteErrors.sqlCause(failure).<Throwable>map(SqliteErrors::translate).orElse(failure);
        }
        return failure;
    }

    /**
     * Rethrows {@code failure} unchanged, even a checked one smuggled out of a {@code Supplier};
     * declared to return so that callers can write {@code throw sneaky(t)}.
     */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> RuntimeException sneaky(Throwable failure) throws E {
        throw (E) failure;
    }
}
