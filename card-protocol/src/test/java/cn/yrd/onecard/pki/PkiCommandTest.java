package cn.yrd.onecard.pki;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.crypto.KeystorePassword;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import cn.yrd.onecard.registry.TerminalRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./onecard pki} as an operator uses it: exit codes, one-line refusals, and files another tool reads. */
class PkiCommandTest {
    @TempDir
    Path dir;

    @Test
    void aRegionIsSetUpAndAKioskOfOneCityIsGoodInAnotherUntilRevoked() throws Exception {
        for (String[] step : new String[][] {{"init-bridge"}, {"init-city", "--city", "3100"},
            {"init-city", "--city", "3301"}, {"cross-certify", "--city", "3100"}, {"cross-certify", "--city", "3301"},
            {"issue", "--city", "3301", "--role", "kiosk", "--name", "kiosk-1"}, {"crl", "--issuer", "bridge"},
            {"crl", "--issuer", "3100"}, {"crl", "--issuer", "3301"}}) {
            assertThat(pki(step).exit()).as(String.join(" ", step)).isZero();
        }
        String kiosk = dir.resolve("pki/issued/3301/kiosk-1.crt").toString();

        Run good = pki("verify", kiosk, "--as", "3100", "--city", "3301", "--role", "kiosk");
        assertThat(good.exit()).isZero();
        assertThat(good.out()).contains("good for Shanghai (3100): CN=kiosk-1,OU=kiosk,L=3301");
        assertThat(openssl("verify", "-CAfile", dir.resolve("pki/cities/3100.crt").toString(), "-untrusted",
                crossCertificates().toString(), kiosk)).as("OpenSSL finds the same path").endsWith(": OK");

        Path dayFile = Files.writeString(dir.resolve("KIOSK3301-20261203-1.txt"), "H|TRANSIT|1|KIOSK3301|3301\n");
        assertThat(pki("sign", dayFile.toString(), "--key", dir.resolve("pki/issued/3301/kiosk-1.p12").toString())
                .exit()).isZero();
        Run signed = pki("verify", dayFile.toString(), "--as", "3100", "--city", "3301");
        assertThat(signed.exit()).as(signed.out()).isZero();
        assertThat(signed.out()).contains("good for Shanghai (3100), signed by CN=kiosk-1,OU=kiosk,L=3301");
        Path centre = Files.writeString(dir.resolve("centre.pem"), Files.readString(dir.resolve("pki/bridge.crt"))
                + Files.readString(dir.resolve("pki/cross/3301-by-bridge.crt")));
        assertThat(openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", dayFile + ".p7s", "-content",
                dayFile.toString(), "-CAfile", centre.toString(), "-purpose", "any", "-out", "/dev/null"))
                .as("OpenSSL checks the signature as docs/formats.md says").contains("Verification successful");
        Run atCentre = pki(Map.of(KeystorePassword.ENV, ""), "verify", dayFile.toString(), "--as", "centre");
        assertThat(atCentre.exit()).as("a relying party needs no keystore password: " + atCentre.err()).isZero();
        assertThat(atCentre.out()).contains("good for the centre, signed by CN=kiosk-1,OU=kiosk,L=3301,O=YRD One-Card,"
                + "C=CN <- CN=City CA 3301");
        Files.writeString(dayFile, "H|TRANSIT|1|KIOSK3301|3302\n");
        Run tampered = pki("verify", dayFile.toString(), "--as", "3100");
        assertThat(tampered.exit()).isEqualTo(Cli.FAILED);
        assertThat(tampered.out()).contains("refused: tampered: the signature by CN=kiosk-1");

        String serial = pki("show", kiosk).out().lines().filter(l -> l.startsWith("serial")).findFirst().orElseThrow()
                .substring("serial".length()).strip();
        assertThat(pki("revoke", "--issuer", "3301", "--serial", serial).exit()).isZero();
        assertThat(pki("crl", "--issuer", "3301").exit()).isZero();
        Run revoked = pki("verify", kiosk, "--as", "3100");
        assertThat(revoked.exit()).isEqualTo(Cli.FAILED);
        assertThat(revoked.out()).contains("refused: revoked: CN=kiosk-1");

        assertThat(pki("issue", "--city", "centre", "--role", "service", "--name", "settlement", "--host",
                "settlement.yrd.example", "--host", "127.0.0.1").exit()).isZero();
        assertThat(openssl("x509", "-in", dir.resolve("pki/issued/centre/settlement.crt").toString(), "-noout", "-ext",
                "subjectAltName")).as("the names a browser checks").contains("DNS:settlement.yrd.example, "
                        + "IP Address:127.0.0.1");
    }

    @Test
    void badInputIsOneLineExitTwoAndWritesNothing() throws Exception {
        assertThat(pki("init-bridge").exit()).isZero();
        List<String> before = files();
        for (String[] bad : new String[][] {{"init-bridge"}, {"init-city", "--city", "9999"},
            {"issue", "--city", "3100", "--role", "kiosk", "--name", "k"}, // no CA of Shanghai yet
            {"issue", "--city", "3100", "--role", "cashier", "--name", "k"}, {"revoke", "--issuer", "3100",
                "--serial", "not-hex"}, {"crl", "--issuer", "3100", "--days", "0"}, {"verify", "none.crt", "--as",
                "3100"}, {"issue", "--city", "centre", "--role", "kiosk", "--name", "k"},
            {"issue", "--city", "centre", "--role", "service", "--name", "s", "--host", "the centre"},
            {"issue", "--city", "3100", "--role", "kiosk", "--name", "k", "--host", "kiosk.example"}}) {
            Run r = pki(bad);
            assertThat(r.exit()).as(String.join(" ", bad)).isEqualTo(Cli.USAGE);
            assertThat(r.err().lines()).as(r.err()).hasSize(1).first().asString().startsWith("onecard: pki ");
        }
        assertThat(files()).isEqualTo(before);
        assertThat(pki(Map.of(KeystorePassword.ENV, ""), "init-city", "--city", "3100").err())
                .as("no development password to fall back to").startsWith("onecard: pki init-city: no keystore "
                        + "password: set ONECARD_KEYSTORE_PASSWORD or give --password-file FILE");
    }

    /**
     * A city certifies its registered terminals in bulk from the centre's registry: each from the public key the
     * terminal made (its certificate names its terminal number), its kiosks with keys made here; a key missing
     * issues nothing, and a second run issues only what the first did not.
     */
    @Test
    void aCityCertifiesItsRegisteredTerminalsFromTheRegistry() throws Exception {
        for (String[] step : new String[][] {{"init-bridge"}, {"init-city", "--city", "3205"},
            {"cross-certify", "--city", "3205"}}) {
            assertThat(pki(step).exit()).as(String.join(" ", step)).isZero();
        }
        City suzhou = Cities.byCode("3205");
        Path registry = Files.writeString(dir.resolve("terminals.txt"), TerminalRegistry.text(List.of(
                new TerminalRegistry.Terminal("000000032051", suzhou, "0000000000000B51", "BUS3205"),
                new TerminalRegistry.Terminal("000000032052", suzhou, "0000000000000B51", "BUS3205"),
                new TerminalRegistry.Terminal("000000003205", suzhou, "0000000000003205", "KIOSK3205"),
                new TerminalRegistry.Terminal("000000031001", Cities.byCode("3100"), "0000000000000B52", "BUS3100"))));
        Path keys = Files.createDirectories(dir.resolve("keys"));
        KeyPair first = Profile.ECDSA.keyPair(new SecureRandom());
        Files.writeString(keys.resolve("000000032051.pub"), pem(first.getPublic()));
        String[] buses = {"issue-registered", "--city", "3205", "--registry", registry.toString(), "--sender",
            "BUS3205", "--keys", keys.toString()};
        List<String> before = files();

        Run missing = pki(buses);
        assertThat(missing.exit()).isEqualTo(Cli.USAGE);
        assertThat(missing.err()).isEqualTo("onecard: pki issue-registered: no public key of terminal 000000032052: "
                + keys.resolve("000000032052.pub") + " is missing\n");
        assertThat(files()).as("nothing issued").isEqualTo(before);

        Files.writeString(keys.resolve("000000032052.pub"), pem(Profile.ECDSA.keyPair(new SecureRandom()).getPublic()));
        Run issued = pki(buses);
        assertThat(issued.out()).startsWith("2 terminal certificates issued for Suzhou (3205)'s registered terminals "
                + "(0 already had one) in ");
        X509Certificate cert = RegionalPki.read(dir.resolve("pki/issued/3205/000000032051.crt"));
        assertThat(cert.getSubjectX500Principal().getName()).startsWith("CN=000000032051,OU=terminal,L=3205");
        assertThat(cert.getPublicKey()).as("the terminal's own key").isEqualTo(first.getPublic());
        assertThat(dir.resolve("pki/issued/3205/000000032051.p12")).as("its private key never left it").doesNotExist();
        assertThat(pki(buses).out()).startsWith("0 terminal certificates issued for Suzhou (3205)'s registered "
                + "terminals (2 already had one)");

        Run kiosks = pki("issue-registered", "--city", "3205", "--registry", registry.toString(), "--role", "kiosk",
                "--sender", "KIOSK3205");
        assertThat(kiosks.out()).startsWith("1 kiosk certificates issued");
        assertThat(dir.resolve("pki/issued/3205/000000003205.p12")).exists();
        assertThat(pki("issue-registered", "--city", "3201", "--registry", registry.toString()).err())
                .isEqualTo("onecard: pki issue-registered: the registry lists no terminal of Nanjing (3201)\n");
    }

    private static String pem(java.security.PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private record Run(int exit, String out, String err) {
    }

    private Run pki(String... args) throws Exception {
        return pki(Map.of(KeystorePassword.ENV, "test-only"), args);
    }

    private Run pki(Map<String, ?> properties, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dir", dir.resolve("pki").toString()));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = Cli.run(() -> Cli.execute(new PkiCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                    properties), all.toArray(String[]::new)));
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(stderr);
        }
    }

    private List<String> files() throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(Path::toString).sorted().toList();
        }
    }

    private Path crossCertificates() throws Exception {
        StringBuilder pem = new StringBuilder();
        try (Stream<Path> cross = Files.list(dir.resolve("pki/cross"))) {
            for (Path p : cross.sorted().toList()) {
                pem.append(Files.readString(p));
            }
        }
        return Files.writeString(dir.resolve("untrusted.pem"), pem);
    }

    private static String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return output;
    }
}
