package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.StorageCorruptException;
import dev.stowage.domain.error.StorageFullException;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.StowageException;
import java.sql.SQLException;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns SQLite failures into Stowage errors by result code, never by message text, which changes
 * between SQLite versions and locales.
 */
final class SqliteErrors {
    // primary result codes, from sqlite3.h
    static final int BUSY = 5;
    static final int LOCKED = 6;
    static final int NOMEM = 7;
    static final int READONLY = 8;
    static final int INTERRUPT = 9;
    static final int IOERR = 10;
    static final int CORRUPT = 11;
    static final int FULL = 13;
    static final int CANTOPEN = 14;
    static final int TOOBIG = 18;
    static final int CONSTRAINT = 19;
    static final int NOTADB = 26;

    private SqliteErrors() {
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

    /** SQLite's primary result code, or -1 when the driver did not report one. */
    static int primaryCode(SQLException e) {
        SQLiteErrorCode code = resultCode(e);
        return code == null ? -1 : code.code & 0xFF;
    }

    private static SQLiteErrorCode resultCode(SQLException e) {
        if (e instanceof SQLiteException sqlite && sqlite.getResultCode() != SQLiteErrorCode.UNKNOWN_ERROR) {
            return sqlite.getResultCode();
        }
        return null;
    }

    /** True when {@code failure} was caused by a lock another connection or process holds. */
    static boolean isBusy(Throwable failure) {
        return sqlCause(failure).map(SqliteErrors::primaryCode)
                .filter(code -> code == BUSY || code == LOCKED)
                .isPresent();
    }

    /**
     * True when SQLite may have rolled back the whole transaction, not only the statement, so the
     * transaction can no longer be trusted (see "Response To Errors Within A Transaction" in the
     * SQLite docs).
     */
    static boolean mayEndTransaction(SQLException e) {
        return switch (primaryCode(e)) {
            case FULL, IOERR, BUSY, LOCKED, NOMEM, INTERRUPT, CORRUPT, NOTADB -> true;
            default -> false;
        };
    }

    /** The Stowage error for a SQLite failure. Busy here means the retries are already spent. */
    static StowageException translate(SQLException e) {
        String detail = detail(e);
        return switch (primaryCode(e)) {
            case FULL -> new StorageFullException("the disk holding the database is full (" + detail + ")", e);
            case BUSY, LOCKED -> new StorageUnavailableException(
                    "the database stayed locked by another connection or process (" + detail + ")", e);
            case CANTOPEN -> new StorageUnavailableException("cannot open the database file (" + detail + ")", e);
            case IOERR -> new StorageUnavailableException("disk I/O error on the database (" + detail + ")", e);
            case CORRUPT, NOTADB -> new StorageCorruptException(
                    "the database file is corrupt or not a SQLite database (" + detail + ")", e);
            case READONLY -> new StorageUnavailableException("the database cannot be written (" + detail + ")", e);
            case TOOBIG -> new InvalidInputException("a value is larger than the database accepts (" + detail + ")");
            case CONSTRAINT -> constraint(e, detail);
            default -> new StorageUnavailableException("database failure (" + detail + ")", e);
        };
    }

    private static StowageException constraint(SQLException e, String detail) {
        SQLiteErrorCode code = resultCode(e);
        if (code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                || code == SQLiteErrorCode.SQLITE_CONSTRAINT_ROWID) {
            return new AlreadyExistsException("already exists (" + detail + ")");
        }
        return new InvalidInputException("rejected by the database (" + detail + ")");
    }

    /**
     * SQLite's own sentence, which names the table and column but never a value (every value is
     * bound). Only for people to read: nothing is decided on it.
     */
    private static String detail(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int open = message.indexOf(" (");
        if (e instanceof SQLiteException && open > 0 && message.endsWith(")")) {
            return message.substring(open + 2, message.length() - 1);
        }
        return message;
    }
}
