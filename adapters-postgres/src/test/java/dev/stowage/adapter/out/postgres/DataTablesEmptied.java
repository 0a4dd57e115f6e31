package dev.stowage.adapter.out.postgres;

/** Empties V2's tables, so that a store on them is new and empty. */
final class DataTablesEmptied {
    private DataTablesEmptied() {
    }

    static Db on(PgEngine engine) {
        Db db = new Db(engine);
        db.write(ctx -> ctx.execute("TRUNCATE documents, document_usage, resumable_uploads, api_tokens, "
                + "program_revisions, programs, backups"));
        return db;
    }
}
