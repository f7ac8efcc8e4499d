package cn.yrd.onecard.terminal.host;

import cn.yrd.onecard.pki.TlsLinks;
import cn.yrd.onecard.registry.TerminalRegistry;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The load host over HTTP, or over mutual TLS with the region's certificates: {@code POST /loads} with a JSON load
 * request answers the JSON authorisation;
 * a malformed request gets 400 and one line saying what is wrong. The JDK's own HTTP server: the kiosk's
 * module needs no web framework.
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
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress(address, port), 64);
        } else {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(address, port), 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = tls.getDefaultSSLParameters();
                    p.setNeedClientAuth(true);
                    params.setSSLParameters(p);
                }
            });
            server = https;
        }
        server.createContext("/loads", exchange -> handle(host, exchange));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(LoadHost host, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 405, error("use POST"));
                return;
            }
            LoadRequest request;
            try {
                JsonNode n = JsonMapper.shared().readTree(exchange.getRequestBody().readAllBytes());
                request = LoadHost.request(text(n, "requestId"), text(n, "card"), text(n, "issuer"),
                        text(n, "algorithm"), n.path("onlineAtc").asInt(-1), text(n, "random"),
                        n.path("oldBalance").asLong(-1), n.path("amount").asLong(-1), text(n, "terminalNo"),
                        text(n, "time"), text(n, "mac1"));
            } catch (RuntimeException e) {
                reply(exchange, 400, error("malformed load request: " + e.getMessage()));
                return;
            }
            Optional<String> notItsOwn = notItsOwn(exchange, request.terminalNo());
            if (notItsOwn.isPresent()) {
                reply(exchange, 403, error(notItsOwn.get()));
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
            reply(exchange, 200, body);
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

    /** Over TLS, why the kiosk that connected may not ask for {@code terminalNo}: its certificate is another's. */
    private static Optional<String> notItsOwn(HttpExchange exchange, String terminalNo) {
        if (!(exchange instanceof HttpsExchange tls)) {
            return Optional.empty();
        }
        try {
            X509Certificate kiosk = (X509Certificate) tls.getSSLSession().getPeerCertificates()[0];
            Optional<String> own = TlsLinks.subject(kiosk, "CN");
            return own.equals(Optional.of(terminalNo)) ? Optional.empty() : Optional.of("the kiosk's certificate is "
                    + "of terminal " + own.orElse("(none)") + ", not of " + terminalNo);
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return Optional.of("no kiosk certificate");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("field " + field + " is missing");
        }
        return v.stringValue();
    }

    private static ObjectNode error(String message) {
        return JsonMapper.shared().createObjectNode().put("error", message);
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JsonMapper.shared().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
