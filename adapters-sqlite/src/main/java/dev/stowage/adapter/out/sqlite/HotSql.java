package dev.stowage.adapter.out.sqlite;

import dev.stowage.adapter.out.sqlite.engine.Session;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A jOOQ query rendered to SQL once, at start-up, and run as a statement kept prepared on each
 * connection. Values go in through named parameters ({@code DSL.param("id", String.class)}), bound
 * by name on every run, so the hot paths pay neither jOOQ's rendering nor SQLite's compiling per
 * call, and still never concatenate a value.
 */
final class HotSql {
    private static final DSLContext RENDERER = DSL.using(SQLDialect.SQLITE);
    private static final Pattern NAMED = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)");

    private final String name;
    private final String sql;
    private final Map<String, int[]> positions;

    private HotSql(String name, String sql, Map<String, int[]> positions) {
        this.name = name;
        this.sql = sql;
        this.positions = positions;
    }

    /**
     * Renders {@code query}, whose every value must be a named parameter (constants inlined with
     * {@code DSL.inline}).
     *
     * @param name what the statement does, for error messages
     */
    static HotSql of(String name, Query query) {
        Objects.requireNonNull(query, "query");
        String indexed = RENDERER.render(query);
        String named = RENDERER.renderNamedParams(query);
        List<String> order = new ArrayList<>();
        Matcher m = NAMED.matcher(named);
        while (m.find()) {
            order.add(m.group(1));
        }
        long marks = indexed.chars().filter(c -> c == '?').count();
        if (marks != order.size()) {
            throw new IllegalStateException("statement '" + name + "' has " + marks + " parameters but "
                    + order.size() + " names; give every value a name with DSL.param: " + named);
        }
        Map<String, List<Integer>> collected = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            collected.computeIfAbsent(order.get(i), k -> new ArrayList<>()).add(i + 1);
        }
        Map<String, int[]> positions = new HashMap<>();
        collected.forEach((k, v) -> positions.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        return new HotSql(name, indexed, Map.copyOf(positions));
    }

    String sql() {
        return sql;
    }

    /** The statement on {@code session}, ready for its parameters. */
    Bound on(Session session) throws SQLException {
        return new Bound(session, session.prepared(sql));
    }

    /** One run of the statement: set every parameter, then execute. */
    final class Bound {
        private final Session session;
        private final PreparedStatement statement;

        private Bound(Session session, PreparedStatement statement) {
            this.session = session;
            this.statement = statement;
        }

        Bound set(String parameter, Object value) throws SQLException {
            int[] at = positions.get(parameter);
            if (at == null) {
                throw new IllegalArgumentException("statement '" + name + "' has no parameter '" + parameter + "'");
            }
            for (int i : at) {
                if (value == null) {
                    statement.setNull(i, java.sql.Types.NULL);
                } else {
                    statement.setObject(i, value);
                }
            }
            return this;
        }

        PreparedStatement statement() {
            return statement;
        }

        int update() throws SQLException {
            try {
                return statement.executeUpdate();
            } catch (SQLException e) {
                session.evict(sql);
                throw e;
            }
        }

        java.sql.ResultSet query() throws SQLException {
            try {
                return statement.executeQuery();
            } catch (SQLException e) {
                session.evict(sql);
                throw e;
            }
        }
    }
}
