package cn.yrd.onecard.terminal.medical;

import cn.yrd.onecard.terminal.host.HostLink;
import cn.yrd.onecard.terminal.medical.MedicalHost.Answer;
import cn.yrd.onecard.terminal.medical.MedicalHost.ClaimRequest;
import cn.yrd.onecard.terminal.medical.Reimbursement.Split;
import java.io.IOException;
import java.net.URI;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A hospital counter's side of a home city's medical host. A host that does not answer is an {@link IOException}
 * saying so: the counter records nothing, and may send the same request again (the host answers it once).
 */
public final class MedicalHostClient implements MedicalAuthoriser, PinUnblocker {
    private static final String HOST = "home city's medical host";
    private final HostLink link;
    private final URI claims;

    /** Over mutual TLS with {@code tls} (an {@code https} URI), or plain HTTP when {@code tls} is null. */
    public MedicalHostClient(URI host, SSLContext tls) {
        this.link = new HostLink(tls, HOST);
        this.claims = host.resolve("/claims");
    }

    @Override
    public Answer claim(ClaimRequest r) throws IOException {
        ObjectNode body = JsonMapper.shared().createObjectNode().put("requestId", r.requestId())
                .put("card", r.cardNumber()).put("serviceCity", r.serviceCity().code())
                .put("hospitalId", r.hospitalId()).put("level", r.care().level().name())
                .put("kind", r.care().kind().name()).put("total", r.total());
        return answer(link.post(claims, body));
    }

    @Override
    public Answer reverse(MedicalHost.ReversalRequest r) throws IOException {
        return answer(link.post(claims.resolve("/reversals"), JsonMapper.shared().createObjectNode()
                .put("requestId", r.requestId()).put("claimId", r.claimId()).put("hospitalId", r.hospitalId())));
    }

    @Override
    public PinUnblocking.Answer unblock(PinUnblocking.Request r) throws IOException {
        JsonNode n = link.post(claims.resolve("/pin-reloads"), JsonMapper.shared().createObjectNode()
                .put("requestId", r.requestId()).put("identificationCode", r.identificationCode())
                .put("card", r.cardNumber()).put("challenge", r.challenge()).put("pinBytes", r.pinBytes())
                .put("serviceCity", r.serviceCity().code()).put("counterId", r.counterId()));
        return n.path("approved").asBoolean() ? new PinUnblocking.Answer(n.path("mac").asString(), null)
                : new PinUnblocking.Answer(null, n.path("reason").asString());
    }

    private static Answer answer(JsonNode n) {
        if (!n.path("approved").asBoolean()) {
            return new Answer(null, null, null, n.path("reason").asString());
        }
        return new Answer(n.path("claimId").asString(), new Split(n.path("total").asLong(),
                n.path("deductible").asLong(), n.path("fundPaid").asLong(), n.path("accountPaid").asLong(),
                n.path("selfPaid").asLong(), n.path("capReached").asBoolean()), n.path("authorisation").asString(),
                null);
    }
}
