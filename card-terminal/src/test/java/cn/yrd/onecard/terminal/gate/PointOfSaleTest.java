package cn.yrd.onecard.terminal.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.TacVerifier;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.registry.MerchantRegister.Category;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;
import cn.yrd.onecard.registry.OpenBills;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.Tearing;
import cn.yrd.onecard.terminal.fare.Ride;
import cn.yrd.onecard.terminal.journal.DayFileExport;
import cn.yrd.onecard.terminal.reader.CardRemovedException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A merchant's till on a simulated reader: the purse pays what the till says, once, with a TAC clearing verifies. */
class PointOfSaleTest {
    static final Merchant TEA_HOUSE = new Merchant("320500000000017", "Lanting Tea House", Category.RETAIL,
            Cities.byCode("3205"), 60, "622202320500001234");
    static final Merchant FILLING_STATION = new Merchant("320500000000042", "Xinghu Filling Station", Category.FUEL,
            Cities.byCode("3205"), 40, "622202320500009876");

    static final Merchant WATER_WORKS = new Merchant("320500000000077", "Suzhou Water Works", Category.UTILITY,
            Cities.byCode("3205"), 20, "622202320500007777");
    static final OpenBills.Bill WATER_BILL = new OpenBills.Bill("202611000123", "88001234", 8650,
            LocalDate.of(2026, 12, 15));

    @TempDir
    Path dir;

    @Test
    void theCardPaysTheAmountOnceAndTheReceiptCarriesATacThatVerifies() throws Exception {
        try (GateHarness h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0)) {
            CardOs card = h.card("3100", CardType.NORMAL, 5000);
            PointOfSale till = h.till(TEA_HOUSE);
            TapResult paid = h.pay(till, card, 1250);

            assertThat(paid.open()).isTrue();
            assertThat(SimCards.balance(card)).isEqualTo(3750);
            TransitRecord r = paid.record();
            assertThat(r.type()).isEqualTo(TransactionType.PURCHASE);
            assertThat(r.industry()).isEqualTo(Industry.MERCHANT);
            assertThat(r.operatorId()).isEqualTo(TEA_HOUSE.operatorId());
            assertThat(r.issuer().code()).isEqualTo("3100");
            assertThat(r.acquirer().code()).isEqualTo("3205");
            assertThat(paid.receipt(TEA_HOUSE.name())).startsWith("RECEIPT Lanting Tea House | card ")
                    .contains("| paid 12.50 yuan | balance 37.50 |", "TAC " + r.tac());
            TacVerifier clearing = new TacVerifier(c -> h.issuer.master(KeyPurpose.TAC, c));
            assertThat(clearing.verifyPurchase(r.issuer(), r.algorithm(), r.cardSerial(), r.purchase(),
                    Hex.decodeHex(r.tac()))).as("the TAC of a type 06 purchase").isTrue();
        }
    }

    @Test
    void aBadAmountIsRefusedBeforeTheCardIsTouched() throws Exception {
        try (GateHarness h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0)) {
            CardOs card = h.card("3205", CardType.NORMAL, 50_000);
            PointOfSale till = h.till(TEA_HOUSE);
            int before = h.link.apduCounter().get();
            assertThat(h.pay(till, card, 0).reason()).isEqualTo("the amount must be more than 0.00 yuan, got 0.00");
            assertThat(h.pay(till, card, -5).reason()).isEqualTo("the amount must be more than 0.00 yuan, got -0.05");
            assertThat(h.pay(till, card, 20_001).reason())
                    .isEqualTo("the amount 200.01 is above the single-payment limit of 200.00 yuan");
            assertThat(h.link.apduCounter().get()).as("no APDU sent").isEqualTo(before);
            assertThat(SimCards.balance(card)).isEqualTo(50_000);
            assertThat(h.journal.completed()).isEmpty();
        }
    }

    @Test
    void aCardShortOfTheAmountIsRefusedWithWhatItHolds() throws Exception {
        try (GateHarness h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0)) {
            CardOs card = h.card("3205", CardType.NORMAL, 350);
            TapResult r = h.pay(h.till(TEA_HOUSE), card, 1200);
            assertThat(r.open()).isFalse();
            assertThat(r.reason()).isEqualTo("insufficient balance for 12.00 (the card holds 3.50)");
            assertThat(r.receipt(TEA_HOUSE.name())).startsWith("NOT PAID ");
            assertThat(SimCards.balance(card)).isEqualTo(350);
            assertThat(h.journal.completed()).isEmpty();
            assertThat(h.journal.pending()).isEmpty();
        }
    }

    @Test
    void aStudentCardDoesNotPayForFuel() throws Exception {
        try (GateHarness h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0)) {
            CardOs card = h.card("3205", CardType.STUDENT, 5000);
            TapResult r = h.pay(h.till(FILLING_STATION), card, 1000);
            assertThat(r.open()).isFalse();
            assertThat(r.reason()).isEqualTo("a student card does not pay for fuel");
            assertThat(SimCards.balance(card)).isEqualTo(5000);
            assertThat(h.pay(h.till(TEA_HOUSE), card, 1000).open()).as("but pays at a shop").isTrue();
        }
    }

    @Test
    void aPaymentCutOffAfterTheDebitIsProvedNextTimeAndNotTakenTwice() throws Exception {
        try (GateHarness h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0)) {
            CardOs card = h.card("3205", CardType.NORMAL, 5000);
            PointOfSale till = h.till(TEA_HOUSE);
            // A home card's payment sends it SELECT, INITIALIZE FOR PURCHASE, DEBIT: the card debits,
            // the answer is lost.
            card.plan(Tearing.beforeAnswer(3));
            assertThatThrownBy(() -> h.pay(till, card, 800)).isInstanceOf(CardRemovedException.class);
            assertThat(h.journal.pending()).hasSize(1);
            assertThat(SimCards.balance(card)).as("the card paid").isEqualTo(4200);

            TapResult again = h.pay(till, card, 800);
            assertThat(again.open()).isTrue();
            assertThat(again.reason()).isEqualTo("previous tap completed (proved by the card)");
            assertThat(again.receipt(TEA_HOUSE.name())).contains("paid 8.00 yuan", "balance 42.00");
            assertThat(SimCards.balance(card)).as("not taken twice").isEqualTo(4200);
            assertThat(h.journal.completed()).hasSize(1);
            assertThat(h.journal.pending()).isEmpty();
        }
    }

    @Test
    void ridesAndPaymentsFollowOneChainOfTheCardAndTheTillsJournalGivesAMerchantDayFile() throws Exception {
        try (GateHarness h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0)) {
            CardOs card = h.card("3205", CardType.NORMAL, 5000);
            PointOfSale till = h.till(TEA_HOUSE);
            List<TransitRecord> chain = new ArrayList<>();
            chain.add(h.tap(card).record());
            h.clock.advanceMinutes(5);
            chain.add(h.pay(till, card, 1500).record());
            h.clock.advanceMinutes(5);
            chain.add(h.tap(card).record());
            for (int i = 1; i < chain.size(); i++) {
                assertThat(chain.get(i).atc()).isEqualTo(chain.get(i - 1).atc() + 1);
                assertThat(chain.get(i).balanceBefore()).isEqualTo(chain.get(i - 1).balanceAfter());
            }
            assertThat(chain.get(2).balanceAfter()).isEqualTo(SimCards.balance(card));

            assertThatThrownBy(() -> DayFileExport.export(h.journal, LocalDate.of(2026, 11, 23), "SZTEA",
                    Cities.byCode("3205"), 1, dir.resolve("mixed.txt"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("both rides and merchant payments");
        }
        Path tillDir = dir.resolve("till");
        try (GateHarness h = new GateHarness(tillDir, Ride.Kind.BUS, "3205", 0)) {
            CardOs card = h.card("3205", CardType.NORMAL, 5000);
            TransitRecord paid = h.pay(h.till(TEA_HOUSE), card, 990).record();
            Path file = tillDir.resolve("SZTEA-20261123-1.txt");
            DayFileExport.export(h.journal, LocalDate.of(2026, 11, 23), "SZTEA", Cities.byCode("3205"), 1, file);
            assertThat(DayFileReader.readHeader(file).kind()).isEqualTo(DayFileKind.MERCHANT);
            List<TransitRecord> read = new ArrayList<>();
            DayFileReader.forEach(file, RecordFormats.MERCHANT, read::add);
            assertThat(read).containsExactly(paid);
        }
    }

    @Test
    void aBillIsPaidOnceAtAKioskItsRecordNamingTheBillThroughTheMerchantDayFile() throws Exception {
        try (GateHarness h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0)) {
            CardOs card = h.card("3100", CardType.NORMAL, 20_000);
            CardOs other = h.card("3205", CardType.NORMAL, 20_000);
            PointOfSale kiosk = h.till(WATER_WORKS);
            TapResult paid = h.payBill(kiosk, card, WATER_BILL);
            assertThat(paid.open()).isTrue();
            assertThat(SimCards.balance(card)).isEqualTo(20_000 - 8650);
            assertThat(RecordFormats.billNo(paid.record())).contains("202611000123");

            TapResult again = h.payBill(kiosk, other, WATER_BILL);
            assertThat(again.open()).isFalse();
            assertThat(again.reason()).startsWith("bill 202611000123 was already paid here on ")
                    .endsWith("(TAC " + paid.record().tac() + ")");
            assertThat(SimCards.balance(other)).as("refused before the card was touched").isEqualTo(20_000);
            assertThat(h.payBill(h.till(TEA_HOUSE), other, WATER_BILL).reason())
                    .isEqualTo("Lanting Tea House takes no bills: it is RETAIL");

            Path file = dir.resolve("SZWATER-20261123-1.txt");
            DayFileExport.export(h.journal, LocalDate.of(2026, 11, 23), "SZWATER", Cities.byCode("3205"), 1, file);
            List<TransitRecord> read = new ArrayList<>();
            DayFileReader.forEach(file, RecordFormats.MERCHANT, read::add);
            assertThat(read).containsExactly(paid.record());
            assertThat(java.nio.file.Files.readAllLines(file).get(1)).endsWith("|202611000123");
        }
    }

    @Test
    void aBillWhosePaymentWasCutOffWaitsForItsCardAndNoOtherCardPaysIt() throws Exception {
        try (GateHarness h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0)) {
            CardOs card = h.card("3205", CardType.NORMAL, 20_000);
            CardOs other = h.card("3205", CardType.NORMAL, 20_000);
            PointOfSale kiosk = h.till(WATER_WORKS);
            card.plan(Tearing.beforeAnswer(3));
            assertThatThrownBy(() -> h.payBill(kiosk, card, WATER_BILL)).isInstanceOf(CardRemovedException.class);

            TapResult byAnother = h.payBill(kiosk, other, WATER_BILL);
            assertThat(byAnother.open()).isFalse();
            assertThat(byAnother.reason()).startsWith("bill 202611000123 has a payment cut off here: present card ");
            assertThat(SimCards.balance(other)).isEqualTo(20_000);

            TapResult settled = h.payBill(kiosk, card, WATER_BILL);
            assertThat(settled.open()).isTrue();
            assertThat(settled.reason()).isEqualTo("previous tap completed (proved by the card)");
            assertThat(SimCards.balance(card)).as("taken once").isEqualTo(20_000 - 8650);
            assertThat(h.payBill(kiosk, other, WATER_BILL).reason()).startsWith("bill 202611000123 was already paid");
        }
    }

    @Test
    void aBillersFileOfOpenBillsIsReadWholeOrRefusedWithTheLineToBlame() throws Exception {
        Path file = dir.resolve("bills.txt");
        OpenBills.write(file, WATER_WORKS.id(), LocalDate.of(2026, 11, 23), List.of(WATER_BILL,
                new OpenBills.Bill("202611000007", "88000007", 4200, LocalDate.of(2026, 12, 15))));
        OpenBills bills = OpenBills.read(file);
        assertThat(bills.biller()).isEqualTo(WATER_WORKS.id());
        assertThat(bills.bills()).extracting(OpenBills.Bill::number).containsExactly("202611000007", "202611000123");
        assertThat(bills.find("202611000123")).contains(WATER_BILL);
        assertThat(bills.find("999999")).isEmpty();
        assertThat(WATER_BILL.toString()).contains("****1234").doesNotContain("88001234");

        List<String> lines = java.nio.file.Files.readAllLines(file);
        assertThat(lines.get(lines.size() - 1)).startsWith("T|2|12850|");
        java.nio.file.Files.writeString(file, String.join("\n", lines).replace("|8650|", "|8651|") + "\n");
        assertThatThrownBy(() -> OpenBills.read(file)).hasMessageContaining("line 4")
                .hasMessageContaining("amount_total");
    }
}
