package cn.yrd.onecard.sim.console;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.TestIssuer;
import cn.yrd.onecard.sim.vpcd.VpcdSlot;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's script mode: what a person or a script types, and what it answers. */
class SimCommandTest {
    private final TestIssuer issuer = new TestIssuer();

    @Test
    void aScriptTapsSwapsAndRemovesCards() throws Exception {
        CardOs first = issuer.card("3205", "0000000000001111", 2000);
        CardOs second = issuer.card("3301", "0000000000002222", 350);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (VpcdSlot field = new VpcdSlot("127.0.0.1", freePort());
                VpcdSlot sam = new VpcdSlot("127.0.0.1", freePort())) {
            SimCommand sim = new SimCommand(List.of(first, second), field, sam,
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
            int code = sim.serve(new BufferedReader(new StringReader("""
                    # a commuter from Suzhou, then one from Hangzhou
                    tap 1
                    swap 2
                    cards
                    tear 2 answer 3
                    remove
                    status
                    """)), false);
            assertThat(code).isEqualTo(Cli.OK);
            assertThat(field.card()).isNull();
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("tapped Suzhou (3205) transit card ************1111")
                .contains("tapped Hangzhou (3301) transit card ************2222")
                .containsPattern("1  Suzhou \\(3205\\) transit card \\*+1111 +20\\.00 yuan")
                .containsPattern("2  Hangzhou \\(3301\\) transit card \\*+2222 +3\\.50 yuan  \\(in the field\\)")
                .contains("will lose power before answering command 3")
                .contains("field empty")
                .contains("field: empty, 0 APDUs; SAM: empty, 0 APDUs")
                .doesNotContain("0000000000001111");
    }

    @Test
    void aScriptStopsAtItsFirstMistakeWithALineSayingWhat() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (VpcdSlot field = new VpcdSlot("127.0.0.1", freePort());
                VpcdSlot sam = new VpcdSlot("127.0.0.1", freePort())) {
            SimCommand sim = new SimCommand(List.of(issuer.card("3205", "0000000000001111", 2000)), field, sam,
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
            assertThat(sim.serve(new BufferedReader(new StringReader("tap 7\ntap 1\n")), false)).isEqualTo(Cli.USAGE);
            assertThat(field.card()).as("the line after the mistake did not run").isNull();
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).strip()).isEqualTo("sim: there is no card 7 (cards 1..1)");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
