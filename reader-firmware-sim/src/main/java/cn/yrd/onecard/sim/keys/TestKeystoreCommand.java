package cn.yrd.onecard.sim.keys;

import cn.yrd.onecard.cli.HelpOption;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.KeystorePassword;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./onecard sim keystore --out FILE}: a PKCS#12 keystore of fresh random master keys for the 16
 * cities, for development, tests and demos. Real keys come from each city's key ceremony, never from here.
 */
@Command(name = "sim keystore", description = "A PKCS#12 keystore of test master keys for the 16 cities.")
public final class TestKeystoreCommand implements Callable<Integer> {
    /** Where the keystore password comes from; test keystores fall back to {@link #TEST_PASSWORD}. */
    public static final String PASSWORD_ENV = KeystorePassword.ENV;
    /** The password of the keystores the simulator, the demo and the tests generate: public, never a production one. */
    public static final String TEST_PASSWORD = "onecard-test";

    @Mixin
    HelpOption help;
    @Option(names = "--out", paramLabel = "FILE", description = "the keystore to write")
    Path out;
    @Option(names = "--purposes", defaultValue = "all", paramLabel = "LIST",
            description = "the keys' purposes, separated by commas (default: all of them)")
    String purposeList;
    @Option(names = "--force", description = "replace the keys of an existing FILE")
    boolean force;

    private final Function<String, String> env;

    private TestKeystoreCommand(Function<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        Cli.exit(() -> run(args, System::getenv));
    }

    static int run(String[] args, Function<String, String> env) throws Exception {
        return Cli.execute(new TestKeystoreCommand(env), args);
    }

    @Override
    public Integer call() throws Exception {
        if (out == null) {
            throw new UsageException("sim keystore: --out FILE is required");
        }
        EnumSet<KeyPurpose> purposes = purposeList.equals("all") ? EnumSet.allOf(KeyPurpose.class)
                : EnumSet.noneOf(KeyPurpose.class);
        for (String p : purposeList.equals("all") ? new String[0] : purposeList.split(",")) {
            try {
                purposes.add(KeyPurpose.valueOf(p.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("sim keystore: unknown key purpose '" + p.strip() + "' ("
                        + String.join(", ", java.util.Arrays.stream(KeyPurpose.values())
                                .map(k -> k.name().toLowerCase(Locale.ROOT)).toList()) + ")");
            }
        }
        if (Files.exists(out) && !force) {
            throw new UsageException("sim keystore: " + out + " exists; add --force to replace its keys");
        }
        String password = env.apply(PASSWORD_ENV);
        boolean testPassword = password == null || password.isEmpty();
        CityKeyStore.generate(out, (testPassword ? TEST_PASSWORD : password).toCharArray(), purposes,
                new SecureRandom());
        System.out.printf("wrote %s: %d test master keys (%s for each of the 16 cities)%n", out,
                16 * purposes.size(), String.join(",", purposes.stream().map(k -> k.name().toLowerCase(Locale.ROOT))
                        .toList()));
        System.out.println(testPassword
                ? "password: the development default '" + TEST_PASSWORD + "' (set " + PASSWORD_ENV + " to choose one)"
                : "password: from " + PASSWORD_ENV);
        return Cli.OK;
    }
}
