package cn.yrd.onecard.terminal.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.card.CardSerial;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The counter's side of the centre's replacement API (docs/settlement.md, "A lost card's money"; the service's side is
 * settlement's CardCasesTest): what it sends (the officer's Basic credentials, the idempotency key, the holder's token,
 * the new card) and what it makes of the answers, against a stand-in that answers as the service does.
 */
class CentreCounterTest {
    private HttpServer server;
    private final List<String> seen = new ArrayList<>();
    private int status = 201;
    private String answer = "{\"card\":\"3205********0021\",\"outcome\":\"REPLACED\",\"amountFen\":2345,"
            + "\"status\":\"replaced by 3302********9041 at 2026-12-04T20:30\",\"replayed\":false}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/counter/cards/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("Idempotency-Key") + " "
                    + exchange.getRequestHeaders().getFirst("X-Holder-Token") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsTheOfficerTheKeyAndTheHoldersTokenAndReadsTheAmount() throws Exception {
        CentreCounter centre = new CentreCounter(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "nb.counter", "s3cret".toCharArray(), "eyJ.holder.token");

        long moved = centre.replace(CardSerial.of("3205000000000021"), CardSerial.of("3302000000009041"), "REPL-1-2");

        assertThat(moved).isEqualTo(2345);
        assertThat(seen).containsExactly("POST /api/v1/counter/cards/3205000000000021/replacement Basic "
                + Base64.getEncoder().encodeToString("nb.counter:s3cret".getBytes(StandardCharsets.UTF_8))
                + " REPL-1-2 eyJ.holder.token {\"newCard\":\"3302000000009041\"}");
    }

    @Test
    void aRefusalIsOneLineWithTheCentresReason() {
        status = 400;
        answer = "{\"error\":\"card 3205********0021 can be replaced from 2026-12-11T12:00, 7 day(s) after it was "
                + "listed: its last offline rides reach clearing first\"}";
        CentreCounter centre = new CentreCounter(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "nb.counter", "s3cret".toCharArray(), null);

        assertThatThrownBy(() -> centre.replace(CardSerial.of("3205000000000021"), CardSerial.of("3302000000009041"),
                "REPL-1-2")).isInstanceOf(IOException.class).hasMessage("the centre refused the replacement (400): "
                        + "card 3205********0021 can be replaced from 2026-12-11T12:00, 7 day(s) after it was listed: "
                        + "its last offline rides reach clearing first");
        assertThat(seen).singleElement().asString().contains(" null {");
    }
}
