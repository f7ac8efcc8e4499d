package cn.yrd.onecard.bench;

import cn.yrd.onecard.database.OneCardDatabase;
import java.nio.file.Path;

/** Where a benchmark's embedded MariaDB writes its own log (logback.xml sends it there), to say so once. */
final class ServerLog {
    private ServerLog() {
    }

    /** {@code mariadb-server.log} beside the embedded server's data ({@code ONECARD_DATA_DIR}, default ./data). */
    static Path path() {
        return OneCardDatabase.dataDir(System::getenv).resolve("mariadb-server.log");
    }

    /** The line a benchmark prints when it runs on the embedded server. */
    static String line() {
        return "the embedded MariaDB's own log: " + path();
    }
}
