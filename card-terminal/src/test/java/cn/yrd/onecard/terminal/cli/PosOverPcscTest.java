package cn.yrd.onecard.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.TacVerifier;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.registry.MerchantRegister;
import cn.yrd.onecard.registry.MerchantRegister.Category;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;
import cn.yrd.onecard.registry.OpenBills;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.Tearing;
import cn.yrd.onecard.sim.card.TestIssuer;
import cn.yrd.onecard.sim.vpcd.VpcdSlot;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.TerminalFactory;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A taxi's till on the real PC/SC stack: amounts from its meter, cards and the PSAM behind pcscd. */
class PosOverPcscTest {
    static final Merchant TAXI = new Merchant("320500000000305", "Suzhou Taxi 305", Category.TAXI,
            Cities.byCode("3205"), 80, "622202320500003050");

    @TempDir
    Path dir;

    @BeforeEach
    void readersEmpty() throws Exception {
        VpcdReaders.empty();
    }

    @Test
    void aTaxiTakesTheMetersAmountsRefusesBadOnesAndExportsAMerchantDayFile() throws Exception {
        Path register = dir.resolve("3205-merchants.txt");
        Files.writeString(register, MerchantRegister.text(Cities.byCode("3205"), List.of(TAXI)));
        TestIssuer issuer = new TestIssuer();
        CardOs card = issuer.card("3301", "0000000000000707", 5000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PipedOutputStream meter = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(meter);
        try (VpcdSlot field = VpcdSlot.reader(0); VpcdSlot sam = VpcdSlot.reader(1)) {
            CompletableFuture<Integer> till = start(sam, issuer.psam("0000AB12CD40"), out, in, "pos", "--merchant",
                    TAXI.id(), "--merchants", register.toString(), "--reader", "Virtual PCD 00 00", "--sam-reader",
                    "Virtual PCD 00 01", "--journal", dir.resolve("journal").toString());
            meter.write("0\n-3\n250.00\n23.40\n".getBytes(StandardCharsets.UTF_8));
            meter.flush();
            VpcdReaders.awaitLines(bytes, "present the card for 23.40", 1);
            field.present(card);
            VpcdReaders.awaitLines(bytes, "RECEIPT", 1);
            field.remove();

            // The next fare: the card leaves the field in the middle of its DEBIT, then comes back.
            card.plan(Tearing.afterWrite(1));
            meter.write("18.00\n".getBytes(StandardCharsets.UTF_8));
            meter.flush();
            VpcdReaders.awaitLines(bytes, "present the card for 18.00", 1);
            field.present(card);
            VpcdReaders.awaitLines(bytes, "card removed mid-payment", 1);
            field.present(card);
            VpcdReaders.awaitLines(bytes, "RECEIPT", 2);
            field.remove();
            meter.close();
            assertThat(till.get(20, TimeUnit.SECONDS)).isZero();
        }
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("till of Suzhou Taxi 305 (TAXI, Suzhou (3205)), PSAM 0000AB12CD40")
                .contains("NOT PAID: the amount must be more than 0.00 yuan, got 0.00")
                .contains("NOT PAID: '-3' is not an amount in yuan with at most two decimals")
                .contains("NOT PAID: the amount 250.00 is above the single-payment limit of 200.00 yuan")
                .containsPattern("RECEIPT Suzhou Taxi 305 \\| card \\*+0707 Hangzhou \\(3301\\) \\| paid 23\\.40 yuan "
                        + "\\| balance 26\\.60 \\|")
                .containsPattern("RECEIPT Suzhou Taxi 305 \\| card \\*+0707 Hangzhou \\(3301\\) \\| paid 18\\.00 yuan "
                        + "\\| balance 8\\.60 \\|");
        assertThat(SimCards.balance(card)).as(log).isEqualTo(860);

        Path dayFile = dir.resolve("SZTAXI-1.txt");
        new TerminalCommand(out).run(new String[] {"export", "--date", LocalDate.now().toString(), "--journal",
            dir.resolve("journal").toString(), "--out", dayFile.toString(), "--sender", "SZTAXI", "--city", "3205"},
            null);
        assertThat(DayFileReader.readHeader(dayFile).kind()).isEqualTo(DayFileKind.MERCHANT);
        var records = DayFileReader.read(dayFile, RecordFormats.MERCHANT).records();
        assertThat(records).extracting(TransitRecord::amount).containsExactly(2340L, 1800L);
        TacVerifier clearing = new TacVerifier(c -> issuer.master(KeyPurpose.TAC, c));
        for (TransitRecord r : records) {
            assertThat(r.operatorId()).isEqualTo(TAXI.operatorId());
            assertThat(clearing.verifyPurchase(r.issuer(), r.algorithm(), r.cardSerial(), r.purchase(),
                    Hex.decodeHex(r.tac()))).isTrue();
        }
    }

    @Test
    void aUtilitiesKioskLooksEachBillUpPaysItOnceAndRefusesTheRest() throws Exception {
        Merchant water = new Merchant("320500000000077", "Suzhou Water Works", Category.UTILITY,
                Cities.byCode("3205"), 20, "622202320500007777");
        Path register = dir.resolve("3205-merchants.txt");
        Files.writeString(register, MerchantRegister.text(Cities.byCode("3205"), List.of(TAXI, water)));
        Path bills = dir.resolve("water-bills.txt");
        OpenBills.write(bills, water.id(), LocalDate.of(2026, 12, 1), List.of(
                new OpenBills.Bill("202612000001", "88001234", 8650, LocalDate.of(2026, 12, 20)),
                new OpenBills.Bill("202612000002", "88005678", 30_000, LocalDate.of(2026, 12, 20))));
        TestIssuer issuer = new TestIssuer();
        CardOs card = issuer.card("3205", "0000000000000808", 20_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keyboard);
        String[] kiosk = {"pos", "--merchant", water.id(), "--merchants", register.toString(), "--bills",
            bills.toString(), "--reader", "Virtual PCD 00 00", "--sam-reader", "Virtual PCD 00 01", "--journal",
            dir.resolve("journal").toString()};
        try (VpcdSlot field = VpcdSlot.reader(0); VpcdSlot sam = VpcdSlot.reader(1)) {
            CompletableFuture<Integer> till = start(sam, issuer.psam("0000AB12CD77"), out, in, kiosk);
            keyboard.write("999999\n202612000002\n202612000001\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            VpcdReaders.awaitLines(bytes, "present the card for 86.50", 1);
            field.present(card);
            VpcdReaders.awaitLines(bytes, "RECEIPT", 1);
            field.remove();
            keyboard.write("202612000001\n".getBytes(StandardCharsets.UTF_8));
            keyboard.close();
            assertThat(till.get(20, TimeUnit.SECONDS)).isZero();
        }
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("till of Suzhou Water Works (UTILITY, Suzhou (3205)), PSAM 0000AB12CD77, 0 unfinished "
                + "payment(s) in the journal; a bill number (2 open bills of 2026-12-01) a line")
                .contains("NOT PAID: no open bill '999999' of Suzhou Water Works (its list of 2026-12-01)")
                .contains("NOT PAID: the amount 300.00 is above the single-payment limit of 200.00 yuan")
                .contains("present the card for 86.50 yuan (bill 202612000001, account ****1234, due 2026-12-20)")
                .containsPattern("RECEIPT Suzhou Water Works bill 202612000001 account \\*{4}1234 \\| card \\*+0808 "
                        + "Suzhou \\(3205\\) \\| paid 86\\.50 yuan \\| balance 113\\.50 \\|")
                .containsPattern("NOT PAID: bill 202612000001 was already paid here on .* \\(TAC [0-9A-F]{8}\\)")
                .doesNotContain("88001234");
        assertThat(SimCards.balance(card)).as(log).isEqualTo(11_350);

        // The kiosk is a utility's, for that utility's bills only.
        String[] taxiWithBills = kiosk.clone();
        taxiWithBills[2] = TAXI.id();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TerminalCommand(out).run(taxiWithBills, null))
                .isInstanceOf(cn.yrd.onecard.cli.UsageException.class)
                .hasMessage("terminal pos: --bills is for a utility's kiosk; Suzhou Taxi 305 is TAXI");
    }

    /** The till command on pcscd's readers, once {@code psam} is in its slot: it runs until its input ends. */
    private static CompletableFuture<Integer> start(VpcdSlot slot, CardOs psam, PrintStream out,
            java.io.InputStream in, String... args) throws Exception {
        slot.present(psam);
        TerminalFactory pcsc = TerminalFactory.getDefault();
        assertThat(pcsc.terminals().getTerminal("Virtual PCD 00 01").waitForCardPresent(10_000)).isTrue();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new TerminalCommand(out, in).run(args, pcsc);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
