package cn.yrd.onecard.sim.vpcd;

import static cn.yrd.onecard.TestHex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.yrd.onecard.card.PurseLogEntry;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.TestGate;
import cn.yrd.onecard.sim.card.TestIssuer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.Card;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Programs nobody here wrote read the simulated card through the real PC/SC stack: opensc-tool, pcsc_scan,
 * a python3-pyscard script, and the JDK's own PC/SC provider.
 */
class ThirdPartyClientsTest {
    static final String READER = "Virtual PCD 00 00";

    private final TestIssuer issuer = new TestIssuer();
    private VpcdSlot slot;
    private CardOs card;

    @BeforeEach
    void cardInTheField() throws Exception {
        assumeTrue(PcscDaemon.running(), PcscDaemon.MISSING);
        card = issuer.card("3205", "0000000000000077", 2000);
        TestGate gate = new TestGate(issuer.psam("0000AB12CD34"), "0000AB12CD34");
        gate.purchase(card, 300, false);
        gate.purchase(card, 250, true);
        slot = VpcdSlot.reader(0);
        slot.present(card);
        awaitReader(true);
    }

    @AfterEach
    void takeItAway() throws Exception {
        if (slot != null) {
            slot.close();
            awaitReader(false);
        }
    }

    @Test
    void openscToolListsTheReaderAndSelectsThePurse() throws Exception {
        assertThat(run("opensc-tool", "--list-readers")).contains(READER);
        String out = run("opensc-tool", "--reader", "0", "--send-apdu", "00:A4:04:00:08:A0:00:00:06:32:01:01:05",
                "--send-apdu", "80:5C:00:02:04");
        assertThat(out).contains("Received (SW1=0x90, SW2=0x00)").contains("MOT_T_EP").contains("00 00 05 AA");
    }

    @Test
    void pcscScanSeesTheCardAndItsAtr() throws Exception {
        String out = run("pcsc_scan", "-n", "-t", "2");
        assertThat(out).contains("Reader 0: " + READER).contains("Card inserted")
                .contains("ATR: 3B 8A 80 01 4F 4E 45 43 41 52 44 2D 45 50");
    }

    @Test
    void aPyscardScriptReadsBalanceAndLogLikeACardReadingApp() throws Exception {
        String out = run("/usr/bin/python3", Path.of("scripts", "read-purse.py").toString(), READER);
        assertThat(out.lines().toList()).containsExactly(
                "balance 1450",
                "record 1: atc 2 amount 250 type 09 terminal 0000AB12CD34 time 20261123081500",
                "record 2: atc 1 amount 300 type 06 terminal 0000AB12CD34 time 20261123081500");
    }

    /**
     * A script that dumps the card as Metrodroid does, by SFI and by file identifier (docs/conformance.md), through the
     * real daemon: every file with something in it (the two purchases wrote no trip record), the purse log's two
     * records, the balance and the negative purse (none in use), and by identifier file 0x15 and the log again.
     */
    @Test
    void aPyscardScriptDumpsTheCardAsMetrodroidDoes() throws Exception {
        String out = run("/usr/bin/python3", Path.of("scripts", "dump-card.py").toString(), READER);
        assertThat(out.lines().toList()).containsExactly(
                "sfi 15: binary 30 bytes",
                "sfi 16: binary 55 bytes",
                "sfi 17: binary 60 bytes",
                "sfi 18: records 23 23",
                "sfi 1A: records 128",
                "balance p1 0: 000005AA",
                "balance p1 1: 00000000",
                "balance p1 3: 000005AA",
                "id 0015: binary 30 bytes",
                "id 0018: records 23 23");
    }

    @Test
    void theJdksOwnPcscProviderTalksToTheSimulatedCard() throws Exception {
        CardTerminal terminal = TerminalFactory.getDefault().terminals().getTerminal(READER);
        assertThat(terminal).isNotNull();
        Card c = terminal.connect("*");
        try {
            var channel = c.getBasicChannel();
            assertThat(channel.transmit(new CommandAPDU(hex("00A4040008A000000632010105"))).getSW())
                    .isEqualTo(0x9000);
            byte[] log = channel.transmit(new CommandAPDU(hex("00B201C400"))).getData();
            assertThat(PurseLogEntry.decode(log).amount()).isEqualTo(250);
            assertThat(channel.transmit(new CommandAPDU(hex("8054010000"))).getSW())
                    .as("a malformed DEBIT gets a status word, the reader lives on").isEqualTo(0x6700);
            assertThat(channel.transmit(new CommandAPDU(hex("805C000204"))).getSW()).isEqualTo(0x9000);
        } finally {
            c.disconnect(false);
        }
    }

    private void awaitReader(boolean present) throws Exception {
        for (int i = 0; i < 50; i++) {
            if (run("opensc-tool", "--list-readers").lines()
                    .anyMatch(l -> l.contains(READER) && l.contains(present ? "Yes" : "No"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("pcscd never saw the card " + (present ? "arrive" : "leave"));
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 20 s");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
