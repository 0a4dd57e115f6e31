package dev.stowage.adapter.in.http.archfixture;

/** Allowed by rule (e): a public settings record, with a public nested enum. */
public record FixtureSettings(int size, Mode mode) {
    /** Allowed: nested in a settings record. */
    public enum Mode { A, B }
}
