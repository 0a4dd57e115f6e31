package dev.stowage.domain.archfixture;

import java.util.logging.Logger;

/** Breaks rule (a) on purpose: a domain class that reaches outside java.* (here, into SLF4J). */
public final class DomainUsingAFramework {
    private final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DomainUsingAFramework.class);
    private final Logger allowed = Logger.getLogger("fine");

    public void say() {
        log.info("{}", allowed.getName());
    }
}
