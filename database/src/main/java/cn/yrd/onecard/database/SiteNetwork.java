package cn.yrd.onecard.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the two sites of a {@link ReplicatedPair} live: each a host of its own, a Linux network namespace joined to
 * this machine by a veth pair on a bridge ({@code ip netns}, as root), so that the sites reach each other and the
 * services only over a network; or, where the machine does not allow that (not root, no {@code ip}), both on
 * loopback. Namespaces, links and bridge are this object's and go with {@link #close}.
 */
final class SiteNetwork implements AutoCloseable {
    private static final Path IP = Path.of("/usr/sbin/ip");
    private static final AtomicInteger PAIRS = new AtomicInteger();

    private final String bridge;
    private final String subnet;
    private final List<String> namespaces;

    private SiteNetwork(String bridge, String subnet, List<String> namespaces) {
        this.bridge = bridge;
        this.subnet = subnet;
        this.namespaces = namespaces;
    }

    /** Two namespaces on a bridge of their own, or null when the machine does not allow them (then: loopback). */
    static SiteNetwork create() {
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(IP)
                || "true".equals(System.getenv("ONECARD_DR_LOOPBACK"))) {
            return null;
        }
        int id = (int) (ProcessHandle.current().pid() % 10_000) * 10 + PAIRS.getAndIncrement() % 10;
        String subnet = "10." + (100 + (id / 256) % 150) + "." + (id % 256) + ".";
        SiteNetwork network = new SiteNetwork("ocbr" + id, subnet, List.of("onecard-" + id + "-a",
                "onecard-" + id + "-b"));
        try {
            ip("link", "add", network.bridge, "type", "bridge");
            ip("addr", "add", subnet + "1/24", "dev", network.bridge);
            ip("link", "set", network.bridge, "up");
            for (int i = 0; i < 2; i++) {
                String ns = network.namespaces.get(i);
                String outside = "ocv" + (char) ('a' + i) + id;
                String inside = "ocp" + (char) ('a' + i) + id;
                ip("netns", "add", ns);
                ip("link", "add", outside, "type", "veth", "peer", "name", inside);
                ip("link", "set", inside, "netns", ns);
                ip("link", "set", outside, "master", network.bridge);
                ip("link", "set", outside, "up");
                ip("netns", "exec", ns, "ip", "addr", "add", network.host(i) + "/24", "dev", inside);
                ip("netns", "exec", ns, "ip", "link", "set", inside, "up");
                ip("netns", "exec", ns, "ip", "link", "set", "lo", "up");
            }
            return network;
        } catch (IOException e) {
            network.close();
            return null;
        }
    }

    /** Site {@code i}'s address (0: A, 1: B). */
    String host(int i) {
        return subnet + (2 + i);
    }

    /** The address the services and the tools connect from: this machine's side of the bridge. */
    String clients() {
        return subnet + "1";
    }

    /** The accounts' host pattern: this machine and both sites. */
    String accountHosts() {
        return subnet + "%";
    }

    /** The command that runs {@code command} inside site {@code i}'s namespace (the same process: ip execs it). */
    List<String> inside(int i, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of(IP.toString(), "netns", "exec", namespaces.get(i)));
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public String toString() {
        return "as two hosts in network namespaces of their own (" + host(0) + ", " + host(1) + ")";
    }

    @Override
    public void close() {
        for (String ns : namespaces) {
            quietly("netns", "del", ns); // its end of the veth pair goes with it, and so the pair
        }
        quietly("link", "del", bridge);
    }

    private static void quietly(String... args) {
        try {
            ip(args);
        } catch (IOException alreadyGone) {
            // a step that failed half-way left less to remove
        }
    }

    private static void ip(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(IP.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String said = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": " + said);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
