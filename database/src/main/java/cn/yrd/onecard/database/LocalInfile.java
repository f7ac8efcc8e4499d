package cn.yrd.onecard.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows written to a temporary tab-separated file and sent to the server with {@code LOAD DATA LOCAL INFILE}, on the
 * caller's transaction: one statement for any number of rows, which the server parses far faster than INSERTs. The
 * connection must allow it (the clearing's do: {@code allowLoadLocalInfile}). A file, not a stream handed to the driver
 * ({@code setLocalInfileInputStream}): such a stream stayed with the pooled connection, and the next LOAD DATA on it read
 * the spent stream and loaded nothing.
 */
public final class LocalInfile {
    private LocalInfile() {
    }

    /**
     * Loads {@code tsv} (UTF-8, a row a line, values tab-separated, {@code \N} for NULL, none holding a tab, line feed
     * or backslash) as {@code into} says ({@code [REPLACE] INTO TABLE t}), into {@code columns}, then deletes the file,
     * loaded or not.
     */
    public static void loadAndDelete(JdbcTemplate jdbc, Path tsv, String into, String columns) {
        try {
            jdbc.execute("LOAD DATA LOCAL INFILE '" + tsv.toAbsolutePath() + "' " + into + " CHARACTER SET utf8mb4 "
                    + "FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n' (" + columns + ")");
        } finally {
            discard(tsv);
        }
    }

    /** Deletes a rows file that will not be loaded (its writing failed). */
    public static void discard(Path tsv) {
        try {
            Files.deleteIfExists(tsv);
        } catch (IOException ignored) {
            // a temporary file left behind is harmless
        }
    }
}
