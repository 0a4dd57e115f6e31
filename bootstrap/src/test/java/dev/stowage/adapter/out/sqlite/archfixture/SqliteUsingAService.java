package dev.stowage.adapter.out.sqlite.archfixture;

import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.service.MonotonicIdGenerator;
import java.time.Clock;

/** Breaks rule (f): an adapter building an application service's class instead of going through a port. */
final class SqliteUsingAService {
    static IdGenerator ids() {
        return new MonotonicIdGenerator(Clock.systemUTC());
    }
}
