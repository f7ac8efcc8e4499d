package cn.yrd.onecard.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CityKeyStoreTest {
    private static final char[] PASSWORD = "test-only".toCharArray();

    @TempDir
    Path dir;

    @Test
    void generatedKeystoreHoldsDistinctKeysForEveryCityAndPurposeAndReloads() throws IOException {
        Path file = dir.resolve("keys.p12");
        CityKeyStore generated = CityKeyStore.generate(file, PASSWORD, EnumSet.allOf(KeyPurpose.class),
                new SecureRandom());
        CityKeyStore loaded = CityKeyStore.load(file, PASSWORD);

        Set<String> distinct = new HashSet<>();
        for (City city : Cities.all()) {
            for (KeyPurpose purpose : KeyPurpose.values()) {
                byte[] key = loaded.key(purpose, city);
                assertThat(key).hasSize(16).isEqualTo(generated.key(purpose, city));
                distinct.add(Hex.encodeHexString(key));
            }
        }
        assertThat(distinct).hasSize(16 * KeyPurpose.values().length);
    }

    /**
     * PKCS#12 keeps each entry's PBKDF2 parameters in the clear (RFC 8018: salt, iteration count, key length): a
     * generated keystore's 64 entries each say 1,000 rounds and a 32-byte key, and still read back above.
     */
    @Test
    void generatedEntriesAreProtectedWithTheStatedRounds() throws IOException {
        Path file = dir.resolve("keys.p12");
        CityKeyStore.generate(file, PASSWORD, EnumSet.allOf(KeyPurpose.class), new SecureRandom());
        String der = Hex.encodeHexString(Files.readAllBytes(file));
        String rounds = String.format("0202%04x", CityKeyStore.GENERATED_ENTRY_ITERATIONS) + "020120";

        assertThat(der.split(rounds, -1)).hasSize(16 * KeyPurpose.values().length + 1);
    }

    @Test
    void missingKeysAndWrongPasswordsAreNamed() throws IOException {
        Path file = dir.resolve("clearing.p12");
        CityKeyStore.generate(file, PASSWORD, EnumSet.of(KeyPurpose.TAC), new SecureRandom());
        CityKeyStore store = CityKeyStore.load(file, PASSWORD);

        assertThatThrownBy(() -> store.key(KeyPurpose.LOAD, Cities.byCode("3302")))
                .hasMessageContaining("has no key 'load-3302' (load key of Ningbo (3302))");
        assertThatThrownBy(() -> CityKeyStore.load(file, "wrong".toCharArray()))
                .isInstanceOf(IOException.class).hasMessageContaining("wrong password");
        assertThatThrownBy(() -> CityKeyStore.load(dir.resolve("none.p12"), PASSWORD))
                .hasMessageContaining("does not exist");
        assertThat(store.toString()).doesNotContain(new String(PASSWORD));
        assertThat(Files.list(dir)).as("no temp files left").hasSize(1);
    }
}
