package cn.yrd.onecard.clearing.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a port of its own to a server the night depends on (the database, the broker), which a test can
 * cut and restore like a failed link: cut, it drops every connection through it and every new one; restored, it
 * relays again on the same port.
 */
final class Relay implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final String host;
    private final int port;
    private volatile boolean down;

    /** A relay to {@code host}:{@code port}. */
    Relay(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        daemon(this::accept);
    }

    /** The relay's own port, on the loopback address. */
    int port() {
        return server.getLocalPort();
    }

    /** Every connection through the relay dropped, and every new one until {@link #restore}. */
    void cut() throws IOException {
        down = true;
        for (Socket s : open) {
            s.close();
        }
    }

    void restore() {
        down = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (down) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(host, port);
                open.add(client);
                open.add(upstream);
                daemon(() -> pump(client, upstream));
                daemon(() -> pump(upstream, client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "relay");
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException cut) {
            // one side went away: the other follows below
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
            open.remove(from);
            open.remove(to);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
