package cn.yrd.onecard.database;

import cn.yrd.onecard.database.DatabaseConnection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a service's schema lives, as the server's own client tools take it: host, port, schema, user, password. */
public record ServerAddress(String host, int port, String schema, String user, String password) {
    private static final Pattern URL = Pattern.compile("jdbc:(?:mysql|mariadb)://([^/:?]+)(?::([0-9]+))?/([^?]+).*");

    public static ServerAddress of(DatabaseConnection c) {
        Matcher m = URL.matcher(c.url());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a MySQL/MariaDB URL with a schema: " + c.url().replaceAll("\\?.*",
                    ""));
        }
        return new ServerAddress(m.group(1), m.group(2) == null ? 3306 : Integer.parseInt(m.group(2)), m.group(3),
                c.user(), c.password());
    }

    /** The arguments of a client tool ({@code mariadb}, {@code mariadb-dump}) for this server; the password goes by
     *  the environment ({@code MYSQL_PWD}), never on a command line another user's {@code ps} shows. */
    public java.util.List<String> clientArguments() {
        return java.util.List.of("--host=" + host, "--port=" + port, "--user=" + user, "--protocol=TCP");
    }

    @Override
    public String toString() {
        return host + ":" + port + "/" + schema + " as " + user;
    }
}
