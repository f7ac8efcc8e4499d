package cn.yrd.onecard.terminal.counter;

import cn.yrd.onecard.card.CardSerial;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The settlement service's counter API as a counter calls it (docs/settlement.md, "A lost card's money"): HTTP Basic
 * as the counter's finance user, the idempotency key of each request, and the holder's app token when the card is
 * another city's.
 */
public final class CentreCounter implements Replacement.Centre {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI centre;
    private final String authorization;
    private final String holderToken;

    /** {@code holderToken}: the holder's city app token listing the card, or null at the card's own city. */
    public CentreCounter(URI centre, String user, char[] password, String holderToken) {
        this.centre = centre;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + new String(password))
                .getBytes(StandardCharsets.UTF_8));
        this.holderToken = holderToken;
    }

    @Override
    public long replace(CardSerial old, CardSerial newCard, String idempotencyKey) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(centre.resolve("/api/v1/counter/cards/" + old.digits()
                + "/replacement")).timeout(Duration.ofSeconds(30)).header("Authorization", authorization)
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"newCard\":\"" + newCard.digits() + "\"}"));
        if (holderToken != null) {
            b.header("X-Holder-Token", holderToken);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted asking the centre", e);
        }
        JsonNode answer;
        try {
            answer = JsonMapper.shared().readTree(r.body());
        } catch (RuntimeException e) {
            throw new IOException("the centre answered " + r.statusCode() + " with no JSON");
        }
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IOException("the centre refused the replacement (" + r.statusCode() + "): "
                    + answer.path("error").asString("no reason given"));
        }
        return answer.path("amountFen").asLong();
    }
}
