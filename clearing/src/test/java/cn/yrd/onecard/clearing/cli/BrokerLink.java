package cn.yrd.onecard.clearing.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The network between the night's JVMs and the machine's RabbitMQ, which a test can cut and mend: a TCP relay on a
 * port of its own to the broker. Cut, it closes every connection through it and takes no new one, as a broker whose
 * machine went away; mended, it takes connections again on the same port.
 */
final class BrokerLink implements AutoCloseable {
    private final java.net.URI broker;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listening;

    /** A link to the broker of {@code url} (amqp://user:password@host:port). */
    BrokerLink(String url) throws IOException {
        this.broker = java.net.URI.create(url);
        ServerSocket first = listen(0);
        this.port = first.getLocalPort();
        accept(first);
    }

    /** The broker's URL through this link. */
    String url() {
        return broker.getScheme() + "://" + broker.getRawUserInfo() + "@127.0.0.1:" + port;
    }

    /** Every connection through the link closed, and no new one taken. */
    synchronized void cut() throws IOException {
        listening.close();
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    /** Connections taken again, on the same port. */
    synchronized void mend() throws IOException {
        accept(listen(port));
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", port));
        return server;
    }

    private void accept(ServerSocket server) {
        listening = server;
        daemon(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket();
                    upstream.connect(new InetSocketAddress(broker.getHost(), broker.getPort()), 5_000);
                    open.add(client);
                    open.add(upstream);
                    daemon(() -> relay(client, upstream));
                    daemon(() -> relay(upstream, client));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private static void relay(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException cut) {
            // one side closed: so is the other, below
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "broker-link");
        t.setDaemon(true);
        t.start();
    }
}
