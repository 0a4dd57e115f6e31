package dev.stowage.adapter.in.http.archfixture;

import com.google.inject.AbstractModule;

/** Allowed by rule (e): a public Guice module. */
public final class FixtureModule extends AbstractModule {
}
