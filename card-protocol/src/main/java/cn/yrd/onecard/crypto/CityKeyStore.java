package cn.yrd.onecard.crypto;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cities' 16-byte master keys in a PKCS#12 keystore, one entry per (purpose, city). Keys are read
 * out only as byte arrays handed to the crypto classes; this class prints none of them.
 */
public final class CityKeyStore {
    /** The JCA name the entries are stored under: PKCS#12 needs one it knows for a 16-byte secret. */
    private static final String ENTRY_ALGORITHM = "DESede";
    /** How a generated keystore protects each entry: the JDK's default scheme (PKCS#12 PBES2 with AES-256). */
    private static final String ENTRY_PROTECTION = "PBEWithHmacSHA256AndAES_256";
    /**
     * The PBKDF2 rounds of a generated keystore's entries. The JDK's default, 10,000, makes a guessed password cost
     * an attacker more; a generated keystore holds random test keys (often under the published development
     * password), while every command that clears or settles a test day pays the rounds for each of the 16 keys it
     * reads. On the seed sweep's quick-compiler JVMs 10,000 rounds were 40% of all CPU (JFR, 24 days). A city's
     * production keystore comes from its key ceremony, with its own tools' defaults.
     */
    static final int GENERATED_ENTRY_ITERATIONS = 1_000;

    private final Path file;
    private final KeyStore store;
    private final char[] password;
    /** Entries already decrypted: PKCS#12 runs a deliberately slow key derivation (~2 ms) per read. */
    private final Map<String, byte[]> decrypted = new ConcurrentHashMap<>();

    private CityKeyStore(Path file, KeyStore store, char[] password) {
        this.file = file;
        this.store = store;
        this.password = password.clone();
    }

    public static CityKeyStore load(Path file, char[] password) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("keystore " + file + " does not exist");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return new CityKeyStore(file, ks, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("keystore " + file + " cannot be opened: " + e.getClass().getSimpleName(), e);
        } catch (IOException e) {
            // A wrong password surfaces as an IOException whose cause names it.
            throw new IOException("keystore " + file + " cannot be read (wrong password or not PKCS#12)", e);
        }
    }

    /**
     * Writes a test keystore with fresh random keys of {@code purposes} for all 16 cities. For development
     * and demos only: production keys come from each city's key ceremony.
     */
    public static CityKeyStore generate(Path file, char[] password, Collection<KeyPurpose> purposes,
            SecureRandom random) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, password);
            for (City city : Cities.all()) {
                for (KeyPurpose purpose : purposes) {
                    byte[] key = new byte[16];
                    random.nextBytes(key);
                    ks.setEntry(purpose.alias(city), new KeyStore.SecretKeyEntry(
                            new SecretKeySpec(key, ENTRY_ALGORITHM)), generatedProtection(password, random));
                }
            }
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, password);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new CityKeyStore(file, ks, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot create keystore " + file + ": " + e.getMessage(), e);
        }
    }

    /** An entry's own salt and IV, at {@link #GENERATED_ENTRY_ITERATIONS} rounds. */
    private static KeyStore.ProtectionParameter generatedProtection(char[] password, SecureRandom random) {
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        return new KeyStore.PasswordProtection(password, ENTRY_PROTECTION,
                new PBEParameterSpec(salt, GENERATED_ENTRY_ITERATIONS, new IvParameterSpec(iv)));
    }

    /** The master key of {@code purpose} for {@code city}, or an error naming the missing alias. */
    public byte[] key(KeyPurpose purpose, City city) {
        return key(purpose.alias(city), " (" + purpose.name().toLowerCase() + " key of " + city + ")");
    }

    /** The 16-byte key stored under {@code alias}. */
    public byte[] keyByAlias(String alias) {
        return key(alias, "");
    }

    private byte[] key(String alias, String what) {
        byte[] cached = decrypted.get(alias);
        if (cached != null) {
            return cached.clone();
        }
        byte[] bytes = read(alias, what);
        decrypted.put(alias, bytes);
        return bytes.clone();
    }

    private byte[] read(String alias, String what) {
        try {
            Key key = store.getKey(alias, password);
            if (key == null) {
                throw new IllegalArgumentException("keystore " + file + " has no key '" + alias + "'" + what);
            }
            byte[] bytes = key.getEncoded();
            if (bytes.length != 16) {
                throw new IllegalArgumentException("key '" + alias + "' in " + file + " is " + bytes.length
                        + " bytes, not 16");
            }
            return bytes;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("key '" + alias + "' in " + file + " cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }

    /** All cities' keys of one purpose, as the crypto classes take them. */
    public Function<City, byte[]> keys(KeyPurpose purpose) {
        return city -> key(purpose, city);
    }

    @Override
    public String toString() {
        return "CityKeyStore[" + file + "]";
    }
}
