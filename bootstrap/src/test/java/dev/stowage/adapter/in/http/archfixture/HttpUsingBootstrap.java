package dev.stowage.adapter.in.http.archfixture;

import dev.stowage.bootstrap.assembly.Lifecycle;

/** Breaks rule (d) on purpose: an adapter that depends on bootstrap. Package-private. */
final class HttpUsingBootstrap {
    boolean stop(Lifecycle lifecycle) {
        return lifecycle.stop();
    }
}
