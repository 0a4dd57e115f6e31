package dev.stowage.adapter.out.fs.archfixture;

/**
 * Breaks rules (c) and (e) on purpose: a public implementation class in an adapter that reaches into
 * another adapter.
 */
public final class PublicFsImplementation {
    public Object other() {
        return dev.stowage.adapter.out.sqlite.archfixture.SqliteBridge.INSTANCE;
    }
}
