package cn.yrd.onecard.crypto;

import cn.yrd.onecard.cli.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The password of a production keystore: from a password file named on the command line ({@code --password-file},
 * its first line), else from {@code ONECARD_KEYSTORE_PASSWORD}. There is no default: a production command without
 * one refuses to start, saying how to give it. Only the demo and the tests, which generate their own keystores, use
 * a development password (the simulator's, {@code TestKeystoreCommand.TEST_PASSWORD}), and they say so.
 */
public final class KeystorePassword {
    public static final String ENV = "ONECARD_KEYSTORE_PASSWORD";

    private KeystorePassword() {
    }

    /**
     * The password for {@code command}, from {@code passwordFile} (may be null), else from the command's {@code given}
     * properties (a test's), else from the JVM's system properties (a warm host's), else from the environment; never a
     * default.
     */
    public static String required(String command, String passwordFile, Map<String, ?> given) {
        String password;
        if (passwordFile != null) {
            try {
                password = Files.readAllLines(Path.of(passwordFile), StandardCharsets.UTF_8).stream().findFirst()
                        .orElse("");
            } catch (IOException e) {
                throw new UsageException(command + ": cannot read the password file " + passwordFile + " ("
                        + e.getClass().getSimpleName() + ")");
            } catch (UncheckedIOException e) {
                throw new UsageException(command + ": the password file " + passwordFile + " is not UTF-8 text");
            }
        } else {
            Object property = given.get(ENV);
            password = property != null ? property.toString() : System.getProperty(ENV, System.getenv(ENV));
        }
        if (password == null || password.isEmpty()) {
            throw new UsageException(command + ": no keystore password: set " + ENV + " or give --password-file FILE "
                    + "(only ./onecard demo and the tests use a development password)");
        }
        return password;
    }
}
