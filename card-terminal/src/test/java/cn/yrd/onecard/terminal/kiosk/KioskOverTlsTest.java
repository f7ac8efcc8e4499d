package cn.yrd.onecard.terminal.kiosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.pki.Profile;
import cn.yrd.onecard.pki.RegionalPki;
import cn.yrd.onecard.pki.RelyingParty;
import cn.yrd.onecard.pki.Role;
import cn.yrd.onecard.pki.TlsLinks;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.TestIssuer;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.terminal.host.LoadHost;
import cn.yrd.onecard.terminal.host.LoadHostClient;
import cn.yrd.onecard.terminal.host.LoadHostServer;
import cn.yrd.onecard.terminal.journal.Journal;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.smartcardio.CardChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kiosk and its issuer's load host over mutual TLS with the region's certificates: a kiosk the registry lists for
 * its city tops up; a kiosk whose certificate its city revoked gets no connection from the next handshake after the
 * CRL is out, nor does a kiosk the registry does not list, a client with no certificate, or a kiosk asking for
 * another terminal's load; and a kiosk talks to no host but a load host of the region.
 */
class KioskOverTlsTest {
    private static final char[] PASSWORD = "test-only".toCharArray();
    private static final City NINGBO = Cities.byCode("3302");
    private static final City SUZHOU = Cities.byCode("3205");
    private static final String KIOSK_NO = "000000000077";
    private static final String STRANGER_NO = "000000000078";
    private static final TerminalRegistry KIOSKS = TerminalRegistry.of(List.of(new TerminalRegistry.Terminal(KIOSK_NO,
            NINGBO, "0000000000003302", "KIOSK77")));
    private static final Clock NOON = Clock.fixed(LocalDateTime.of(2026, 11, 23, 12, 0).toInstant(ZoneOffset.UTC),
            ZoneOffset.UTC);

    @TempDir
    Path dir;
    final TestIssuer issuer = new TestIssuer();
    final SimReaders readers = new SimReaders();
    final SimReader reader = readers.plug("Kiosk-1");
    final AtomicInteger apdus = new AtomicInteger();
    final List<String> refusedAtHost = new CopyOnWriteArrayList<>();
    final List<String> refusedAtKiosk = new CopyOnWriteArrayList<>();
    RegionalPki pki;
    LoadHost host;
    LoadHostServer server;
    Journal journal;

    @BeforeEach
    void start() throws Exception {
        pki = new RegionalPki(dir.resolve("pki"), PASSWORD, new SecureRandom());
        pki.initBridge(Profile.ECDSA);
        for (City city : List.of(NINGBO, SUZHOU)) {
            pki.initCity(city);
            pki.crossCertify(city);
        }
        pki.issue(SUZHOU, Role.LOAD_HOST, "loadhost-3205", 30);
        pki.issue(NINGBO, Role.KIOSK, KIOSK_NO, 30);
        pki.issue(NINGBO, Role.KIOSK, STRANGER_NO, 30); // a good certificate, but no registered kiosk
        pki.issue(NINGBO, Role.SENDER, "KIOSK77", 30);
        crls();
        host = new LoadHost(c -> issuer.master(KeyPurpose.LOAD, c), KIOSKS, LoadHost.DAILY_LIMIT, dir.resolve("host"));
        // The host trusts kiosks through the bridge, each one the registry lists for the city its certificate names.
        SSLContext hostTls = TlsLinks.context(dir.resolve("pki"), issued("3205", "loadhost-3205"), PASSWORD,
                RelyingParty.of(SUZHOU), Role.KIOSK, LoadHostServer.registeredKiosk(KIOSKS), refusedAtHost::add,
                Clock.systemUTC());
        server = new LoadHostServer(host, "127.0.0.1", 0, hostTls);
        journal = Journal.open(dir.resolve("kiosk"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        host.close();
        journal.close();
    }

    @Test
    void aRegisteredKioskTopsUpUntilItsCertificateIsRevoked() throws Exception {
        CardOs card = issuer.card("3205", "0000000000000031", 1000);
        assertThat(kiosk(KIOSK_NO, KIOSK_NO).topUp(channel(card), 5000, apdus).done()).isTrue();
        assertThat(SimCards.balance(card)).isEqualTo(6000);
        assertThat(refusedAtHost).isEmpty();
        assertThat(refusedAtKiosk).isEmpty();

        pki.revoke("3302", RegionalPki.read(dir.resolve("pki/issued/3302/" + KIOSK_NO + ".crt")).getSerialNumber());
        assertThat(kiosk(KIOSK_NO, KIOSK_NO).topUp(channel(card), 1000, apdus).done()).as("revoked, no CRL out yet")
                .isTrue();
        crls();

        // TLS 1.3: the kiosk finishes its side of the handshake before the host refuses it, then finds the line dead.
        assertThatThrownBy(() -> kiosk(KIOSK_NO, KIOSK_NO).topUp(channel(card), 1000, apdus))
                .isInstanceOf(IOException.class);
        assertThat(SimCards.balance(card)).isEqualTo(7000);
        assertThat(refusedAtHost).singleElement().asString().startsWith("CN=" + KIOSK_NO + ",OU=kiosk,L=3302")
                .contains(": revoked: CN=" + KIOSK_NO);
    }

    @Test
    void noConnectionForAKioskTheRegistryDoesNotListNorAnyoneElse() throws Exception {
        CardOs card = issuer.card("3205", "0000000000000032", 1000);
        assertThatThrownBy(() -> kiosk(STRANGER_NO, STRANGER_NO).topUp(channel(card), 5000, apdus))
                .isInstanceOf(IOException.class);
        assertThat(refusedAtHost).last().asString().endsWith(": not a kiosk the registry lists for its city");
        assertThatThrownBy(() -> kiosk(KIOSK_NO, "KIOSK77").topUp(channel(card), 5000, apdus))
                .as("a sender's certificate").isInstanceOf(IOException.class);
        assertThat(refusedAtHost).last().asString().endsWith("wrong role: the certificate is of a sender, not of a "
                + "kiosk");
        Kiosk plain = new Kiosk(KIOSK_NO, NINGBO, "0000000000003302", "00000000000000B7", journal,
                new LoadHostClient(URI.create("https://127.0.0.1:" + server.port()), SSLContext.getDefault()), NOON);
        assertThatThrownBy(() -> plain.topUp(channel(card), 5000, apdus)).as("no kiosk certificate, and the host's "
                + "not trusted by the JDK's default").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> kiosk(STRANGER_NO, KIOSK_NO).topUp(channel(card), 5000, apdus))
                .as("the registered kiosk's certificate, another terminal's request").isInstanceOf(IOException.class)
                .hasMessageContaining("403: the kiosk's certificate is of terminal " + KIOSK_NO + ", not of "
                        + STRANGER_NO);
        assertThat(SimCards.balance(card)).isEqualTo(1000);
        assertThat(host.authorisations()).isZero();
    }

    @Test
    void aKioskTalksToNoHostButALoadHostOfTheRegion() throws Exception {
        pki.issue(SUZHOU, Role.SENDER, "SZBUS", 30); // a good certificate of the region, not a load host's
        crls();
        SSLContext impostorTls = TlsLinks.context(dir.resolve("pki"), issued("3205", "SZBUS"), PASSWORD,
                RelyingParty.of(SUZHOU), Role.KIOSK, k -> Optional.empty(), why -> { }, Clock.systemUTC());
        try (LoadHostServer impostor = new LoadHostServer(host, "127.0.0.1", 0, impostorTls)) {
            Kiosk kiosk = new Kiosk(KIOSK_NO, NINGBO, "0000000000003302", "00000000000000B7", journal,
                    new LoadHostClient(URI.create("https://127.0.0.1:" + impostor.port()), TlsLinks.context(
                            dir.resolve("pki"), issued("3302", KIOSK_NO), PASSWORD, RelyingParty.of(NINGBO),
                            Role.LOAD_HOST, h -> Optional.empty(), refusedAtKiosk::add, Clock.systemUTC())), NOON);
            CardOs card = issuer.card("3205", "0000000000000033", 1000);
            assertThatThrownBy(() -> kiosk.topUp(channel(card), 5000, apdus)).isInstanceOf(IOException.class);
            assertThat(refusedAtKiosk).singleElement().asString().endsWith("wrong role: the certificate is of a "
                    + "sender, not of a load-host");
        }
    }

    /** A kiosk of terminal {@code terminalNo} showing the certificate of {@code holder}, trusting load hosts only. */
    private Kiosk kiosk(String terminalNo, String holder) throws Exception {
        SSLContext tls = TlsLinks.context(dir.resolve("pki"), issued("3302", holder), PASSWORD,
                RelyingParty.of(NINGBO), Role.LOAD_HOST, h -> Optional.empty(), refusedAtKiosk::add, Clock.systemUTC());
        return new Kiosk(terminalNo, NINGBO, "0000000000003302", "00000000000000B7", journal,
                new LoadHostClient(URI.create("https://127.0.0.1:" + server.port()), tls), NOON);
    }

    private Path issued(String city, String name) {
        return dir.resolve("pki/issued/" + city + "/" + name + ".p12");
    }

    private void crls() throws Exception {
        for (String issuer : List.of(RegionalPki.BRIDGE, "3302", "3205")) {
            pki.crl(issuer, 7);
        }
    }

    private CardChannel channel(CardOs card) throws Exception {
        reader.field().present(card);
        return readers.terminalFactory().terminals().getTerminal("Kiosk-1 PICC").connect("*").getBasicChannel();
    }
}
