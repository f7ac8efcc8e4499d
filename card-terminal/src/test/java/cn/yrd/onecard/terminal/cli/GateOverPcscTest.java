package cn.yrd.onecard.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.TacVerifier;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.Tearing;
import cn.yrd.onecard.sim.card.TestIssuer;
import cn.yrd.onecard.sim.vpcd.VpcdSlot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.TerminalFactory;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The validator command on the real PC/SC stack: simulated card and PSAM behind pcscd, as on a bus. */
class GateOverPcscTest {
    @TempDir
    Path dir;

    @BeforeEach
    void readersEmpty() throws Exception {
        VpcdReaders.empty();
    }

    @Test
    void aValidatorChargesTwoTapsThroughPcscAndExportsThemForClearing() throws Exception {
        TestIssuer issuer = new TestIssuer();
        CardOs card = issuer.card("3301", "0000000000000808", 1000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (VpcdSlot field = VpcdSlot.reader(0); VpcdSlot sam = VpcdSlot.reader(1)) {
            TerminalFactory pcsc = present(sam, issuer.psam("0000AB12CD34"));
            new TerminalCommand(out).run(new String[] {"readers"}, pcsc);

            CompletableFuture<Integer> validator = validator(out, pcsc, 2);
            for (int tap = 1; tap <= 2; tap++) {
                field.present(card);
                VpcdReaders.awaitLines(bytes, "OPEN", tap);
                field.remove();
            }
            assertThat(validator.get(20, TimeUnit.SECONDS)).isZero();
        }
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("Virtual PCD 00 00").contains("Virtual PCD 00 01  (card present)")
                .contains("validator in Suzhou (3205), bus, PSAM 0000AB12CD34")
                .containsPattern("OPEN +\\*+0808 Hangzhou \\(3301\\) fare 2\\.00 balance 8\\.00")
                .containsPattern("OPEN +\\*+0808 Hangzhou \\(3301\\) fare 2\\.00 balance 6\\.00");
        assertThat(SimCards.balance(card)).isEqualTo(600);

        Path dayFile = dir.resolve("SZBUS-1.txt");
        new TerminalCommand(out).run(new String[] {"export", "--date", LocalDate.now().toString(), "--journal",
            dir.resolve("journal").toString(), "--out", dayFile.toString(), "--sender", "SZBUS", "--city", "3205"}, null);
        var records = DayFileReader.read(dayFile, RecordFormats.TRANSIT).records();
        assertThat(records).hasSize(2);
        TacVerifier clearing = new TacVerifier(c -> issuer.master(KeyPurpose.TAC, c));
        for (TransitRecord r : records) {
            assertThat(r.cardSerial()).isEqualTo(CardSerial.of("0000000000000808"));
            assertThat(clearing.verifyPurchase(r.issuer(), r.algorithm(), r.cardSerial(), r.purchase(),
                    Hex.decodeHex(r.tac()))).isTrue();
        }
    }

    /**
     * Cards that answer the other ways ISO 7816 allows, behind the real daemon (issue 22, docs/conformance.md): as T=0
     * cards do ({@code 61xx} before every case-4 answer, {@code 6Cxx} to a case-2 command without the exact Le: the
     * JDK's PC/SC channel fetches and resends), whole or in a chain of 16-byte pieces, and a card that refuses a case-4 command sent without Le ({@code 6700}:
     * the terminal resends it with Le 00). The validator charges each as any card, once.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"answering as T=0", "answering in pieces of 16 bytes", "requiring Le"})
    void aCardAnsweringTheOtherWaysIsChargedThroughPcsc(String how) throws Exception {
        TestIssuer issuer = new TestIssuer();
        CardOs card = issuer.card("3205", "0000000000000707", 1000);
        switch (how) {
            case "answering as T=0" -> card.answeringAsT0();
            case "answering in pieces of 16 bytes" -> card.answeringInPiecesOf(16);
            default -> card.requiringLe();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (VpcdSlot field = VpcdSlot.reader(0); VpcdSlot sam = VpcdSlot.reader(1)) {
            CompletableFuture<Integer> validator = validator(sam, issuer.psam("0000AB12CD36"), out, 1);
            field.present(card);
            VpcdReaders.awaitLines(bytes, "OPEN", 1);
            field.remove();
            assertThat(validator.get(20, TimeUnit.SECONDS)).isZero();
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .containsPattern("OPEN +\\*+0707 Suzhou \\(3205\\) fare 2\\.00 balance 8\\.00");
        assertThat(SimCards.balance(card)).isEqualTo(800);
    }

    /**
     * A PSAM provisioned without one city's purchase key refuses that city's cards (INIT SAM FOR PURCHASE: 9403): the
     * validator refuses the tap, charges nothing and goes on with the next card; it used to stop on the status word.
     */
    @Test
    void aPsamWithoutACitysKeyRefusesItsCardsAndTheValidatorGoesOn() throws Exception {
        TestIssuer issuer = new TestIssuer();
        CardOs suzhou = issuer.card("3205", "0000000000000808", 1000);
        CardOs hangzhou = issuer.card("3301", "0000000000000809", 1000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (VpcdSlot field = VpcdSlot.reader(0); VpcdSlot sam = VpcdSlot.reader(1)) {
            CompletableFuture<Integer> validator = validator(sam, issuer.psamWithout("0000AB12CD37", "3205"), out, 2);
            field.present(suzhou);
            VpcdReaders.awaitLines(bytes, "REFUSE", 1);
            field.remove();
            field.present(hangzhou);
            VpcdReaders.awaitLines(bytes, "OPEN", 1);
            field.remove();
            assertThat(validator.get(20, TimeUnit.SECONDS)).isZero();
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .containsPattern("REFUSE +\\*+0808 .*PSAM INIT FOR PURCHASE: 9403 key not found")
                .containsPattern("OPEN +\\*+0809 Hangzhou");
        assertThat(SimCards.balance(suzhou)).as("nothing charged").isEqualTo(1000);
        assertThat(SimCards.balance(hangzhou)).isLessThan(1000);
    }

    /**
     * A card pulled in the middle of its DEBIT behind the real daemon: pcscd answers the unfinished command with no
     * bytes, the validator refuses the tap (it used to crash), and the tap after settles the purchase once.
     */
    @Test
    void aCardPulledMidPurchaseIsRefusedAndChargedOnceWhenTappedAgain() throws Exception {
        TestIssuer issuer = new TestIssuer();
        CardOs card = issuer.card("3205", "0000000000000909", 1000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (VpcdSlot field = VpcdSlot.reader(0); VpcdSlot sam = VpcdSlot.reader(1)) {
            CompletableFuture<Integer> validator = validator(sam, issuer.psam("0000AB12CD35"), out, 2);
            card.plan(Tearing.afterWrite(1));
            field.present(card);
            VpcdReaders.awaitLines(bytes, "REFUSE card removed mid-tap", 1);
            field.present(card);
            VpcdReaders.awaitLines(bytes, "OPEN", 1);
            field.remove();
            assertThat(validator.get(20, TimeUnit.SECONDS)).isZero();
        }
        assertThat(SimCards.balance(card)).as(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(800);
        Path dayFile = dir.resolve("SZBUS-1.txt");
        new TerminalCommand(out).run(new String[] {"export", "--date", LocalDate.now().toString(), "--journal",
            dir.resolve("journal").toString(), "--out", dayFile.toString(), "--sender", "SZBUS", "--city", "3205"}, null);
        assertThat(DayFileReader.read(dayFile, RecordFormats.TRANSIT).records()).hasSize(1);
    }

    /** {@code terminal validator} on the two vpcd readers in Suzhou, line 5, until {@code taps} taps, in the background. */
    /** The PSAM {@code psam} in the slot {@code sam}, then a validator taking {@code taps} taps through pcscd. */
    private CompletableFuture<Integer> validator(VpcdSlot sam, CardOs psam, PrintStream out, int taps)
            throws Exception {
        return validator(out, present(sam, psam), taps);
    }

    /** The PSAM {@code psam} in the slot {@code sam}, once pcscd sees it. */
    private static TerminalFactory present(VpcdSlot sam, CardOs psam) throws Exception {
        sam.present(psam);
        TerminalFactory pcsc = TerminalFactory.getDefault();
        assertThat(pcsc.terminals().getTerminal("Virtual PCD 00 01").waitForCardPresent(10_000)).isTrue();
        return pcsc;
    }

    private CompletableFuture<Integer> validator(PrintStream out, TerminalFactory pcsc, int taps) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new TerminalCommand(out).run(new String[] {"validator", "--reader", "Virtual PCD 00 00",
                    "--sam-reader", "Virtual PCD 00 01", "--city", "3205", "--line", "5", "--journal",
                    dir.resolve("journal").toString(), "--taps", Integer.toString(taps)}, pcsc);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
