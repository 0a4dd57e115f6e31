package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.service.token.ManageTokensService;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.domain.token.QueueAction;
import dev.stowage.domain.token.TokenId;
import dev.stowage.domain.token.TokenScopes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade across V8 breaks no token: a database made at V7, with a user token and an
 * administrator's token in it, is migrated by the engine's start-up; the user token keeps every
 * queue it could use before scopes existed, and both still sign in with their old secrets.
 */
class TokenScopesMigrationTest {
    private static final String USER_TOKEN_ID = "01JAAAAAAAAAAAAAAAAAAAAAA1";
    private static final String ADMIN_TOKEN_ID = "01JAAAAAAAAAAAAAAAAAAAAAA2";
    private static final String USER_SECRET = "stw_user-secret-made-before-scopes";
    private static final String ADMIN_SECRET = "stw_admin-secret-made-before-scopes";

    @TempDir
    Path dir;

    @Test
    void tokensMadeBeforeScopesKeepTheirAccess() throws Exception {
        SqliteSettings settings = TestEngine.settings(dir);
        Path db = settings.databaseFile();
        Files.createDirectories(db.getParent());
        String url = "jdbc:sqlite:" + db;
        Flyway.configure().loggers("slf4j").dataSource(url, null, null).locations("classpath:db/migration").target("7").load().migrate();
        try (var c = DriverManager.getConnection(url); var st = c.createStatement()) {
            // the row as V6/V7 code wrote it: no scopes column yet
            st.execute("INSERT INTO api_tokens (id, user_id, admin, label, secret_hash, created_at, revoked_at) VALUES ('"
                    + USER_TOKEN_ID + "', 'ana', 0, 'ana''s laptop', '" + hex(USER_SECRET) + "', 1000, NULL), ('"
                    + ADMIN_TOKEN_ID + "', 'root', 1, 'ops', '" + hex(ADMIN_SECRET) + "', 2000, NULL)");
        }

        try (TestEngine test = TestEngine.started(settings)) {
            assertThat(test.admin.info().pendingMigrations()).isEmpty();
            var store = new SqliteTokenStore(test.db);
            ApiToken user = store.find(new TokenId(USER_TOKEN_ID)).orElseThrow();
            ApiToken admin = store.find(new TokenId(ADMIN_TOKEN_ID)).orElseThrow();
            assertThat(user.scopes()).isEqualTo(TokenScopes.everyQueue());
            assertThat(user.label()).isEqualTo("ana's laptop");
            assertThat(admin.admin()).isTrue();
            assertThat(admin.scopes().isEmpty()).isTrue();

            var tokens = new ManageTokensService(store, fixedIds(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                    new SecureRandom());
            Actor ana = tokens.authenticate(USER_SECRET);
            assertThat(ana.user()).contains(new UserId("ana"));
            for (QueueAction action : QueueAction.values()) {
                assertThat(ana.may(action, new QueueName("any-queue"))).as("%s", action).isTrue();
            }
            assertThat(tokens.authenticate(ADMIN_SECRET).admin()).isTrue();

            // a token made after the upgrade gets only what it is given
            var fresh = tokens.issue(new UserId("bob"), false, TokenScopes.none(), "");
            Actor bob = tokens.authenticate(fresh.secret());
            assertThat(bob.may(QueueAction.READ, new QueueName("any-queue"))).isFalse();
        }
    }

    private static IdGenerator fixedIds() {
        return () -> "01JAAAAAAAAAAAAAAAAAAAAAA3";
    }

    private static String hex(String secret) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        return new Sha256(HexFormat.of().formatHex(digest)).hex();
    }
}
