package cn.yrd.onecard.terminal.host;

import cn.yrd.onecard.pki.TlsLinks;
import cn.yrd.onecard.registry.TerminalRegistry;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The load host over HTTP, or over mutual TLS with the region's certificates: {@code POST /loads} with a JSON load
 * request answers the JSON authorisation;
 * a malformed request gets 400 and one line saying what is wrong ({@link JsonHost}).
 */
public final class LoadHostServer implements AutoCloseable {
    private final HttpServer server;

    public LoadHostServer(LoadHost host, String address, int port) throws IOException {
        this(host, address, port, null);
    }

    /**
     * Over mutual TLS with {@code tls} (docs/pki.md, "Links"): a kiosk shows its certificate or gets no connection,
     * and asks for its own terminal number only.
     */
    public LoadHostServer(LoadHost host, String address, int port, SSLContext tls) throws IOException {
        server = JsonHost.start(address, port, tls, "/loads", exchange -> handle(host, exchange));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(LoadHost host, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                JsonHost.reply(exchange, 405, JsonHost.error("use POST"));
                return;
            }
            LoadRequest request;
            try {
                JsonNode n = JsonMapper.shared().readTree(exchange.getRequestBody().readAllBytes());
                request = LoadHost.request(JsonHost.text(n, "requestId"), JsonHost.text(n, "card"),
                        JsonHost.text(n, "issuer"), JsonHost.text(n, "algorithm"), n.path("onlineAtc").asInt(-1),
                        JsonHost.text(n, "random"), n.path("oldBalance").asLong(-1), n.path("amount").asLong(-1),
                        JsonHost.text(n, "terminalNo"), JsonHost.text(n, "time"), JsonHost.text(n, "mac1"));
            } catch (RuntimeException e) {
                JsonHost.reply(exchange, 400, JsonHost.error("malformed load request: " + e.getMessage()));
                return;
            }
            Optional<String> notItsOwn = JsonHost.notItsOwn(exchange, request.terminalNo(), "kiosk", "terminal");
            if (notItsOwn.isPresent()) {
                JsonHost.reply(exchange, 403, JsonHost.error(notItsOwn.get()));
                return;
            }
            LoadAuthorisation a = host.authorise(request);
            ObjectNode body = JsonMapper.shared().createObjectNode();
            body.put("requestId", a.requestId());
            body.put("approved", a.approved());
            if (a.mac2() != null) {
                body.put("mac2", a.mac2());
            }
            if (a.reason() != null) {
                body.put("reason", a.reason());
            }
            JsonHost.reply(exchange, 200, body);
        }
    }

    /**
     * What the host asks of a kiosk's certificate beyond its path and role: a terminal number (its CN) that the
     * centre's registry lists as a kiosk of the city the certificate names (its L).
     */
    public static TlsLinks.PeerCheck registeredKiosk(TerminalRegistry kiosks) {
        return kiosk -> kiosks.find(TlsLinks.subject(kiosk, "CN").orElse(""))
                .filter(t -> Optional.of(t.city().code()).equals(TlsLinks.subject(kiosk, "L"))).isPresent()
                ? Optional.empty() : Optional.of("not a kiosk the registry lists for its city");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
