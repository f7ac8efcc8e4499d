package cn.yrd.onecard.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.TestIssuer;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card of a city outside the delta (a Beijing card's issuer ID names city 1000) at the region's terminals: refused
 * in one line that says why, and the terminal goes on serving the next card.
 */
class CardFromElsewhereTest {
    static final String REFUSED = "file 0x15 (public info): issuer ID city at offset 2: unknown city code '1000' (not "
            + "one of the 16 cities of the delta)";

    @TempDir
    Path dir;

    final TestIssuer issuer = new TestIssuer();

    @Test
    void aKiosksScriptedSessionRefusesTheCardAndGoesOnToTheNextLine() throws Exception {
        SimReaders readers = new SimReaders();
        SimReader kiosk = readers.plug("Kiosk");
        CardOs beijing = issuer.card("3205", "0000000000000901", 1000).issuedIn("1000");
        kiosk.field().present(beijing);
        Path script = Files.writeString(dir.resolve("kiosk.txt"), "show\ntopup 10\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        // The load host is never asked: the card is refused before a top-up gets that far.
        int exit = new TerminalCommand(out).run(new String[] {"kiosk", "--reader", "Kiosk PICC", "--city", "3205",
            "--host", "http://127.0.0.1:9", "--journal", dir.resolve("journal").toString(), "--script",
            script.toString()}, readers.terminalFactory());

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        assertThat(printed.lines().filter(l -> l.equals("card: not a card this desk can serve (" + REFUSED + ")")))
                .as("show, then topup: each answered, the session not ended by the first").hasSize(2);
        assertThat(SimCards.balance(beijing)).isEqualTo(1000);
    }

    @Test
    void aValidatorRefusesTheCardAndOpensForTheNext() throws Exception {
        SimReaders readers = new SimReaders();
        SimReader bus = readers.plug("Bus-3");
        bus.sam().present(issuer.psam("0000AB12CD34"));
        CardOs beijing = issuer.card("3205", "0000000000000902", 1000).issuedIn("1000");
        CardOs suzhou = issuer.card("3205", "0000000000000903", 1000);
        ValidatorRun validator = new ValidatorRun(readers, "Bus-3", dir.resolve("bus"), 2);
        validator.await("validator in Suzhou");
        bus.field().present(beijing);
        validator.await("not a card of the 16 cities (" + REFUSED + ")");
        bus.field().remove();
        Thread.sleep(200);
        bus.field().present(suzhou);

        assertThat(validator.exit()).isZero();
        assertThat(validator.printed()).containsPattern("OPEN +\\*+0903 Suzhou \\(3205\\)");
        assertThat(SimCards.balance(beijing)).isEqualTo(1000);
        assertThat(SimCards.balance(suzhou)).isEqualTo(800);
    }
}
