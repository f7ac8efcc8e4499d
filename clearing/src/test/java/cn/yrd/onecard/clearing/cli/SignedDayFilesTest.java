package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.KeystorePassword;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import cn.yrd.onecard.pki.Profile;
import cn.yrd.onecard.pki.RegionalPki;
import cn.yrd.onecard.pki.RelyingParty;
import cn.yrd.onecard.pki.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the regional PKI ({@code clear --pki DIR}) a day file is taken in only when signed, unchanged, by the sender
 * it names, through the bridge: each other case is quarantined whole, signature and all, with the line that names
 * what is wrong, and none of its records is cleared; the centre signs what it sends each city, and the city proves it.
 * Without the PKI, signatures beside the files are not day files.
 */
class SignedDayFilesTest {
    private static final List<City> CITIES = Cities.all();

    @TempDir
    Path dir;

    @Test
    void onlyAFileSignedByTheSenderItNamesIsTakenIn() throws Exception {
        Nights.Inbox night = Nights.prepare(dir, 8, 30); // ACQ00..ACQ07 of the first eight cities
        Path inbox = night.dir();
        // Under the password of the night's keystores, as the centre's own key is.
        RegionalPki pki = new RegionalPki(dir.resolve("pki"), System.getenv(KeystorePassword.ENV).toCharArray(),
                new SecureRandom());
        pki.initBridge(Profile.ECDSA);
        for (City city : CITIES.subList(0, 8)) {
            pki.initCity(city);
            pki.crossCertify(city);
        }
        for (int f = 0; f < 8; f++) {
            pki.issue(CITIES.get(f), Role.SENDER, sender(f), f == 5 ? 0 : 365); // ACQ05's expired when issued
        }
        pki.issue(CITIES.get(6), Role.SENDER, "ACQ99", 365); // of ACQ06's city, but another sender
        pki.issue(CITIES.get(7), Role.KIOSK, "kiosk-7", 365);
        X509Certificate revoked = RegionalPki.read(key(pki, 4, sender(4)).resolveSibling(sender(4) + ".crt"));

        pki.sign(file(inbox, 0), key(pki, 0, sender(0)));                  // good
        /* ACQ01's file is not signed */
        pki.sign(file(inbox, 2), key(pki, 2, sender(2)));
        byte[] bytes = Files.readAllBytes(file(inbox, 2));
        bytes[bytes.length / 2] ^= 1;                                      // a byte changed after signing
        Files.write(file(inbox, 2), bytes);
        pki.sign(file(inbox, 3), key(pki, 0, sender(0)));                  // another city's operator
        pki.sign(file(inbox, 4), key(pki, 4, sender(4)));
        pki.revoke(CITIES.get(4).code(), revoked.getSerialNumber());       // its signer revoked before the night
        pki.sign(file(inbox, 5), key(pki, 5, sender(5)));                  // by an expired certificate
        pki.sign(file(inbox, 6), key(pki, 6, "ACQ99"));                    // by another sender of the same city
        pki.sign(file(inbox, 7), key(pki, 7, "kiosk-7"));                  // by a kiosk of the same city
        pki.issueForCentre("clearing", 365); // the centre's own key, which signs what it sends the cities
        pki.crl(RegionalPki.BRIDGE, 7);
        for (City city : CITIES.subList(0, 8)) {
            pki.crl(city.code(), 7);
        }
        DatabaseConnection db = TestDatabase.forService("clearing_signed_files");

        Nights.Outcome first = Nights.clear(db, Nights.DAY, night, dir.resolve("outbox"), "--pki",
                dir.resolve("pki").toString(), "--sign-with", dir.resolve("pki/issued/centre/clearing.p12").toString());

        assertThat(first.exit()).as(first.out()).isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(first.out().lines().filter(l -> l.startsWith("  quarantined ")).map(l -> l.replaceFirst(
                " \\(kept as [^)]*\\)", "")).toList()).as(first.out()).containsExactlyInAnyOrder(
                "  quarantined ACQ01-1.txt: ACQ01-1.txt: signature refused: unsigned: no ACQ01-1.txt.p7s beside it",
                "  quarantined ACQ02-1.txt: ACQ02-1.txt: signature refused: tampered: the signature by CN=ACQ02,"
                        + "OU=sender,L=" + CITIES.get(2).code() + ",O=YRD One-Card,C=CN does not match the file's bytes "
                        + "(changed since, or the signature of another file)",
                "  quarantined ACQ03-1.txt: ACQ03-1.txt: signature refused: signer CN=ACQ00,OU=sender,L="
                        + CITIES.get(0).code() + ",O=YRD One-Card,C=CN: wrong city: the certificate is of "
                        + CITIES.get(0) + ", not of " + CITIES.get(3),
                "  quarantined ACQ04-1.txt: ACQ04-1.txt: signature refused: signer CN=ACQ04,OU=sender,L="
                        + CITIES.get(4).code() + ",O=YRD One-Card,C=CN: revoked: CN=ACQ04,OU=sender,L="
                        + CITIES.get(4).code() + ",O=YRD One-Card,C=CN (serial " + revoked.getSerialNumber()
                        .toString(16) + "), by CN=City CA " + CITIES.get(4).code() + ",L=" + CITIES.get(4).code()
                        + ",O=YRD One-Card,C=CN",
                "  quarantined ACQ05-1.txt: ACQ05-1.txt: signature refused: signer CN=ACQ05,OU=sender,L="
                        + CITIES.get(5).code() + ",O=YRD One-Card,C=CN: expired on " + RegionalPki.read(
                        key(pki, 5, sender(5)).resolveSibling(sender(5) + ".crt")).getNotAfter().toInstant(),
                "  quarantined ACQ06-1.txt: ACQ06-1.txt: signature refused: signed by CN=ACQ99,OU=sender,L="
                        + CITIES.get(6).code() + ",O=YRD One-Card,C=CN, not by the sender the file names (ACQ06)",
                "  quarantined ACQ07-1.txt: ACQ07-1.txt: signature refused: signer CN=kiosk-7,OU=kiosk,L="
                        + CITIES.get(7).code() + ",O=YRD One-Card,C=CN: wrong role: the certificate is of a kiosk, "
                        + "not of a sender");
        assertThat(Nights.count(db, "SELECT COUNT(*) FROM day_file")).as("only the good file is stored").isEqualTo(1);
        assertThat(Nights.count(db, "SELECT COUNT(*) FROM clearing_record")).isEqualTo(30);
        assertThat(names(inbox)).containsExactlyInAnyOrder("ACQ00-1.txt", "ACQ00-1.txt.p7s", "quarantine");
        assertThat(names(inbox.resolve("quarantine"))).as("each refused file kept with its signature and report")
                .contains("ACQ02-1.txt", "ACQ02-1.txt.p7s", "ACQ02-1.txt.report").doesNotContain("ACQ01-1.txt.p7s")
                .hasSize(7 * 2 + 6);
        assertThat(Files.readString(inbox.resolve("quarantine/ACQ06-1.txt.report"), StandardCharsets.UTF_8))
                .contains("not by the sender the file names (ACQ06)");

        // Each city proves that its files come from the centre, unchanged.
        RegionalPki shanghai = RegionalPki.relyingOn(dir.resolve("pki"));
        for (String kind : List.of("-result.txt", "-detail.txt")) {
            Path sent = dir.resolve("outbox/" + Nights.DAY + "/" + CITIES.get(0).code() + kind);
            RegionalPki.Verdict v = shanghai.verifySigned(sent, RelyingParty.of(CITIES.get(0)), Optional.empty(),
                    Optional.of(Role.SERVICE), Instant.now());
            assertThat(v.path()).as(v.why()).containsExactly("CN=clearing,OU=service,O=YRD One-Card,C=CN",
                    "CN=Bridge CA,O=YRD One-Card,C=CN");
        }
        Path result = dir.resolve("outbox/" + Nights.DAY + "/" + CITIES.get(1).code() + "-result.txt");
        Files.writeString(result, "R|TRANSIT|3100|3201|1|100|0|100\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(shanghai.verifySigned(result, RelyingParty.of(CITIES.get(1)), Optional.empty(), Optional.of(
                Role.SERVICE), Instant.now()).why()).startsWith("tampered: the signature by CN=clearing,OU=service");

        Nights.Outcome again = Nights.clear(db, Nights.DAY, night, dir.resolve("outbox"), "--pki",
                dir.resolve("pki").toString());
        assertThat(again.out()).contains("is already cleared");
        assertThat(again.exit()).isEqualTo(ClearingCommand.SUSPENSE);
    }

    @Test
    void withoutThePkiASignatureIsNotADayFileAndNoneIsAskedFor() throws Exception {
        Nights.Inbox night = Nights.prepare(dir, 2, 30);
        RegionalPki pki = new RegionalPki(dir.resolve("pki"), "test-only".toCharArray(), new SecureRandom());
        pki.initBridge(Profile.ECDSA);
        pki.initCity(CITIES.get(0));
        pki.issue(CITIES.get(0), Role.SENDER, sender(0), 365);
        pki.sign(file(night.dir(), 0), key(pki, 0, sender(0)));
        DatabaseConnection db = TestDatabase.forService("clearing_unsigned_files");

        Nights.Outcome outcome = Nights.clear(db, Nights.DAY, night, dir.resolve("outbox"));

        assertThat(outcome.out()).doesNotContain("quarantined");
        assertThat(Nights.count(db, "SELECT COUNT(*) FROM day_file")).isEqualTo(2);
    }

    @Test
    void aFolderThatIsNoPkiIsRefusedBeforeTheNightStarts() throws Exception {
        Nights.Inbox night = Nights.prepare(dir, 1, 3);
        DatabaseConnection db = TestDatabase.forService("clearing_no_pki");
        Nights.Outcome outcome = Nights.clear(db, Nights.DAY, night, dir.resolve("outbox"), "--pki",
                dir.resolve("nowhere").toString());
        assertThat(outcome.exit()).isEqualTo(cn.yrd.onecard.cli.Cli.USAGE);
        assertThat(Nights.executions(db)).isZero();
    }

    private static String sender(int f) {
        return String.format("ACQ%02d", f);
    }

    private static Path file(Path inbox, int f) {
        return inbox.resolve(sender(f) + "-1.txt");
    }

    private Path key(RegionalPki pki, int city, String name) {
        return dir.resolve("pki/issued/" + CITIES.get(city).code() + "/" + name + ".p12");
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
