package dev.stowage.adapter.out.sqlite.engine;

import java.sql.SQLException;

/**
 * Work on a {@link Session} itself: a store's statements kept prepared ({@link Db#readSession},
 * {@link Db#writeSession}), or the writer's work outside any transaction (checkpoints, pragmas).
 */
@FunctionalInterface
public interface SqlFunction<R> {
    R apply(Session session) throws SQLException;
}
