package cn.yrd.onecard.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * The MySQL-compatible server every test that needs one uses: the server of {@code ONECARD_TEST_DB_URL}
 * (CI points it at the local MariaDB) or, when that is unset, an embedded MariaDB started once per test
 * JVM under {@code target/data}. Each service's tests get their own schema, {@code onecard_test_<service>},
 * dropped and created afresh the first time a run asks for it; a Spring test names its schema with
 * {@link ServiceTest}.
 */
public final class TestDatabase {
    public static final String URL = "ONECARD_TEST_DB_URL";
    private static final Set<String> FRESH = new HashSet<>();

    private TestDatabase() {
    }

    /** A clean schema for {@code service}'s tests. */
    public static synchronized DatabaseConnection forService(String service) {
        DatabaseConnection server = server();
        String url = OneCardDatabase.serviceUrl(server.url(), "test_" + service);
        if (FRESH.add(service)) {
            String schema = "onecard_test_" + service;
            try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password());
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + schema);
                s.execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot prepare test schema " + schema + " on " + server + ": "
                        + e.getMessage(), e);
            }
        }
        return new DatabaseConnection(url, server.user(), server.password());
    }

    /** The server itself, with no schema selected. */
    public static DatabaseConnection server() {
        String url = System.getenv(URL);
        if (url != null && !url.isBlank()) {
            String user = System.getenv("ONECARD_TEST_DB_USER");
            String password = System.getenv("ONECARD_TEST_DB_PASSWORD");
            String base = url.replaceFirst("(jdbc:(?:mysql|mariadb)://[^/?]+).*", "$1/");
            return new DatabaseConnection(base, user == null ? "onecard" : user, password == null ? "onecard" : password);
        }
        try {
            EmbeddedMariaDb db = EmbeddedMariaDb.shared(OneCardDatabase.dataDir(System::getenv));
            return new DatabaseConnection(db.serverUrl(), db.user(), db.password());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where an embedded server of the test run keeps its data. */
    public static Path dataDir() {
        return OneCardDatabase.dataDir(System::getenv);
    }
}
