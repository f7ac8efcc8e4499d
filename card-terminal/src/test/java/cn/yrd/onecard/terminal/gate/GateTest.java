package cn.yrd.onecard.terminal.gate;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.TacVerifier;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.terminal.fare.FareTable;
import cn.yrd.onecard.terminal.fare.Ride;
import cn.yrd.onecard.hotlist.Hotlist;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cards tapped on a Suzhou gate, one rule of docs/fares.md at a time. */
class GateTest {
    @TempDir
    Path dir;

    GateHarness h;

    @AfterEach
    void close() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aBusRideChargesTheLinesFlatFareAndItsRecordVerifiesAtClearing() throws Exception {
        h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0);
        CardOs card = h.card("3205", CardType.NORMAL, 1000);
        TapResult r = h.tap(card);

        assertThat(r.open()).isTrue();
        assertThat(r.fare()).isEqualTo(200);
        assertThat(r.balance()).isEqualTo(800);
        assertThat(SimCards.balance(card)).isEqualTo(800);
        assertThat(r.apdus()).as("SELECT (0x15, 0x17, 0x1A in the FCI), INIT, 8070, 2 CAPP updates, DEBIT, 8072")
                .isEqualTo(7);
        TransitRecord record = r.record();
        assertThat(record.fareRule()).isEqualTo(FareTable.BUS_FLAT);
        TacVerifier clearing = new TacVerifier(c -> h.issuer.master(KeyPurpose.TAC, c));
        assertThat(clearing.verifyPurchase(record.issuer(), record.algorithm(), record.cardSerial(),
                record.purchase(), Hex.decodeHex(record.tac()))).isTrue();
        assertThat(h.journal.completed()).containsExactly(record);
        assertThat(r.line()).startsWith("OPEN   ************0001 Suzhou (3205) fare 2.00 balance 8.00");
    }

    /**
     * Cards that answer the other ways ISO 7816 allows are read and charged as any card (issue 22,
     * docs/conformance.md): as T=0 cards do (every case-4 answer behind {@code 61xx} and GET RESPONSE, a case-2
     * command without the exact Le refused with {@code 6Cxx}), whole or, from a card with a 16-byte buffer, in a chain
     * of pieces (the channel fetches and resends: the terminal's own commands are the same seven); and a card that
     * reads commands as ISO 7816-4 does to the letter, refusing the profile's case-4 commands sent without Le ({@code
     * 6700}, not executed): the terminal sends its INITIALIZE and DEBIT again with Le 00, nine round trips, one charge.
     */
    @ParameterizedTest(name = "{0}: {1} commands")
    @CsvSource({"answering as T=0, 7", "answering in pieces of 16 bytes, 7", "requiring Le, 9"})
    void aCardAnsweringTheOtherWaysIsChargedOnce(String how, int apdus) throws Exception {
        h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0);
        CardOs card = h.card("3205", CardType.NORMAL, 1000);
        switch (how) {
            case "answering as T=0" -> card.answeringAsT0();
            case "answering in pieces of 16 bytes" -> card.answeringInPiecesOf(16);
            default -> card.requiringLe();
        }
        TapResult r = h.tap(card);

        assertThat(r.open()).as(r.line()).isTrue();
        assertThat(r.balance()).isEqualTo(800);
        assertThat(SimCards.balance(card)).isEqualTo(800);
        assertThat(r.apdus()).as("the terminal's round trips; GET RESPONSE and 6Cxx resends are the channel's")
                .isEqualTo(apdus);
        TransitRecord record = r.record();
        TacVerifier clearing = new TacVerifier(c -> h.issuer.master(KeyPurpose.TAC, c));
        assertThat(clearing.verifyPurchase(record.issuer(), record.algorithm(), record.cardSerial(),
                record.purchase(), Hex.decodeHex(record.tac()))).isTrue();
    }

    /**
     * A card of another city rides in the same seven commands (its interoperable flag, file 0x17, came in the FCI);
     * one whose FCI carries 0x15 alone, as other issuers' cards send it, is read with READ BINARY 0x17 and READ
     * RECORD 0x1A: nine commands, the same fares, the metro's entry remembered at the exit.
     */
    @Test
    void aCardWhoseFciCarriesOnlyFile0x15IsReadAndChargedAsAnyCard() throws Exception {
        h = new GateHarness(dir, Ride.Kind.METRO_ENTRY, "3205", 1);
        CardOs ours = h.card("3301", CardType.NORMAL, 2000);
        CardOs theirs = h.card("3302", CardType.NORMAL, 2000).withFciOfOtherIssuers();
        TapResult oursIn = h.tap(ours);
        TapResult theirsIn = h.tap(theirs);
        assertThat(oursIn.open()).isTrue();
        assertThat(oursIn.apdus()).as("a card of Hangzhou: 0x17 came in the FCI").isEqualTo(7);
        assertThat(theirsIn.open()).as(theirsIn.line()).isTrue();
        assertThat(theirsIn.apdus()).as("SELECT, READ BINARY 0x17, READ RECORD 0x1A, then the same six").isEqualTo(9);

        h.gate = h.gate(Ride.Kind.METRO_EXIT, "3205", 9);
        h.clock.advanceMinutes(25);
        TapResult theirsOut = h.tap(theirs);
        assertThat(theirsOut.fare()).as("entered at zone 1, as its 0x1A read back says").isEqualTo(500);
        assertThat(theirsOut.record().entryStation()).isEqualTo(1);
        assertThat(SimCards.balance(theirs)).isEqualTo(1500);
        assertThat(h.tap(ours).fare()).isEqualTo(500);
    }

    @Test
    void aLineWithItsOwnFlatFareChargesItInsteadOfTheCitysDefault() throws Exception {
        h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0);
        h.gate = new Gate(new GateConfig(Ride.Kind.BUS, Cities.byCode("3205"), 178, 0, "0000000000003205",
                "00000000000000A2"), GateHarness.fares(), h.journal, Hotlist.empty(), h.clock);
        TapResult r = h.tap(h.card("3100", CardType.NORMAL, 1000));
        assertThat(r.fare()).isEqualTo(300);
        assertThat(r.record().line()).isEqualTo(178);
    }

    @Test
    void aNonLocalCardPaysWhatALocalCardOfItsTypePays() throws Exception {
        h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0);
        for (String city : List.of("3205", "3301", "3100", "3212")) {
            assertThat(h.tap(h.card(city, CardType.NORMAL, 1000)).fare()).as("normal card of %s", city).isEqualTo(200);
            assertThat(h.tap(h.card(city, CardType.STUDENT, 1000)).fare()).as("student of %s", city).isEqualTo(100);
            TapResult senior = h.tap(h.card(city, CardType.SENIOR, 1000));
            assertThat(senior.open()).isTrue();
            assertThat(senior.fare()).as("senior of %s rides free", city).isZero();
        }
    }

    @Test
    void theMetroChargesByZonesAtTheExit() throws Exception {
        h = new GateHarness(dir, Ride.Kind.METRO_ENTRY, "3205", 1);
        CardOs card = h.card("3302", CardType.NORMAL, 2000);
        TapResult in = h.tap(card);
        assertThat(in.open()).isTrue();
        assertThat(in.fare()).isZero();
        assertThat(in.record().fareRule()).isEqualTo(FareTable.METRO_ENTRY);

        h.gate = h.gate(Ride.Kind.METRO_EXIT, "3205", 9);
        h.clock.advanceMinutes(25);
        TapResult out = h.tap(card);
        assertThat(out.fare()).as("zone 1 to zone 3: two zones crossed").isEqualTo(500);
        assertThat(out.record().entryStation()).isEqualTo(1);
        assertThat(out.record().fareRule()).isEqualTo(FareTable.METRO_ZONE);
        assertThat(SimCards.balance(card)).isEqualTo(1500);
    }

    @Test
    void anEntryWithoutAnExitIsChargedTheMaximumFareAtTheNextEntry() throws Exception {
        h = new GateHarness(dir, Ride.Kind.METRO_ENTRY, "3205", 2);
        CardOs card = h.card("3205", CardType.NORMAL, 2000);
        h.tap(card);
        h.clock.advanceMinutes(600);
        TapResult again = h.tap(card);
        assertThat(again.fare()).isEqualTo(800);
        assertThat(again.record().fareRule()).isEqualTo(FareTable.METRO_INCOMPLETE);

        h.gate = h.gate(Ride.Kind.METRO_EXIT, "3205", 2);
        assertThat(h.tap(card).fare()).as("the new journey is a normal one").isEqualTo(300);
    }

    @Test
    void anExitWithoutAnEntryPaysTheMaximumFare() throws Exception {
        h = new GateHarness(dir, Ride.Kind.METRO_EXIT, "3205", 5);
        TapResult r = h.tap(h.card("3205", CardType.NORMAL, 2000));
        assertThat(r.fare()).isEqualTo(800);
        assertThat(r.record().fareRule()).isEqualTo(FareTable.METRO_NO_ENTRY);
    }

    @Test
    void aMetroRideWithinNinetyMinutesOfABusRideGetsTheTransferDiscount() throws Exception {
        h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0);
        CardOs card = h.card("3301", CardType.NORMAL, 2000);
        assertThat(h.tap(card).fare()).isEqualTo(200);

        h.gate = h.gate(Ride.Kind.METRO_ENTRY, "3205", 1);
        h.clock.advanceMinutes(40);
        h.tap(card);
        h.gate = h.gate(Ride.Kind.METRO_EXIT, "3205", 5);
        h.clock.advanceMinutes(30);
        assertThat(h.tap(card).fare()).as("400 less the 100 transfer discount").isEqualTo(300);

        CardOs late = h.card("3301", CardType.NORMAL, 2000);
        h.gate = h.gate(Ride.Kind.BUS, "3205", 0);
        h.tap(late);
        h.gate = h.gate(Ride.Kind.METRO_ENTRY, "3205", 1);
        h.clock.advanceMinutes(95);
        h.tap(late);
        h.gate = h.gate(Ride.Kind.METRO_EXIT, "3205", 5);
        assertThat(h.tap(late).fare()).as("outside the window").isEqualTo(400);
    }

    @Test
    void afterSeventyYuanOfMetroRidesInAMonthTheRestAreTenPercentOff() throws Exception {
        h = new GateHarness(dir, Ride.Kind.METRO_ENTRY, "3205", 1);
        CardOs card = h.card("3205", CardType.NORMAL, 20_000);
        long spent = 0;
        int rides = 0;
        while (spent < 7000) {
            h.gate = h.gate(Ride.Kind.METRO_ENTRY, "3205", 1);
            h.clock.advanceMinutes(200);
            h.tap(card);
            h.gate = h.gate(Ride.Kind.METRO_EXIT, "3205", 14);
            h.clock.advanceMinutes(30);
            TapResult r = h.tap(card);
            assertThat(r.fare()).as("ride %d at full fare", rides + 1).isEqualTo(600);
            spent += r.fare();
            rides++;
        }
        h.gate = h.gate(Ride.Kind.METRO_ENTRY, "3205", 1);
        h.clock.advanceMinutes(200);
        h.tap(card);
        h.gate = h.gate(Ride.Kind.METRO_EXIT, "3205", 14);
        assertThat(h.tap(card).fare()).isEqualTo(540);

        h.clock.set(LocalDateTime.of(2026, 12, 1, 8, 0));
        h.gate = h.gate(Ride.Kind.METRO_ENTRY, "3205", 1);
        h.tap(card);
        h.gate = h.gate(Ride.Kind.METRO_EXIT, "3205", 14);
        assertThat(h.tap(card).fare()).as("a new month starts from zero").isEqualTo(600);
    }

    @Test
    void expiredPoorAndForeignCardsAreRefusedWithTheReasonShownAndNothingCharged() throws Exception {
        h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0);
        TapResult expired = h.tap(h.card("3205", CardType.NORMAL, 1000, CardAlgorithm.TRIPLE_DES,
                LocalDate.of(2026, 11, 22)));
        assertThat(expired.open()).isFalse();
        assertThat(expired.reason()).isEqualTo("card expired on 2026-11-22");

        CardOs poor = h.card("3205", CardType.NORMAL, 150);
        TapResult refused = h.tap(poor);
        assertThat(refused.open()).isFalse();
        assertThat(refused.reason()).isEqualTo("insufficient balance for 2.00");
        assertThat(SimCards.balance(poor)).isEqualTo(150);
        assertThat(h.journal.completed()).isEmpty();
        assertThat(h.journal.pending()).isEmpty();
    }

    @Test
    void aHotlistedCardIsBlockedOnTheSpotAndStaysBlocked() throws Exception {
        h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0);
        CardOs lost = h.card("3100", CardType.NORMAL, 5000);
        h.gate.hotlist(Hotlist.of(1, List.of(cn.yrd.onecard.card.CardSerial.of("0000000000000001"))));
        TapResult first = h.tap(lost);
        assertThat(first.open()).isFalse();
        assertThat(first.reason()).isEqualTo("card hotlisted: blocked");

        h.gate.hotlist(Hotlist.empty());
        TapResult later = h.tap(lost);
        assertThat(later.open()).isFalse();
        assertThat(later.reason()).as("blocked on the card itself").isEqualTo("card blocked");
        assertThat(SimCards.balance(lost)).isEqualTo(5000);
    }

    @Test
    void sm4CardsRideLikeAnyOther() throws Exception {
        h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0);
        TapResult r = h.tap(h.card("3304", CardType.NORMAL, 1000, CardAlgorithm.SM4, LocalDate.of(2030, 1, 1)));
        assertThat(r.open()).isTrue();
        assertThat(r.record().algorithm()).isEqualTo(CardAlgorithm.SM4);
        TacVerifier clearing = new TacVerifier(c -> h.issuer.master(KeyPurpose.TAC, c));
        assertThat(clearing.verifyPurchase(Cities.byCode("3304"), CardAlgorithm.SM4, r.record().cardSerial(),
                r.record().purchase(), Hex.decodeHex(r.record().tac()))).isTrue();
    }
}
