package cn.yrd.onecard.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides where a service's schema lives. Each service has its own schema, {@code <prefix>_<service>}
 * (e.g. {@code onecard_clearing}), created on first use:
 * <ol>
 *   <li>on the server of {@code ONECARD_DB_URL} (the database named in that URL, default {@code onecard},
 *       is the prefix), as {@code ONECARD_DB_USER} / {@code ONECARD_DB_PASSWORD};</li>
 *   <li>otherwise, when asked for ({@code --embedded}, {@code ONECARD_DB_EMBEDDED=true}), on an embedded MariaDB
 *       whose data lives under {@code ONECARD_DATA_DIR} (default {@code ./data}), so a newcomer's first command
 *       works on a bare machine; unasked, the command refuses to start.</li>
 * </ol>
 */
public final class OneCardDatabase {
    public static final String URL = "ONECARD_DB_URL";
    public static final String USER = "ONECARD_DB_USER";
    public static final String PASSWORD = "ONECARD_DB_PASSWORD";
    public static final String DATA_DIR = "ONECARD_DATA_DIR";
    /** {@code true} allows the embedded server where no server is configured: development only, never silent. */
    public static final String EMBEDDED = "ONECARD_DB_EMBEDDED";
    static final String DEFAULT_PREFIX = "onecard";

    /** Connector/J settings every service wants; the caller's own parameters win. */
    private static final String[] DEFAULT_PARAMETERS = {
        "createDatabaseIfNotExist=true",
        "characterEncoding=UTF-8",
        // Batched inserts become multi-row INSERTs: one round trip per batch.
        "rewriteBatchedStatements=true",
        // No allowLoadLocalInfile here: a connection that may read the client's files is the clearing's alone (its
        // loader streams day files with LOAD DATA LOCAL INFILE); the web-facing settlement never has one.
        // Amounts and times are stored as given; the server's zone must not shift business dates.
        "connectionTimeZone=LOCAL",
        // Lookups at API rates: statements parsed once per connection, and no round trip to ask the server for
        // autocommit or isolation state the driver already knows (the pool asks at every checkout). Long statements
        // too: the driver's default caches none over 256 characters, which left the balance lookup (a join, ~400)
        // parsed afresh at every request, a tenth of the API's CPU.
        "cachePrepStmts=true",
        "prepStmtCacheSqlLimit=8192",
        "prepStmtCacheSize=256",
        "useLocalSessionState=true",
        "maintainTimeStats=false",
    };
    private static final Pattern MYSQL_URL = Pattern.compile("(jdbc:(?:mysql|mariadb)://[^/?]+)/?([^?]*)(\\?.*)?");

    private OneCardDatabase() {
    }

    /**
     * The connection for {@code service}'s schema, from the environment as described above. The embedded server is
     * started only when {@link #EMBEDDED} says so (a command's {@code --embedded}, the demo's children): a service
     * that silently ran on a database of its own under ./data, when the production crontab forgot ONECARD_DB_URL,
     * would clear into a schema no one reads.
     */
    public static DatabaseConnection resolve(String service, Function<String, String> env) {
        String url = env.apply(URL);
        if (url != null && !url.isBlank()) {
            String user = env.apply(USER);
            String password = env.apply(PASSWORD);
            return new DatabaseConnection(serviceUrl(url, service), user == null ? "root" : user,
                    password == null ? "" : password);
        }
        requireServerOrEmbedded(env);
        try {
            EmbeddedMariaDb db = EmbeddedMariaDb.shared(dataDir(env));
            return new DatabaseConnection(serviceUrl(db.serverUrl(), service), db.user(), db.password());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded MariaDB: " + e.getMessage(), e);
        }
    }

    /**
     * Why a command given {@code given} properties would have no database (neither a server, nor the embedded one asked
     * for, nor a data source of its own), read as Spring will: its properties, then the JVM's system properties (a warm
     * host's), then the environment. Said before the command starts Spring, which would bury it in a bean's failure.
     */
    public static java.util.Optional<String> missing(java.util.Map<String, ?> given) {
        if (given.containsKey("spring.datasource.url")) {
            return java.util.Optional.empty();
        }
        try {
            requireServerOrEmbedded(k -> given.containsKey(k) ? String.valueOf(given.get(k))
                    : System.getProperty(k, System.getenv(k)));
            return java.util.Optional.empty();
        } catch (IllegalStateException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** Refuses, saying how to choose, when {@code env} names no server and does not ask for the embedded one. */
    public static void requireServerOrEmbedded(Function<String, String> env) {
        String url = env.apply(URL);
        if ((url == null || url.isBlank()) && !"true".equals(env.apply(EMBEDDED))) {
            throw new IllegalStateException("no database: set " + URL + " (with " + USER + " and " + PASSWORD
                    + "), or give --embedded for a development MariaDB under " + dataDir(env));
        }
    }

    public static Path dataDir(Function<String, String> env) {
        String dir = env.apply(DATA_DIR);
        return Path.of(dir == null || dir.isBlank() ? "data" : dir).toAbsolutePath();
    }

    /**
     * {@code url} pointed at the schema {@code <database in url or "onecard">_<service>}, with the default
     * parameters added where the URL does not set them.
     */
    public static String serviceUrl(String url, String service) {
        Matcher m = MYSQL_URL.matcher(url.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(URL + " must look like jdbc:mysql://host:3306/[prefix], got '"
                    + url.replaceAll("password=[^&]*", "password=***") + "'");
        }
        if (!service.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("service name must be lower-case letters, digits and _: " + service);
        }
        String prefix = m.group(2).isEmpty() ? DEFAULT_PREFIX : m.group(2);
        String query = m.group(3) == null ? "" : m.group(3).substring(1);
        StringBuilder params = new StringBuilder(query);
        for (String p : DEFAULT_PARAMETERS) {
            String name = p.substring(0, p.indexOf('=') + 1);
            if (!("&" + query).contains("&" + name)) {
                params.append(params.length() == 0 ? "" : "&").append(p);
            }
        }
        return m.group(1) + "/" + prefix + "_" + service + "?" + params;
    }

    /**
     * Closes the pooled connections of a service's context that an earlier command used (each in use when it is
     * handed back), so a warm service starts each command on new connections as a fresh one would: a database cut
     * after the earlier command's last statement leaves connections that the pool hands out before it notices.
     */
    public static void renewConnections(org.springframework.context.ApplicationContext service) {
        service.getBeanProvider(com.zaxxer.hikari.HikariDataSource.class).ifAvailable(pool -> {
            if (pool.getHikariPoolMXBean() != null) {
                pool.getHikariPoolMXBean().softEvictConnections();
            }
        });
    }
}
