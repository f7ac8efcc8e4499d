package cn.yrd.onecard.clearing.validation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.record.TransitRecord;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A purse record as a clearing worker keeps it for the card-history partitions elsewhere: read back, every field the
 * checks use is the one written, the edge cases included (no balance, no terminal, a terminal that is not 12 hex
 * digits, the largest serial, counters and amounts at their bounds).
 */
class PurseRecordChunkTest {
    @Test
    void everyFieldReadsBackAsWrittenAndARecordTakesAboutFortyBytes() throws Exception {
        List<PurseRecord> written = List.of(
                new PurseRecord(3_205_000_000_000_042L, 'O', 7, true, 20_780, 12, 2, 10_000, 9_650, 20_261_123_081_500L,
                        "0000AB12CD34", 123_456),
                new PurseRecord(9_999_999_999_999_999L, 'N', Integer.MAX_VALUE, false, 20_781, 12, Integer.MAX_VALUE,
                        PurseRecord.NONE, PurseRecord.NONE, 20_261_124_235_959L, null, 0),
                new PurseRecord(1L, 'O', 0, true, 0, 12, 1, -5, Long.MAX_VALUE, 0, "kiosk 7", Long.MAX_VALUE),
                new PurseRecord(3_100_000_000_000_001L, 'O', 65_535, true, 20_780, 12, 4_000_001, 1_000_000_000L,
                        999_999_500L, 20_261_123_235_959L, "FFFFFFFFFFFF", -1));
        ChunkBytes out = new ChunkBytes(16);
        for (PurseRecord r : written) {
            r.writeTo(out);
        }
        ByteBuffer in = ByteBuffer.wrap(out.take());
        List<PurseRecord> read = new ArrayList<>();
        while (in.hasRemaining()) {
            read.add(PurseRecord.readFrom(in, 12, new HashMap<>()));
        }
        assertThat(read.stream().map(PurseRecordChunkTest::fields).toList())
                .isEqualTo(written.stream().map(PurseRecordChunkTest::fields).toList());

        ChunkBytes one = new ChunkBytes(16);
        written.get(0).writeTo(one);
        assertThat(one.size()).as("a typical ride's bytes").isLessThanOrEqualTo(45);
    }

    /**
     * The bytes are those chunks had when {@code DataOutputStream} wrote them (the hex below was computed apart from
     * this code): a night killed mid-way and rerun by a newer clearing reads the chunks the older one wrote.
     */
    @Test
    void theBytesAreTheFormatChunksAlreadyOnAServerHave() {
        PurseRecord ride = new PurseRecord(3_205_000_000_000_042L, 'O', 7, true, 20_780, 12, 2, 10_000, 9_650,
                20_261_123_081_500L, "12AB34CD56EF", 123_456);
        PurseRecord kiosk = new PurseRecord(1L, 'O', 0, true, 0, 12, 1, -5, Long.MAX_VALUE, 0, "kiosk 7",
                Long.MAX_VALUE);
        String rideBytes = "000b62ee3681502a4f110ed8c40204a09c01e49601b894da90ad9b0912ab34cd56ef80890f";
        String kioskBytes = "00000000000000014f0100000209feffffffffffffffff010000076b696f736b2037feffffffffffffffff01";
        ChunkBytes out = new ChunkBytes(16);
        ride.writeTo(out);
        kiosk.writeTo(out);
        assertThat(HexFormat.of().formatHex(out.take())).isEqualTo(rideBytes + kioskBytes);

        ByteBuffer in = ByteBuffer.wrap(HexFormat.of().parseHex(rideBytes + kioskBytes));
        assertThat(fields(PurseRecord.readFrom(in, 12, new HashMap<>()))).isEqualTo(fields(ride));
        assertThat(fields(PurseRecord.readFrom(in, 12, new HashMap<>()))).isEqualTo(fields(kiosk));
        assertThat(in.hasRemaining()).isFalse();
    }

    /**
     * A night of ten million records holds them all until card history: the records of one validator share its
     * terminal number's one string, whether loaded here or read back from chunks, not a copy each.
     */
    @Test
    void recordsOfOneTerminalShareItsNumber() {
        Map<String, String> fileTerminals = new HashMap<>();
        List<PurseRecord> loaded = new ArrayList<>();
        for (int atc = 1; atc <= 3; atc++) {
            TransitRecord r = new TransitRecord(TransactionType.COMPOUND_PURCHASE, CardSerial.of("0000000000000042"),
                    Cities.byCode("3205"), CardType.NORMAL, LocalDate.of(2030, 1, 1), atc, 200, 10_000,
                    LocalDateTime.of(2026, 11, 23, 8, atc), new String("0000AB12CD34"), 100 + atc,
                    CardAlgorithm.TRIPLE_DES, 1, "00000000", Cities.byCode("3205"), "0000000000003205",
                    "0000000000000001", Industry.BUS, 1, 5, 0, "FLAT");
            loaded.add(PurseRecord.loaded(r, 12, atc + 1, LocalDate.of(2026, 11, 23), null, fileTerminals));
        }
        assertThat(loaded.get(1).terminalNo).isEqualTo("0000AB12CD34").isSameAs(loaded.get(0).terminalNo);
        assertThat(loaded.get(2).terminalNo).isSameAs(loaded.get(0).terminalNo);

        ChunkBytes out = new ChunkBytes(16);
        loaded.forEach(r -> r.writeTo(out));
        ByteBuffer in = ByteBuffer.wrap(out.take());
        Map<Long, String> chunkTerminals = new HashMap<>();
        PurseRecord first = PurseRecord.readFrom(in, 12, chunkTerminals);
        PurseRecord second = PurseRecord.readFrom(in, 12, chunkTerminals);
        assertThat(second.terminalNo).isEqualTo("0000AB12CD34").isSameAs(first.terminalNo);
    }

    private static String fields(PurseRecord r) {
        return String.join("|", String.valueOf(r.card), String.valueOf(r.counterKind), String.valueOf(r.counter),
                String.valueOf(r.accepted), String.valueOf(r.day), String.valueOf(r.fileId), String.valueOf(r.lineNo),
                String.valueOf(r.balanceBefore), String.valueOf(r.balanceAfter), String.valueOf(r.time),
                String.valueOf(r.terminalNo), String.valueOf(r.ttc));
    }
}
