package cn.yrd.onecard.card;

import static cn.yrd.onecard.TestHex.hex;
import static cn.yrd.onecard.TestHex.hexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.apdu.Tlv;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;

/** Each card file against its exact bytes, plus round trips and the errors a bad file gets. */
class CardFilesTest {
    static final String PUBLIC_INFO = "0203320500" + "01FFFF" + "0301" + "32050000000012345678" + "20250101" + "20351231"
            + "0200";
    static final String LOG_ENTRY = "0005" + "000000" + "00000190" + "06" + "0000AB12CD34" + "20261123" + "074500";
    static final String TRIP = "03" + "0000000000000101" + "01" + "0002" + "0011" + "0001" + "00" + "00000000"
            + "000003E8" + "20261123074500" + "3100" + "0000000000003100" + "000000000000";

    private final City suzhou = Cities.byCode("3205");
    private final City shanghai = Cities.byCode("3100");

    @Test
    void publicInfoHasTheProfilesLayout() {
        PublicInfo info = PublicInfo.decode(hex(PUBLIC_INFO));
        assertThat(info.issuerId()).isEqualTo(new IssuerId(0x0203, suzhou, 0x0001));
        assertThat(info.cardSerial().digits()).isEqualTo("0000000012345678");
        assertThat(info.cardType()).isEqualTo(CardType.STUDENT);
        assertThat(info.expiryDate()).isEqualTo(LocalDate.of(2035, 12, 31));
        assertThat(info.isValidOn(LocalDate.of(2036, 1, 1))).isFalse();
        assertThat(hexOf(info.encode())).isEqualTo(PUBLIC_INFO);
        assertThat(info.toString()).doesNotContain("12345678").contains("5678");
    }

    @Test
    void purseLogEntryIs23Bytes() {
        PurseLogEntry e = PurseLogEntry.decode(hex(LOG_ENTRY));
        assertThat(e).isEqualTo(new PurseLogEntry(5, 0, 400, TransactionType.PURCHASE, "0000AB12CD34",
                LocalDateTime.of(2026, 11, 23, 7, 45)));
        assertThat(hexOf(e.encode())).isEqualTo(LOG_ENTRY);
    }

    @Test
    void tripRecordIs48Bytes() {
        TripRecord t = TripRecord.decode(hex(TRIP));
        assertThat(t).isEqualTo(TripRecord.of(TripRecord.Kind.METRO_ENTRY, "0000000000000101", Industry.RAIL, 2,
                0x11, 1, 0, 1000, LocalDateTime.of(2026, 11, 23, 7, 45), shanghai, "0000000000003100"));
        assertThat(hexOf(t.encode())).isEqualTo(TRIP);
    }

    @Test
    void holderAndManagementInfoRoundTrip() {
        HolderInfo holder = new HolderInfo(CardType.SENIOR, false, "王小明", "310101195001011234", 0);
        byte[] bytes = holder.encode();
        assertThat(bytes).hasSize(55);
        assertThat(HolderInfo.decode(bytes)).isEqualTo(holder);
        assertThat(holder.toString()).doesNotContain("小明").doesNotContain("195001011234");

        ManagementInfo mgmt = new ManagementInfo(ManagementInfo.CHINA, "3200", suzhou, true, CardType.NORMAL);
        assertThat(hexOf(mgmt.encode())).startsWith("00000156" + "3200" + "3205" + "0001" + "00").hasSize(120);
        assertThat(ManagementInfo.decode(mgmt.encode())).isEqualTo(mgmt);
    }

    @Test
    void metroStateRemembersJourneyTransferAndMonthlyVolume() {
        MetroState s = new MetroState(MetroState.Journey.ENTERED, true, shanghai, 2, 17, "00000000000000A1",
                LocalDateTime.of(2026, 11, 23, 8, 0), 400, 9, LocalDateTime.of(2026, 11, 22, 18, 30),
                Industry.BUS, LocalDateTime.of(2026, 11, 23, 7, 50), suzhou, YearMonth.of(2026, 11), 7100);
        byte[] bytes = s.encode();
        assertThat(bytes).hasSize(128);
        assertThat(MetroState.decode(bytes)).isEqualTo(s);
        MetroState blank = MetroState.blank(shanghai);
        assertThat(MetroState.decode(blank.encode())).isEqualTo(blank);
    }

    @Test
    void socialSecurityRecordsAreTlvsWithTheHomeCityInTheirRegion() {
        SocialSecurityCard card = new SocialSecurityCard("310000D156000005" + "0123456789ABCDEF",
                LocalDate.of(2020, 5, 1), LocalDate.of(2030, 4, 30), "A12345678");
        List<Tlv> records = card.records();
        assertThat(hexOf(records.get(0).encode())).startsWith("0120" + "333130303030");
        assertThat(SocialSecurityCard.fromRecords(records)).isEqualTo(card);
        assertThat(card.homeCity()).isEqualTo(shanghai);

        InsuredPerson person = new InsuredPerson("310101195001011234", "李四", '1', 1, LocalDate.of(1950, 1, 1));
        assertThat(InsuredPerson.fromRecords(person.records())).isEqualTo(person);
        assertThat(person.toString()).doesNotContain("195001011234");
    }

    @Test
    void wrongLengthsAndValuesAreNamed() {
        assertThatThrownBy(() -> PublicInfo.decode(hex(PUBLIC_INFO.substring(2))))
                .isInstanceOf(CardFileException.class)
                .hasMessage("file 0x15 (public info): expected 30 bytes, got 29");
        String badCity = PUBLIC_INFO.substring(0, 4) + "3299" + PUBLIC_INFO.substring(8);
        assertThatThrownBy(() -> PublicInfo.decode(hex(badCity))).hasMessageContaining(
                "issuer ID city at offset 2: unknown city code '3299'");
        String badType = LOG_ENTRY.substring(0, 18) + "07" + LOG_ENTRY.substring(20);
        assertThatThrownBy(() -> PurseLogEntry.decode(hex(badType)))
                .hasMessage("file 0x18 (purse log): type unknown transaction type 07");
        String badDate = TRIP.replace("20261123074500", "20261323074500");
        assertThatThrownBy(() -> TripRecord.decode(hex(badDate))).hasMessageContaining("date-time at offset 25");
        assertThatThrownBy(() -> SocialSecurityCard.fromRecords(List.of(Tlv.of(1, new byte[32]))))
                .hasMessage("EF05 (social security card): record 05 is missing");
    }

    @Property
    void purseLogEntriesRoundTrip(@ForAll @IntRange(max = 0xFFFF) int atc,
            @ForAll @LongRange(max = 0xFFFFFFFFL) long amount, @ForAll @IntRange(min = 0, max = 2) int type,
            @ForAll @IntRange(min = 2000, max = 2099) int year, @ForAll @IntRange(max = 86399) int second) {
        PurseLogEntry e = new PurseLogEntry(atc, 0, amount, TransactionType.values()[type], "010203040506",
                LocalDate.ofYearDay(year, 1 + second % 365).atStartOfDay().plusSeconds(second));
        assertThat(PurseLogEntry.decode(e.encode())).isEqualTo(e);
    }

    @Property
    void tripRecordsRoundTrip(@ForAll @IntRange(max = 2) int kind, @ForAll @IntRange(max = 0xFFFF) int station,
            @ForAll @LongRange(max = 0xFFFFFFFFL) long balance, @ForAll @IntRange(max = 15) int city) {
        TripRecord t = TripRecord.of(TripRecord.Kind.values()[kind], "00000000000000FF", Industry.BUS, 7, station,
                3, 200, balance, LocalDateTime.of(2026, 1, 31, 23, 59, 59), Cities.all().get(city),
                "0123456789ABCDEF");
        assertThat(TripRecord.decode(t.encode())).isEqualTo(t);
    }
}
