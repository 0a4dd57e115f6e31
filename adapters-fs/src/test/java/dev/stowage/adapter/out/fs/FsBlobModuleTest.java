package dev.stowage.adapter.out.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.HealthIndicator;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.UploadStaging;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsBlobModuleTest {
    @TempDir
    Path dir;

    @Test
    void bindsTheStoreTheStagingAreaHealthAndFolderCreation() {
        FsSettings settings = new FsSettings(dir.resolve("data/blobs"), dir.resolve("data/tmp/uploads"));
        Injector injector = Guice.createInjector(new FsBlobModule(settings));

        Set<Managed> managed = injector.getInstance(Key.get(new TypeLiteral<Set<Managed>>() { }));
        Set<HealthIndicator> health = injector.getInstance(Key.get(new TypeLiteral<Set<HealthIndicator>>() { }));
        HealthIndicator blobs = health.stream().filter(h -> h.component().equals("blobs")).findFirst().orElseThrow();

        assertThat(blobs.check().up()).as("before the folders exist").isFalse();
        managed.forEach(Managed::start);
        assertThat(settings.blobRoot()).isDirectory();
        assertThat(settings.stagingDir()).isDirectory();
        HealthIndicator.ComponentHealth report = blobs.check();
        assertThat(report.up()).isTrue();
        assertThat(report.details()).containsEntry("backend", "fs").containsKey("usableBytes");
        assertThat(report.details().toString()).doesNotContain(settings.blobRoot().toString());
        assertThat(injector.getInstance(BlobStore.class).backendName()).isEqualTo("fs");
        assertThat(injector.getInstance(UploadStaging.class)).isNotNull();
        managed.forEach(Managed::stop);
    }
}
