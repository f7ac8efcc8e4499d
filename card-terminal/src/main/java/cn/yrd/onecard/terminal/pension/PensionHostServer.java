package cn.yrd.onecard.terminal.pension;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.pki.Role;
import cn.yrd.onecard.terminal.host.JsonHost;
import cn.yrd.onecard.terminal.pension.PensionHost.Payout;
import cn.yrd.onecard.terminal.pension.PensionHost.Proof;
import cn.yrd.onecard.terminal.pension.PensionHost.Request;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A home city's pension host on the network: {@code POST /payouts} and {@code POST /proofs}, each with a JSON request
 * (requestId, card, serviceCity, agentId), answer the payout or the proof of life, or the refusal; a malformed
 * request gets 400 and one line saying what is wrong. Over mutual TLS a pension agent shows its certificate (a
 * sender's of the region) or a kiosk its own (proofs of life only), or gets no connection, and asks in its own name
 * only (a kiosk's is its terminal number).
 */
public final class PensionHostServer implements AutoCloseable {
    private final HttpServer server;

    public PensionHostServer(PensionHost host, String address, int port, SSLContext tls) throws IOException {
        server = JsonHost.start(address, port, tls, Map.of(
                "/payouts", exchange -> handle(exchange, true, r -> payout(host.payout(r))),
                "/proofs", exchange -> handle(exchange, false, r -> proof(host.certify(r)))));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private interface Answering {
        ObjectNode answer(Request r) throws IOException;
    }

    /** {@code agentsOnly}: a payout is a pension agent's business; a kiosk certifies (proofs of life) only. */
    private static void handle(HttpExchange exchange, boolean agentsOnly, Answering answering) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                JsonHost.reply(exchange, 405, JsonHost.error("use POST"));
                return;
            }
            if (agentsOnly && JsonHost.clientRole(exchange).filter(r -> r != Role.SENDER).isPresent()) {
                JsonHost.reply(exchange, 403, JsonHost.error("a kiosk takes proofs of life; payouts are a pension "
                        + "agent's"));
                return;
            }
            Request request;
            try {
                JsonNode n = JsonMapper.shared().readTree(exchange.getRequestBody().readAllBytes());
                request = new Request(JsonHost.text(n, "requestId"), JsonHost.text(n, "card"),
                        Cities.find(JsonHost.text(n, "serviceCity")).orElseThrow(() -> new IllegalArgumentException(
                                "serviceCity is not a city code")), JsonHost.text(n, "agentId"));
            } catch (RuntimeException e) {
                JsonHost.reply(exchange, 400, JsonHost.error("malformed pension request: " + e.getMessage()));
                return;
            }
            Optional<String> notItsOwn = JsonHost.notItsOwn(exchange, request.agentId(), "counter", "counter");
            if (notItsOwn.isPresent()) {
                JsonHost.reply(exchange, 403, JsonHost.error(notItsOwn.get()));
                return;
            }
            JsonHost.reply(exchange, 200, answering.answer(request));
        }
    }

    private static ObjectNode payout(Payout p) {
        ObjectNode body = JsonMapper.shared().createObjectNode().put("approved", p.approved());
        return !p.approved() ? body.put("reason", p.refused()) : body.put("payoutId", p.payoutId())
                .put("amount", p.amount()).put("from", p.from().toString()).put("to", p.to().toString())
                .put("authorisation", p.authorisation());
    }

    private static ObjectNode proof(Proof p) {
        ObjectNode body = JsonMapper.shared().createObjectNode().put("approved", p.approved());
        return !p.approved() ? body.put("reason", p.refused()) : body.put("proofId", p.proofId())
                .put("certifiedUntil", p.certifiedUntil().toString()).put("authorisation", p.authorisation());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
