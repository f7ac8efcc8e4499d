package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.crypto.KeystorePassword;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail-safe defaults of the night: no database of its own unless asked (--embedded); no default keystore and no
 * default password (the public development password opened the
 * real keys when ONECARD_KEYSTORE_PASSWORD was unset): without them it refuses in one line and touches nothing.
 */
class FailSafeDefaultsTest {
    @TempDir
    Path dir;

    record Refusal(int exit, String out, String err) {
    }

    @Test
    void clearRefusesWithoutAKeystoreOrItsPassword() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path outbox = dir.resolve("outbox");
        Path empty = Files.writeString(dir.resolve("empty-password"), "\n");
        String[] night = {"--date", "2026-11-23", "--inbox", inbox.toString(), "--outbox", outbox.toString()};

        Refusal noKeystore = clear(Map.of(), night);
        assertThat(noKeystore.exit()).isEqualTo(Cli.USAGE);
        assertThat(noKeystore.err()).isEqualTo("onecard: clear: --keystore FILE (the cities' TAC master keys) is "
                + "required\n");

        String[] withKeys = concat(night, "--keystore", dir.resolve("keys.p12").toString());
        for (Refusal r : new Refusal[] {clear(Map.of(KeystorePassword.ENV, ""), withKeys),
            clear(Map.of(), concat(withKeys, "--password-file", empty.toString()))}) {
            assertThat(r.exit()).isEqualTo(Cli.USAGE);
            assertThat(r.err()).isEqualTo("onecard: clear: no keystore password: set ONECARD_KEYSTORE_PASSWORD or "
                    + "give --password-file FILE (only ./onecard demo and the tests use a development password)\n");
            assertThat(r.out()).isEmpty();
        }
        Refusal unreadable = clear(Map.of(), concat(withKeys, "--password-file", dir.resolve("nowhere").toString()));
        assertThat(unreadable.exit()).isEqualTo(Cli.USAGE);
        assertThat(unreadable.err()).startsWith("onecard: clear: cannot read the password file ");
        assertThat(outbox).as("nothing cleared, nothing written").doesNotExist();
    }

    /**
     * With no database configured and no --embedded, the night refuses to start instead of clearing into a database
     * of its own under ./data that no one reads (the README's production crontab set no ONECARD_DB_URL).
     */
    @Test
    void clearWithoutADatabaseOrEmbeddedRefusesAndStartsNoServer() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Refusal status = clear(Map.of(cn.yrd.onecard.database.OneCardDatabase.DATA_DIR, data.toString()), "status");
        assertThat(status.exit()).isEqualTo(Cli.USAGE);
        assertThat(status.err()).isEqualTo("onecard: clear: no database: set ONECARD_DB_URL (with ONECARD_DB_USER and "
                + "ONECARD_DB_PASSWORD), or give --embedded for a development MariaDB under " + data + "\n");
        assertThat(data).as("no embedded server started").isEmptyDirectory();
    }

    private static String[] concat(String[] a, String... more) {
        String[] all = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, all, a.length, more.length);
        return all;
    }

    private static Refusal clear(Map<String, Object> props, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            ClearingCommand command = new ClearingCommand(new PrintStream(out, true, StandardCharsets.UTF_8), props);
            int exit = Cli.run(() -> command.run(args));
            return new Refusal(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(stderr);
        }
    }
}
