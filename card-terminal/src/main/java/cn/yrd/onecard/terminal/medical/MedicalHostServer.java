package cn.yrd.onecard.terminal.medical;

import cn.yrd.onecard.record.MedicalCare;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.terminal.host.JsonHost;
import cn.yrd.onecard.terminal.medical.MedicalHost.Answer;
import cn.yrd.onecard.terminal.medical.MedicalHost.ClaimRequest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A home city's medical host on the network: {@code POST /claims} with a JSON claim request answers the split and
 * the claim id, or the refusal, and {@code POST /reversals} a claim's reversal; a malformed request gets 400 and one line saying what is wrong. Over mutual TLS a
 * hospital shows its certificate (a sender's of the region) or gets no connection, and asks in its own name only.
 */
public final class MedicalHostServer implements AutoCloseable {
    private final HttpServer server;

    public MedicalHostServer(MedicalHost host, String address, int port, SSLContext tls) throws IOException {
        this(host, null, address, port, tls);
    }

    /** With {@code pins} (or null), {@code POST /pin-reloads} unblocks the city's cards' PINs. */
    public MedicalHostServer(MedicalHost host, PinUnblocking pins, String address, int port, SSLContext tls)
            throws IOException {
        java.util.Map<String, com.sun.net.httpserver.HttpHandler> paths = new java.util.HashMap<>(java.util.Map.of(
                "/claims", exchange -> handle(host, exchange), "/reversals", exchange -> reversal(host, exchange)));
        if (pins != null) {
            paths.put("/pin-reloads", exchange -> pinReload(pins, exchange));
        }
        server = JsonHost.start(address, port, tls, paths);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(MedicalHost host, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                JsonHost.reply(exchange, 405, JsonHost.error("use POST"));
                return;
            }
            ClaimRequest request;
            try {
                JsonNode n = JsonMapper.shared().readTree(exchange.getRequestBody().readAllBytes());
                request = new ClaimRequest(JsonHost.text(n, "requestId"), JsonHost.text(n, "card"),
                        Cities.find(JsonHost.text(n, "serviceCity")).orElseThrow(() -> new IllegalArgumentException(
                                "serviceCity is not a city code")), JsonHost.text(n, "hospitalId"),
                        MedicalCare.of(JsonHost.text(n, "level"), JsonHost.text(n, "kind")),
                        n.path("total").asLong(-1));
            } catch (RuntimeException e) {
                JsonHost.reply(exchange, 400, JsonHost.error("malformed claim request: " + e.getMessage()));
                return;
            }
            Optional<String> notItsOwn = JsonHost.notItsOwn(exchange, request.hospitalId(), "hospital", "hospital");
            if (notItsOwn.isPresent()) {
                JsonHost.reply(exchange, 403, JsonHost.error(notItsOwn.get()));
                return;
            }
            JsonHost.reply(exchange, 200, body(host.claim(request)));
        }
    }

    private static void reversal(MedicalHost host, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                JsonHost.reply(exchange, 405, JsonHost.error("use POST"));
                return;
            }
            MedicalHost.ReversalRequest request;
            try {
                JsonNode n = JsonMapper.shared().readTree(exchange.getRequestBody().readAllBytes());
                request = new MedicalHost.ReversalRequest(JsonHost.text(n, "requestId"), JsonHost.text(n, "claimId"),
                        JsonHost.text(n, "hospitalId"));
            } catch (RuntimeException e) {
                JsonHost.reply(exchange, 400, JsonHost.error("malformed reversal request: " + e.getMessage()));
                return;
            }
            Optional<String> notItsOwn = JsonHost.notItsOwn(exchange, request.hospitalId(), "hospital", "hospital");
            if (notItsOwn.isPresent()) {
                JsonHost.reply(exchange, 403, JsonHost.error(notItsOwn.get()));
                return;
            }
            JsonHost.reply(exchange, 200, body(host.reverse(request)));
        }
    }

    private static void pinReload(PinUnblocking pins, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                JsonHost.reply(exchange, 405, JsonHost.error("use POST"));
                return;
            }
            PinUnblocking.Request request;
            try {
                JsonNode n = JsonMapper.shared().readTree(exchange.getRequestBody().readAllBytes());
                request = new PinUnblocking.Request(JsonHost.text(n, "requestId"), JsonHost.text(n,
                        "identificationCode"), JsonHost.text(n, "card"), JsonHost.text(n, "challenge"),
                        n.path("pinBytes").asInt(-1), Cities.find(JsonHost.text(n, "serviceCity")).orElseThrow(
                                () -> new IllegalArgumentException("serviceCity is not a city code")),
                        JsonHost.text(n, "counterId"));
            } catch (RuntimeException e) {
                JsonHost.reply(exchange, 400, JsonHost.error("malformed PIN reload request: " + e.getMessage()));
                return;
            }
            Optional<String> notItsOwn = JsonHost.notItsOwn(exchange, request.counterId(), "counter", "counter");
            if (notItsOwn.isPresent()) {
                JsonHost.reply(exchange, 403, JsonHost.error(notItsOwn.get()));
                return;
            }
            PinUnblocking.Answer a = pins.unblock(request);
            ObjectNode body = JsonMapper.shared().createObjectNode().put("approved", a.approved());
            JsonHost.reply(exchange, 200, a.approved() ? body.put("mac", a.mac()) : body.put("reason", a.refused()));
        }
    }

    private static ObjectNode body(Answer a) {
        ObjectNode body = JsonMapper.shared().createObjectNode();
        body.put("approved", a.approved());
        if (!a.approved()) {
            return body.put("reason", a.refused());
        }
        return body.put("claimId", a.claimId()).put("authorisation", a.authorisation())
                .put("total", a.split().total())
                .put("deductible", a.split().deductible()).put("fundPaid", a.split().fundPaid())
                .put("accountPaid", a.split().accountPaid()).put("selfPaid", a.split().selfPaid())
                .put("capReached", a.split().capReached());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
