package dev.stowage.adapter.in.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP relay in front of the test server that can drop the network in the middle of a
 * request: once armed with {@link #cutAfter}, it forwards that many more bytes towards the server,
 * then closes every connection it carries (the server sees its request body end early, the client
 * a reset), and relays normally again afterwards, as a network that comes back would.
 */
final class TusCuttingProxy implements AutoCloseable {
    private final int targetPort;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tus-test-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private long budget = Long.MAX_VALUE;
    private int cuts;

    TusCuttingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Lets {@code bytes} more bytes through towards the server, then drops every connection once. */
    synchronized void cutAfter(long bytes) {
        budget = bytes;
    }

    /** How often the network was dropped. */
    synchronized int cuts() {
        return cuts;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(server);
                threads.execute(() -> relay(client, server, true));
                threads.execute(() -> relay(server, client, false));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket from, Socket to, boolean towardsServer) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                int allowed = towardsServer ? take(n) : n;
                out.write(buf, 0, allowed);
                out.flush();
                if (allowed < n) {
                    dropEverything();
                    return;
                }
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** How many of {@code n} bytes may pass before the cut; fewer than {@code n} means cut now. */
    private synchronized int take(int n) {
        if (budget >= n) {
            budget = budget == Long.MAX_VALUE ? budget : budget - n;
            return n;
        }
        int allowed = (int) budget;
        budget = Long.MAX_VALUE;
        cuts++;
        return allowed;
    }

    private void dropEverything() {
        for (Socket s : open) {
            try {
                // A reset, not a polite close: the client must not mistake it for a finished request.
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                // already closed
            }
            closeQuietly(s);
        }
        open.clear();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        dropEverything();
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
