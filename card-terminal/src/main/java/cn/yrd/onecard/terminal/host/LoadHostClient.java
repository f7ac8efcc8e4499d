package cn.yrd.onecard.terminal.host;

import java.io.IOException;
import java.net.URI;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The kiosk's side of the load host's HTTP API. */
public final class LoadHostClient implements LoadAuthoriser {
    private final HostLink link;
    private final URI loads;

    public LoadHostClient(URI host) {
        this(host, null);
    }

    /** Over mutual TLS with {@code tls} (an {@code https} URI): the kiosk shows its certificate, checks the host's. */
    public LoadHostClient(URI host, SSLContext tls) {
        this.link = new HostLink(tls, "load host");
        this.loads = host.resolve("/loads");
    }

    @Override
    public LoadAuthorisation authorise(LoadRequest r) throws IOException {
        ObjectNode body = JsonMapper.shared().createObjectNode();
        body.put("requestId", r.requestId());
        body.put("card", r.card().digits());
        body.put("issuer", r.issuer().code());
        body.put("algorithm", r.algorithm().name());
        body.put("onlineAtc", r.onlineAtc());
        body.put("random", r.random());
        body.put("oldBalance", r.oldBalance());
        body.put("amount", r.amount());
        body.put("terminalNo", r.terminalNo());
        body.put("time", r.time().toString());
        body.put("mac1", r.mac1());
        JsonNode n = link.post(loads, body);
        return new LoadAuthorisation(n.path("requestId").asString(), n.path("approved").asBoolean(),
                n.hasNonNull("mac2") ? n.get("mac2").asString() : null,
                n.hasNonNull("reason") ? n.get("reason").asString() : null);
    }
}
