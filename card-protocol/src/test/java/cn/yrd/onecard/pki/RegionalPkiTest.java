package cn.yrd.onecard.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three cities and the bridge: a certificate of any city is good in every city through the bridge, and each thing
 * that makes one bad is refused with the line that names it; the same in each {@link Profile} (EcdsaRegionTest,
 * Sm2RegionTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RegionalPkiTest {
    private static final char[] PASSWORD = "test-only".toCharArray();
    private static final City SHANGHAI = Cities.byCode("3100");
    private static final City HANGZHOU = Cities.byCode("3301");
    private static final City NINGBO = Cities.byCode("3302");

    @TempDir
    static Path root;
    Path dir;
    RegionalPki pki;

    abstract Profile profile();

    @BeforeAll
    void region() throws Exception {
        dir = root.resolve(profile().label());
        pki = new RegionalPki(dir, PASSWORD, new SecureRandom());
        pki.initBridge(profile());
        for (City city : new City[] {SHANGHAI, HANGZHOU, NINGBO}) {
            pki.initCity(city);
        }
        pki.crossCertify(SHANGHAI);
        pki.crossCertify(HANGZHOU); // Ningbo's CA is not cross-certified
        crls();
    }

    private void crls() throws Exception {
        for (String issuer : new String[] {RegionalPki.BRIDGE, "3100", "3301", "3302"}) {
            pki.crl(issuer, 7);
        }
    }

    @Test
    void aCitysCertificateIsGoodAtHomeAndThroughTheBridgeInAnotherCity() throws Exception {
        X509Certificate kiosk = pki.issue(HANGZHOU, Role.KIOSK, "kiosk-000000003301", 365);

        RegionalPki.Verdict home = pki.verify(kiosk, RelyingParty.of(HANGZHOU), Optional.of(HANGZHOU), Optional.of(Role.KIOSK),
                Instant.now());
        RegionalPki.Verdict away = pki.verify(kiosk, RelyingParty.of(SHANGHAI), Optional.of(HANGZHOU), Optional.of(Role.KIOSK),
                Instant.now());

        assertThat(home.good()).as(home.why()).isTrue();
        assertThat(home.path()).hasSize(1);
        assertThat(away.good()).as(away.why()).isTrue();
        assertThat(away.path()).as("the holder, Hangzhou's CA by the bridge, the bridge by Shanghai").hasSize(3)
                .first().asString().startsWith("CN=kiosk-000000003301,OU=kiosk,L=3301");
        assertThat(Files.exists(dir.resolve("issued/3301/kiosk-000000003301.p12"))).isTrue();
    }

    @Test
    void aRevokedCertificateIsRefusedOnceItsIssuersNextCrlIsOut() throws Exception {
        X509Certificate sender = pki.issue(SHANGHAI, Role.SENDER, "SHMETRO", 365);
        pki.revoke("3100", sender.getSerialNumber());
        assertThat(pki.verify(sender, RelyingParty.of(HANGZHOU), Optional.empty(), Optional.empty(), Instant.now()).good())
                .as("the old CRL does not list it yet").isTrue();

        pki.crl("3100", 7);

        assertThat(pki.verify(sender, RelyingParty.of(HANGZHOU), Optional.empty(), Optional.empty(), Instant.now()).why())
                .startsWith("revoked: CN=SHMETRO,OU=sender,L=3100").contains("by CN=City CA 3100");
        assertThatThrownBy(() -> pki.revoke("3100", sender.getSerialNumber())).hasMessageContaining("was revoked on");
    }

    @Test
    void aRelyingPartyKeepsItsVerdictsOnlyWhileTheyHoldAndTheFolderStands() throws Exception {
        X509Certificate sender = pki.issue(HANGZHOU, Role.SENDER, "HZBUS", 30);
        RegionalPki centre = RegionalPki.relyingOn(dir);
        Instant now = Instant.now();
        assertThat(centre.verify(sender, RelyingParty.CENTRE, Optional.of(HANGZHOU), Optional.of(Role.SENDER), now)
                .path()).as("the holder, Hangzhou's CA by the bridge").hasSize(2);
        assertThat(centre.verify(sender, RelyingParty.CENTRE, Optional.empty(), Optional.empty(),
                now.plus(31, ChronoUnit.DAYS)).why()).as("a good verdict holds no longer than its path")
                .startsWith("expired on ");
        // (Past the CRLs' next update: the JDK's PKIX says no current CRL, Bouncy Castle's will not check in the future.)
        assertThat(centre.verify(sender, RelyingParty.CENTRE, Optional.empty(), Optional.empty(),
                now.plus(8, ChronoUnit.DAYS)).good()).as("nor than its CRLs").isFalse();
        assertThat(centre.current()).isTrue();

        pki.revoke("3301", sender.getSerialNumber());
        pki.crl("3301", 7);

        assertThat(centre.current()).as("a CRL published: the relying party must read the folder again").isFalse();
        // Checked after the revocation (its time in whole seconds): before it, the certificate was good.
        assertThat(RegionalPki.relyingOn(dir).verify(sender, RelyingParty.CENTRE, Optional.empty(), Optional.empty(),
                Instant.now()).why()).startsWith("revoked: CN=HZBUS");
    }

    @Test
    void eachBadCertificateIsRefusedWithWhatIsWrong() throws Exception {
        X509Certificate gate = pki.issue(SHANGHAI, Role.TERMINAL, "gate-00000000AB12", 30);
        Instant now = Instant.now();

        assertThat(why(gate, SHANGHAI, now.plus(31, ChronoUnit.DAYS))).startsWith("expired on ");
        assertThat(why(gate, SHANGHAI, now.minus(1, ChronoUnit.DAYS))).startsWith("not valid before ");
        assertThat(pki.verify(gate, RelyingParty.of(HANGZHOU), Optional.of(HANGZHOU), Optional.empty(), now).why())
                .isEqualTo("wrong city: the certificate is of Shanghai (3100), not of Hangzhou (3301)");
        assertThat(pki.verify(gate, RelyingParty.of(SHANGHAI), Optional.empty(), Optional.of(Role.KIOSK), now).why())
                .isEqualTo("wrong role: the certificate is of a terminal, not of a kiosk");
        assertThat(why(pki.issue(NINGBO, Role.KIOSK, "kiosk-ningbo", 30), SHANGHAI, now))
                .startsWith("no path from Shanghai (3100) to CN=City CA 3302");

        RegionalPki stranger = new RegionalPki(dir.resolve("elsewhere"), PASSWORD, new SecureRandom());
        stranger.initBridge(profile());
        stranger.initCity(SHANGHAI); // a CA of the same name, another key
        X509Certificate forged = stranger.issue(SHANGHAI, Role.TERMINAL, "gate-00000000AB12", 30);
        assertThat(why(forged, SHANGHAI, now)).startsWith("no path from Shanghai (3100) to");

        KeyPair own = profile().keyPair(new SecureRandom());
        Authority self = Authority.create(profile(), new X500Name("C=CN,O=YRD One-Card,L=3100,OU=terminal,CN=gate"), 1,
                new SecureRandom());
        assertThat(why(self.certificate(), SHANGHAI, now)).startsWith("self-signed certificate CN=gate");
        Authority unknown = Authority.create(profile(), new X500Name("C=CN,O=Elsewhere,CN=Some CA"), 1, new SecureRandom());
        X509Certificate fromUnknown = unknown.certify(new X500Name("C=CN,O=YRD One-Card,L=3100,OU=terminal,CN=gate"),
                own.getPublic(), Role.TERMINAL, now, now.plus(1, ChronoUnit.DAYS), new SecureRandom());
        assertThat(why(fromUnknown, SHANGHAI, now)).isEqualTo("unknown CA CN=Some CA,O=Elsewhere,C=CN: neither a "
                + "city's CA nor the bridge");
    }

    @Test
    void aStaleCrlLeavesTheStatusUnknownAndTheCertificateRefused() throws Exception {
        X509Certificate host = pki.issue(HANGZHOU, Role.LOAD_HOST, "host-3301", 365);
        Path crl = dir.resolve("crl/3301.crl");
        byte[] current = Files.readAllBytes(crl);
        Authority hangzhou = Authority.load(profile(), dir.resolve("cities/3301.p12"), PASSWORD);
        Instant lastWeek = Instant.now().minus(8, ChronoUnit.DAYS);
        Files.write(crl, hangzhou.crl(List.of(), 1, lastWeek, lastWeek.plus(7, ChronoUnit.DAYS)).getEncoded());
        try {
            assertThat(why(host, SHANGHAI, Instant.now())).startsWith("no current CRL of ")
                    .contains("past its next update");
        } finally {
            Files.write(crl, current);
        }
    }

    @Test
    void aSignedFileIsGoodUnchangedAndEachWayOfSpoilingItIsNamed() throws Exception {
        pki.issue(HANGZHOU, Role.SENDER, "HZMETRO", 365);
        Path holder = dir.resolve("issued/3301/HZMETRO.p12");
        Path file = Files.writeString(dir.resolve("HZMETRO-20261203-1.txt"), "H|TRANSIT|1|HZMETRO|3301|20261203|1\n");
        Path other = Files.writeString(dir.resolve("HZMETRO-20261203-2.txt"), "H|TRANSIT|1|HZMETRO|3301|20261203|2\n");
        pki.sign(file, holder);
        pki.sign(other, holder);
        Instant now = Instant.now();

        RegionalPki.Verdict good = pki.verifySigned(file, RelyingParty.of(SHANGHAI), Optional.of(HANGZHOU), Optional.of(Role.SENDER),
                now);
        assertThat(good.good()).as(good.why()).isTrue();
        assertThat(good.path()).hasSize(3).first().asString().startsWith("CN=HZMETRO,OU=sender,L=3301");
        assertThat(signedWhy(file, Optional.of(Role.KIOSK))).isEqualTo("signer CN=HZMETRO,OU=sender,L=3301,"
                + "O=YRD One-Card,C=CN: wrong role: the certificate is of a sender, not of a kiosk");

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 1; // one byte changed
        Path changed = Files.write(dir.resolve("changed.txt"), bytes);
        Files.copy(dir.resolve(file.getFileName() + ".p7s"), dir.resolve("changed.txt.p7s"));
        assertThat(signedWhy(changed, Optional.empty())).startsWith("tampered: the signature by CN=HZMETRO");
        Files.copy(dir.resolve(other.getFileName() + ".p7s"), dir.resolve(file.getFileName() + ".p7s"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(signedWhy(file, Optional.empty())).as("another file's signature").startsWith("tampered: ");
        assertThat(signedWhy(Files.writeString(dir.resolve("plain.txt"), "H|\n"), Optional.empty()))
                .isEqualTo("unsigned: no plain.txt.p7s beside it");

        RegionalPki stranger = new RegionalPki(dir.resolve("forger"), PASSWORD, new SecureRandom());
        stranger.initBridge(profile());
        stranger.initCity(HANGZHOU);
        stranger.issue(HANGZHOU, Role.SENDER, "HZMETRO", 30);
        Path forged = Files.writeString(dir.resolve("forged.txt"), "H|TRANSIT|1|HZMETRO|3301|20261203|9\n");
        stranger.sign(forged, dir.resolve("forger/issued/3301/HZMETRO.p12"));
        assertThat(signedWhy(forged, Optional.empty())).startsWith("signer CN=HZMETRO").contains("no path from");

        pki.revoke("3301", pki.verifySigned(other, RelyingParty.of(SHANGHAI), Optional.empty(), Optional.empty(), now).good()
                ? RegionalPki.read(dir.resolve("issued/3301/HZMETRO.crt")).getSerialNumber() : null);
        pki.crl("3301", 7);
        assertThat(signedWhy(other, Optional.empty())).startsWith("signer CN=HZMETRO").contains(": revoked: ");
    }

    private String signedWhy(Path file, Optional<Role> role) throws Exception {
        RegionalPki.Verdict v = pki.verifySigned(file, RelyingParty.of(SHANGHAI), Optional.empty(), role, Instant.now());
        assertThat(v.good()).as("refused").isFalse();
        return v.why();
    }

    @Test
    void badRequestsChangeNothing() throws Exception {
        assertThatThrownBy(() -> pki.initCity(SHANGHAI)).hasMessageContaining("the CA of Shanghai (3100) exists");
        assertThatThrownBy(() -> pki.issue(SHANGHAI, Role.KIOSK, "../x", 30)).hasMessageContaining("name must be");
        assertThatThrownBy(() -> pki.revoke("3100", java.math.BigInteger.TEN)).hasMessage(
                "3100 issued no certificate with serial a");
        assertThatThrownBy(() -> pki.issue(Cities.byCode("3205"), Role.KIOSK, "k", 30)).hasMessageContaining(
                "no CA of Suzhou (3205)");
        assertThat(Files.exists(dir.resolve("issued/3100/..x.p12"))).isFalse();
    }

    private String why(X509Certificate cert, City relying, Instant at) throws Exception {
        RegionalPki.Verdict v = pki.verify(cert, RelyingParty.of(relying), Optional.empty(), Optional.empty(), at);
        assertThat(v.good()).as("refused").isFalse();
        return v.why();
    }
}
