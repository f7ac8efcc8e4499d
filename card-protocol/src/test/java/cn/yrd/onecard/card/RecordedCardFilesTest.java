package cn.yrd.onecard.card;

import static cn.yrd.onecard.TestHex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.purse.PurseFci;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Records a real T-Union card holds, written by the terminals of many cities (docs/conformance.md, "Answers recorded
 * from real cards"), read by our layouts of the purse log (0x18) and the trip file (0x1E): every field where the
 * table, worked out apart, says it is. Before, a trip of another city's gate (a city code such as Shanghai's 2900, a
 * type 09, an industry FF) failed the whole file, and with it a kiosk's view of the card.
 */
class RecordedCardFilesTest {

    @Test
    void everyRecordedTripIsReadFieldByField() {
        List<String[]> trips = RecordedCardFiles.lines(RecordedCardFiles.TRIPS, 10);
        assertThat(trips).hasSize(18);
        for (String[] f : trips) {
            TripRecord t = TripRecord.decode(hex(f[1]));
            String place = f[0];
            assertThat(String.format("%02X", t.type())).as(place + ": type").isEqualTo(f[2]);
            assertThat(String.format("%02X", t.industryCode())).as(place + ": industry").isEqualTo(f[3]);
            assertThat(String.format("%04X", t.line())).as(place + ": line").isEqualTo(f[4]);
            assertThat(String.format("%04X", t.station())).as(place + ": station").isEqualTo(f[5]);
            assertThat(t.amount()).as(place + ": amount").isEqualTo(Long.parseLong(f[6]));
            assertThat(t.balanceAfter()).as(place + ": balance after").isEqualTo(Long.parseLong(f[7]));
            assertThat(t.time()).as(place + ": time").isEqualTo(LocalDateTime.parse(f[8]));
            assertThat(t.acquirerCityCode()).as(place + ": city").isEqualTo(f[9]);
        }
    }

    /**
     * What the places say of their records, which our reading agrees with: a metro exit is a rail trip that charged, an
     * entry one that did not, before its exit; a city's code is the Ministry of Transport's, not the one this profile
     * gives the city (Shanghai 2900 where ours is 3100), so no recorded trip is named one of the 16 cities'.
     */
    @Test
    void whatTheRecordedPlacesSayOfTheirTripsOurReadingSaysToo() {
        List<TripRecord> shanghaiLine18 = new ArrayList<>();
        for (String[] f : RecordedCardFiles.lines(RecordedCardFiles.TRIPS, 10)) {
            TripRecord t = TripRecord.decode(hex(f[1]));
            if (f[0].contains("metro") && f[0].endsWith(": exit")) {
                assertThat(t.kind()).as(f[0]).contains(TripRecord.Kind.METRO_EXIT);
                assertThat(t.industry()).as(f[0]).contains(Industry.RAIL);
                assertThat(t.amount()).as(f[0]).isPositive();
            }
            if (f[0].contains("metro") && f[0].endsWith(": entry")) {
                assertThat(t.kind()).as(f[0]).contains(TripRecord.Kind.METRO_ENTRY);
                assertThat(t.amount()).as(f[0]).isZero();
            }
            if (f[0].contains(" bus") && !f[0].contains("type")) {
                assertThat(t.kind()).as(f[0]).contains(TripRecord.Kind.BUS);
            }
            if (f[0].contains("(type 0")) {
                assertThat(t.kind()).as(f[0] + ": a type this profile does not name").isEmpty();
            }
            if (f[0].startsWith("Shanghai metro line 18")) {
                shanghaiLine18.add(t);
            }
            assertThat(t.city()).as(f[0]).isEqualTo(Optional.empty());
        }
        assertThat(shanghaiLine18).extracting(TripRecord::acquirerCityCode).containsOnly("2900");
        assertThat(shanghaiLine18.get(1).time()).as("entered before it left").isBefore(shanghaiLine18.get(0).time());
        assertThat(Cities.byCode("3100").code()).as("the profile's code of Shanghai").isNotEqualTo("2900");
    }

    /**
     * The answer to SELECT of a real Beijing card (the same source): {@code 84}, then {@code A5} with {@code 9F08} and
     * {@code 9F0C} (file 0x15) only, no label and no {@code 87}. Its issuer's city is Beijing's 1000: not a card of the
     * 16 cities, which the FCI's reader says in one line. With the city's two bytes made Shanghai's, every other field
     * reads as the card wrote it, where Metrodroid reads them too (the dates at offsets 20 and 24).
     */
    @Test
    void aRealCardsFciIsReadAndItsCityNamed() {
        String fci = "6F318408A000000632010105A5259F0801029F0C1E01011000FFFFFFFF0201031051700101709079842019080620401231"
                + "0000";
        assertThatThrownBy(() -> PurseFci.parse(hex(fci))).isInstanceOf(CardFileException.class)
                .hasMessageContaining("'1000'");
        PublicInfo info = PurseFci.parse(hex(fci.replace("01011000FFFFFFFF", "01013100FFFFFFFF"))).info();
        assertThat(info.issuerId()).isEqualTo(new IssuerId(0x0101, Cities.byCode("3100"), 0xFFFF));
        assertThat(info.appType()).isEqualTo(2);
        assertThat(info.appVersion()).isEqualTo(1);
        assertThat(info.appSerial()).isEqualTo("03105170010170907984");
        assertThat(info.startDate()).isEqualTo(LocalDate.of(2019, 8, 6));
        assertThat(info.expiryDate()).isEqualTo(LocalDate.of(2040, 12, 31));
        assertThat(info.cardType()).isEqualTo(CardType.NORMAL);
    }

    @Test
    void everyRecordedPurseLogEntryIsReadFieldByField() {
        List<String[]> log = RecordedCardFiles.lines(RecordedCardFiles.LOG, 7);
        assertThat(log).hasSize(7);
        for (String[] f : log) {
            PurseLogEntry e = PurseLogEntry.decode(hex(f[1]));
            String place = f[0];
            assertThat(e.atc()).as(place + ": ATC").isEqualTo(Integer.parseInt(f[2]));
            assertThat(e.amount()).as(place + ": amount").isEqualTo(Long.parseLong(f[3]));
            assertThat(String.format("%02X", e.type().code())).as(place + ": type").isEqualTo(f[4]);
            assertThat(e.terminalNo()).as(place + ": terminal").isEqualTo(f[5]);
            assertThat(e.time()).as(place + ": time").isEqualTo(LocalDateTime.parse(f[6]));
            assertThat(e.type()).as(place).isEqualTo(place.endsWith("top-up") ? TransactionType.LOAD
                    : TransactionType.COMPOUND_PURCHASE);
        }
        assertThat(HexFormat.of().withUpperCase().formatHex(PurseLogEntry.decode(hex(log.get(0)[1])).encode()))
                .as("read and written back, a real record is the same bytes").isEqualTo(log.get(0)[1]);
    }
}
