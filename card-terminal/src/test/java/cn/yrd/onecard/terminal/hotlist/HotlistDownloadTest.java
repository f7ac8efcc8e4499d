package cn.yrd.onecard.terminal.hotlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.hotlist.CentreSignature;
import cn.yrd.onecard.hotlist.Hotlist;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A terminal updating its hotlist from a centre that serves signed lists over HTTP (a stand-in server in the
 * test): the whole list first, then a delta merged in; a list not signed by the centre changes nothing.
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
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/hotlist", exchange -> {
            String key = exchange.getRequestURI().getQuery() == null ? "full" : exchange.getRequestURI().getQuery();
            byte[] body = bodies.getOrDefault(key, new byte[0]);
            exchange.getResponseHeaders().add("X-Hotlist-Signature", signatures.getOrDefault(key, ""));
            exchange.sendResponseHeaders(bodies.containsKey(key) ? 200 : 404, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
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
