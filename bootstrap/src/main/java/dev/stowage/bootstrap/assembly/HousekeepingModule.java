package dev.stowage.bootstrap.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.service.document.DocumentSweeper;
import dev.stowage.application.service.queue.QueueMaintenance;

/**
 * The background work of a running service: lease recovery and retention for the queue, and the
 * document sweeper. Installed by {@link Stowage#service} only; short-lived CLI commands leave it out.
 */
final class HousekeepingModule extends AbstractModule {
    @Override
    protected void configure() {
        var managed = Multibinder.newSetBinder(binder(), Managed.class);
        managed.addBinding().to(QueueMaintenance.class);
        managed.addBinding().to(DocumentSweeper.class);
    }
}
