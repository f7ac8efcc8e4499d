package cn.yrd.onecard.terminal.pension;

import cn.yrd.onecard.terminal.host.HostLink;
import cn.yrd.onecard.terminal.pension.PensionHost.Payout;
import cn.yrd.onecard.terminal.pension.PensionHost.Proof;
import cn.yrd.onecard.terminal.pension.PensionHost.Request;
import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.YearMonth;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A pension counter's side of a home city's pension host; a host that does not answer is an {@link IOException}. */
public final class PensionHostClient implements PensionAuthoriser {
    private static final String HOST = "home city's pension host";
    private final HostLink link;
    private final URI host;

    /** Over mutual TLS with {@code tls} (an {@code https} URI), or plain HTTP when {@code tls} is null. */
    public PensionHostClient(URI host, SSLContext tls) {
        this.link = new HostLink(tls, HOST);
        this.host = host;
    }

    @Override
    public Payout payout(Request r) throws IOException {
        JsonNode n = link.post(host.resolve("/payouts"), body(r));
        return !n.path("approved").asBoolean() ? new Payout(null, 0, null, null, null, n.path("reason").asString())
                : new Payout(n.path("payoutId").asString(), n.path("amount").asLong(),
                        YearMonth.parse(n.path("from").asString()), YearMonth.parse(n.path("to").asString()),
                        n.path("authorisation").asString(), null);
    }

    @Override
    public Proof certify(Request r) throws IOException {
        JsonNode n = link.post(host.resolve("/proofs"), body(r));
        return !n.path("approved").asBoolean() ? new Proof(null, null, null, n.path("reason").asString())
                : new Proof(n.path("proofId").asString(), LocalDate.parse(n.path("certifiedUntil").asString()),
                        n.path("authorisation").asString(), null);
    }

    private static ObjectNode body(Request r) {
        return JsonMapper.shared().createObjectNode().put("requestId", r.requestId()).put("card", r.cardNumber())
                .put("serviceCity", r.serviceCity().code()).put("agentId", r.agentId());
    }
}
