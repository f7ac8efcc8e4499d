package cn.yrd.onecard.terminal.host;

import cn.yrd.onecard.pki.TlsLinks;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
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
 * What the cities' hosts share (the load host, a home city's medical host): one JSON resource on the JDK's own HTTP
 * server, over plain HTTP or over mutual TLS with the region's certificates, where a client without a certificate
 * gets no connection. The terminal's module needs no web framework. Terminals ask through a {@link HostLink}.
 */
public final class JsonHost {
    static {
        // The JDK's server writes an answer's headers and its body apart: with Nagle's algorithm on, the body waits
        // for the client's delayed ACK of the headers, some 40 ms on loopback, on every request. Read once, by the
        // server's first use in the JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private JsonHost() {
    }

    /** A server on {@code address:port} answering {@code path} with {@code handler}; mutual TLS when {@code tls}. */
    public static HttpServer start(String address, int port, SSLContext tls, String path, HttpHandler handler)
            throws IOException {
        return start(address, port, tls, java.util.Map.of(path, handler));
    }

    /** A server on {@code address:port} answering each path with its handler; mutual TLS when {@code tls}. */
    public static HttpServer start(String address, int port, SSLContext tls, java.util.Map<String, HttpHandler> paths)
            throws IOException {
        HttpServer server;
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
        paths.forEach(server::createContext);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return server;
    }

    /**
     * Over TLS, why the {@code client} that connected may not ask in the name of {@code kind} {@code name}: its
     * certificate's CN is another's; empty over plain HTTP, or when it is its own.
     */
    public static Optional<String> notItsOwn(HttpExchange exchange, String name, String client, String kind) {
        if (!(exchange instanceof HttpsExchange tls)) {
            return Optional.empty();
        }
        try {
            X509Certificate shown = (X509Certificate) tls.getSSLSession().getPeerCertificates()[0];
            Optional<String> own = TlsLinks.subject(shown, "CN");
            return own.equals(Optional.of(name)) ? Optional.empty() : Optional.of("the " + client + "'s certificate is "
                    + "of " + kind + " " + own.orElse("(none)") + ", not of " + name);
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return Optional.of("no " + client + " certificate");
        }
    }

    /**
     * The role of the client's certificate over mutual TLS (the handshake checked it is one the server takes); empty
     * over plain HTTP.
     */
    public static Optional<cn.yrd.onecard.pki.Role> clientRole(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange tls)) {
            return Optional.empty();
        }
        try {
            return TlsLinks.role((X509Certificate) tls.getSSLSession().getPeerCertificates()[0]);
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** The text field {@code field} of a request, or an exception naming it. */
    public static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("field " + field + " is missing");
        }
        return v.stringValue();
    }

    public static ObjectNode error(String message) {
        return JsonMapper.shared().createObjectNode().put("error", message);
    }

    public static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JsonMapper.shared().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
