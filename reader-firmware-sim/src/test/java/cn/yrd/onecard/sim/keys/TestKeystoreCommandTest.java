package cn.yrd.onecard.sim.keys;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestKeystoreCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAKeystoreOfEveryCitysMasterKeysUnderTheGivenPassword() throws Exception {
        Path file = dir.resolve("keys/cities.p12");
        int code = Cli.run(() -> TestKeystoreCommand.run(new String[] {"--out", file.toString()},
                Map.of(TestKeystoreCommand.PASSWORD_ENV, "from-env")::get));
        assertThat(code).isZero();
        CityKeyStore store = CityKeyStore.load(file, "from-env".toCharArray());
        for (var city : Cities.all()) {
            for (KeyPurpose p : KeyPurpose.values()) {
                assertThat(store.key(p, city)).hasSize(16);
            }
        }
    }

    @Test
    void refusesToOverwriteKeysAndNamesBadArguments() throws Exception {
        Path file = dir.resolve("cities.p12");
        Files.writeString(file, "precious");
        assertThat(stderrOf(new String[] {"--out", file.toString()}))
                .isEqualTo("onecard: sim keystore: " + file + " exists; add --force to replace its keys\n");
        assertThat(Files.readString(file)).isEqualTo("precious");

        assertThat(stderrOf(new String[] {"--out", file.toString(), "--purposes", "tac,gate", "--force"}))
                .isEqualTo("onecard: sim keystore: unknown key purpose 'gate' (purchase, load, tac, maintenance, medical_authorisation, pension_authorisation, pin_reload)\n");
        assertThat(stderrOf(new String[] {"--outt", "x"})).isEqualTo("onecard: sim keystore: Unknown options: '--outt', 'x'\n");
        assertThat(stderrOf(new String[] {})).isEqualTo("onecard: sim keystore: --out FILE is required\n");
    }

    @Test
    void withoutAPasswordTheDevelopmentDefaultIsUsedAndSaid() throws Exception {
        Path file = dir.resolve("dev.p12");
        int code = Cli.run(() -> TestKeystoreCommand.run(new String[] {"--out", file.toString(), "--purposes", "tac"},
                Map.<String, String>of()::get));
        assertThat(code).isZero();
        assertThat(CityKeyStore.load(file, TestKeystoreCommand.TEST_PASSWORD.toCharArray())
                .key(KeyPurpose.TAC, Cities.byCode("3205"))).hasSize(16);
    }

    private static String stderrOf(String[] args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            int code = Cli.run(() -> TestKeystoreCommand.run(args, Map.<String, String>of()::get));
            assertThat(code).isEqualTo(Cli.USAGE);
        } finally {
            System.setErr(old);
        }
        return err.toString();
    }
}
