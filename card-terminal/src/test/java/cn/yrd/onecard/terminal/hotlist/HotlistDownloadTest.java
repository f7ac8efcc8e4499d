package cn.yrd.onecard.terminal.hotlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.hotlist.CentreSignature;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.pki.Profile;
import cn.yrd.onecard.pki.RegionalPki;
import cn.yrd.onecard.pki.RelyingParty;
import cn.yrd.onecard.pki.Role;
import cn.yrd.onecard.pki.TlsLinks;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.terminal.cli.TerminalCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A terminal updating its hotlist from a centre that serves signed lists over HTTP or HTTPS (a stand-in server in
 * the test): the whole list first, then a delta merged in; a list not signed by the centre changes nothing, nor does
 * a host that is not the centre's.
 */
class HotlistDownloadTest {
    private static final String FULL = """
            H|HOTLIST|1|4|20261123120000
            D|0000000001000005|LOST|20261123120000
            T|1|%s
            """;
    private static final String DELTA = """
            H|HOTLIST_DELTA|1|4|5|20261123130000
            D|0000000001000003|STOLEN|20261123130000
            T|1|%s
            """;

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> bodies = new HashMap<>();
    private final Map<String, String> signatures = new HashMap<>();
    private KeyPair centre;

    @BeforeEach
    void centre() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        centre = g.generateKeyPair();
        server = answering(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    /** {@code server} answering with the list the test put under the request's query. */
    private <S extends HttpServer> S answering(S server) {
        server.createContext("/api/v1/hotlist", exchange -> {
            String key = exchange.getRequestURI().getQuery() == null ? "full" : exchange.getRequestURI().getQuery();
            byte[] body = bodies.getOrDefault(key, new byte[0]);
            exchange.getResponseHeaders().add("X-Hotlist-Signature", signatures.getOrDefault(key, ""));
            exchange.sendResponseHeaders(bodies.containsKey(key) ? 200 : 404, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theWholeListFirstThenADeltaMergedInSerialOrder() throws Exception {
        serve("full", withTrailer(FULL, "D|0000000001000005|LOST|20261123120000\n"), centre);
        serve("since=4", withTrailer(DELTA, "D|0000000001000003|STOLEN|20261123130000\n"), centre);
        Path file = dir.resolve("hotlist.txt");
        HotlistDownload download = new HotlistDownload(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                centre.getPublic());

        Hotlist first = download.update(file);
        Hotlist second = download.update(file);

        assertThat(first.version()).isEqualTo(4);
        assertThat(second.version()).isEqualTo(5);
        assertThat(second.size()).isEqualTo(2);
        assertThat(second.contains(CardSerial.of("0000000001000003"))).isTrue();
        assertThat(Files.readString(file)).contains("D|0000000001000003|STOLEN|20261123130000\n"
                + "D|0000000001000005|LOST|20261123120000\n");
    }

    @Test
    void aCardFoundAgainLeavesTheListWithTheNextDelta() throws Exception {
        serve("full", withTrailer(FULL, "D|0000000001000005|LOST|20261123120000\n"), centre);
        serve("since=4", cn.yrd.onecard.hotlist.HotlistFile.assemble("H|HOTLIST_DELTA|2|4|5|20261123130000", List.of(
                "D|0000000001000003|STOLEN|20261123130000", "R|0000000001000005|FOUND|20261123130000")), centre);
        Path file = dir.resolve("hotlist.txt");
        HotlistDownload download = new HotlistDownload(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                centre.getPublic());

        assertThat(download.update(file).contains(CardSerial.of("0000000001000005"))).isTrue();
        Hotlist after = download.update(file);

        assertThat(after.version()).isEqualTo(5);
        assertThat(after.contains(CardSerial.of("0000000001000005"))).as("found again").isFalse();
        assertThat(after.contains(CardSerial.of("0000000001000003"))).isTrue();
        assertThat(Files.readString(file)).doesNotContain("0000000001000005");
    }

    @Test
    void aListNotSignedByTheCentreLeavesTheCurrentOneInPlace() throws Exception {
        Path file = dir.resolve("hotlist.txt");
        HotlistDownload download = new HotlistDownload(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                centre.getPublic());
        serve("full", withTrailer(FULL, "D|0000000001000005|LOST|20261123120000\n"), centre);
        download.update(file);
        String before = Files.readString(file);

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        serve("since=4", withTrailer(DELTA, "D|0000000001000003|STOLEN|20261123130000\n"), g.generateKeyPair());

        assertThatThrownBy(() -> download.update(file))
                .hasMessage("the hotlist's signature is not the centre's; the current list stays");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    /**
     * Over HTTPS the terminal believes the centre's host only: a certificate the bridge issued for a service. A
     * city's service certificate is refused (its CA could write any name into it), and so is the centre's own once the
     * bridge's CRL lists it; each time the list on file stays as it was.
     */
    @Test
    void overHttpsOnlyTheCentresHostIsBelievedUntilTheBridgeRevokesIt() throws Exception {
        char[] password = "test-only".toCharArray();
        City suzhou = Cities.byCode("3205");
        Path pkiDir = dir.resolve("pki");
        RegionalPki pki = new RegionalPki(pkiDir, password, new SecureRandom());
        pki.initBridge(Profile.ECDSA);
        pki.initCity(suzhou);
        pki.crossCertify(suzhou);
        X509Certificate hosts = pki.issueForCentre("settlement", 30, "127.0.0.1");
        pki.issue(suzhou, Role.SERVICE, "settlement", 30, List.of("127.0.0.1"));
        pki.crl(RegionalPki.BRIDGE, 7);
        pki.crl("3205", 7);
        serve("full", withTrailer(FULL, "D|0000000001000005|LOST|20261123120000\n"), centre);
        List<String> refused = new ArrayList<>();
        SSLContext trusting = TlsLinks.trusting(pkiDir, RelyingParty.of(suzhou), Role.SERVICE,
                TlsLinks.ofTheCentre(pkiDir), refused::add, Clock.systemUTC());
        Path file = dir.resolve("hotlist.txt");

        HttpsServer real = https(pkiDir.resolve("issued/centre/settlement.p12"), password);
        HttpsServer impostor = https(pkiDir.resolve("issued/3205/settlement.p12"), password);
        try {
            String url = "https://127.0.0.1:" + real.getAddress().getPort();
            Path pem = Files.writeString(dir.resolve("centre.pem"), "-----BEGIN PUBLIC KEY-----\n" + Base64
                    .getMimeEncoder().encodeToString(centre.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
            String[] command = {"hotlist", "--from", url, "--key", pem.toString(), "--pki", pkiDir.toString(), "--as",
                "3205", "--out", file.toString()};
            assertThat(terminal(command)).isEqualTo(file + ": hotlist version 4, 1 cards\n");
            assertThat(terminal(Arrays.copyOf(command, 5))).isEqualTo("terminal hotlist: an https centre is checked "
                    + "with --pki DIR (the region's certificates)");
            command[2] = url.replace("https:", "http:");
            assertThat(terminal(command)).isEqualTo("terminal hotlist: with --pki the centre is reached over HTTPS: "
                    + "--from must start with https://, got '" + command[2] + "'");
            HotlistDownload download = new HotlistDownload(URI.create(url), centre.getPublic(), trusting);
            String before = Files.readString(file);

            Files.delete(file);
            assertThatThrownBy(() -> new HotlistDownload(URI.create("https://127.0.0.1:" + impostor.getAddress()
                    .getPort()), centre.getPublic(), trusting).update(file)).isInstanceOf(IOException.class);
            assertThat(refused).singleElement().asString().startsWith("CN=settlement,OU=service,L=3205")
                    .endsWith(": not the centre's: issued by CN=City CA 3205,L=3205,O=YRD One-Card,C=CN, "
                            + "not by the bridge");
            assertThat(file).doesNotExist();

            Files.writeString(file, before);
            pki.revoke(RegionalPki.BRIDGE, hosts.getSerialNumber());
            pki.crl(RegionalPki.BRIDGE, 7);
            serve("since=4", withTrailer(DELTA, "D|0000000001000003|STOLEN|20261123130000\n"), centre);
            // The next run of terminal hotlist: a new process, a full handshake that reads the folder again. (This
            // one could still resume its session, which shows no certificate, for TlsLinks.RESUMABLE_SECONDS.)
            assertThat(trusting.getClientSessionContext().getSessionTimeout()).isEqualTo(TlsLinks.RESUMABLE_SECONDS);
            SSLContext nextRun = TlsLinks.trusting(pkiDir, RelyingParty.of(suzhou), Role.SERVICE,
                    TlsLinks.ofTheCentre(pkiDir), refused::add, Clock.systemUTC());
            assertThatThrownBy(() -> new HotlistDownload(download.centre(), centre.getPublic(), nextRun).update(file))
                    .isInstanceOf(IOException.class);
            assertThat(refused).last().asString().contains(": revoked: CN=settlement");
            assertThat(Files.readString(file)).isEqualTo(before);
        } finally {
            real.stop(0);
            impostor.stop(0);
        }
        assertThatThrownBy(() -> new HotlistDownload(URI.create("http://127.0.0.1:1"), centre.getPublic(), trusting))
                .hasMessage("the centre's certificate is checked over HTTPS: the centre's URL must start with "
                        + "https://, got http://127.0.0.1:1");
    }

    /** What {@code terminal ARGS} printed, or its one-line refusal of bad input. */
    private static String terminal(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            int exit = new TerminalCommand(new PrintStream(out, true, StandardCharsets.UTF_8), InputStream
                    .nullInputStream()).run(args, null);
            return exit == 0 ? out.toString(StandardCharsets.UTF_8) : "exit " + exit;
        } catch (UsageException e) {
            return e.getMessage();
        }
    }

    /** An HTTPS stand-in for the centre, showing the key and certificate in {@code holder}. */
    private HttpsServer https(Path holder, char[] password) throws Exception {
        // A server that asks for no client certificate: the context's trust side is never used.
        SSLContext tls = TlsLinks.context(holder.getParent().getParent().getParent(), holder, password,
                RelyingParty.CENTRE, Role.KIOSK, peer -> Optional.empty(), why -> { }, Clock.systemUTC());
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return answering(server);
    }

    private void serve(String key, String body, KeyPair signer) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Signature s = Signature.getInstance(CentreSignature.ALGORITHM);
        s.initSign(signer.getPrivate());
        s.update(bytes);
        bodies.put(key, bytes);
        signatures.put(key, Base64.getEncoder().encodeToString(s.sign()));
    }

    private static String withTrailer(String template, String dLines) throws Exception {
        String sha = org.apache.commons.codec.binary.Hex.encodeHexString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(dLines.getBytes(StandardCharsets.UTF_8)));
        return String.format(template, sha);
    }
}
