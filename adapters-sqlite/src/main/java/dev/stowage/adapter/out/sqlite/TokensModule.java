package dev.stowage.adapter.out.sqlite;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.application.port.out.TokenStore;

/** The API token store on the SQLite engine. Installed by {@link SqliteModule}. */
final class TokensModule extends AbstractModule {

    @Provides
    @Singleton
    TokenStore tokenStore(Db db) {
        return new SqliteTokenStore(db);
    }
}
