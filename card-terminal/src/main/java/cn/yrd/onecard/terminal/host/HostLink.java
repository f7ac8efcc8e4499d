package cn.yrd.onecard.terminal.host;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A terminal's link to one of the cities' hosts ({@link JsonHost}): it posts a request's JSON and takes the 200
 * answer's; no answer, or another status, is an {@link IOException} saying so. Connections time out after 3 s and are
 * kept alive between requests, over mutual TLS or plain HTTP.
 *
 * <p>A request whose connection is cut before the answer, once this link has had an answer (so it may have sent on a
 * kept connection), is sent once more on a new one. The host closes a connection idle for 30 s, and a request sent on
 * it just as it closes gets no bytes back. The JDK's client sends again by itself only for idempotent methods, which a
 * POST is not; ours are, because every request carries the id each host answers once (the same id again gets the same
 * answer). A link's first request is not sent again: its connection was new, and a cut one then is the host refusing
 * the handshake (under TLS 1.3 the client learns so only when it reads), which asking again would not change.
 */
public final class HostLink {
    private final HttpClient http;
    private final String host;
    private volatile boolean answeredBefore;

    /** To the {@code host} (its name, for the messages), over mutual TLS with {@code tls}, plain HTTP if null. */
    public HostLink(SSLContext tls, String host) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
        this.http = (tls == null ? b : b.sslContext(tls)).build();
        this.host = host;
    }

    /** {@code body} posted to {@code uri}: the 200 answer's JSON. */
    public JsonNode post(URI uri, ObjectNode body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonMapper.shared().writeValueAsString(body))).build();
        HttpResponse<String> response;
        try {
            response = sendAgainIfCut(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted asking the " + host, e);
        } catch (IOException e) {
            throw new IOException("the " + host + " at " + uri + " does not answer (" + e + ")", e);
        }
        answeredBefore = true;
        JsonNode n = JsonMapper.shared().readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IOException("the " + host + " answered " + response.statusCode() + ": "
                    + n.path("error").asString(""));
        }
        return n;
    }

    private HttpResponse<String> sendAgainIfCut(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException | ConnectException | SSLException e) {
            throw e; // a host that is slow, not there or refusing the link: asking again changes nothing
        } catch (IOException e) {
            if (!answeredBefore) {
                throw e;
            }
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
