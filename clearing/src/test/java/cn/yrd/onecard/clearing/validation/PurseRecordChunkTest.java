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
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A purse record as a clearing worker keeps it for the card-history partitions elsewhere: read back, every field the
 * checks use is the one written, the edge cases included (no balance, no terminal, a terminal that is not 12 hex
 * digits, a card of another city, the largest serial, counters, amounts and TTCs at their bounds and going backwards).
 */
class PurseRecordChunkTest {
    private static final String CITY = "3205";

    @Test
    void everyFieldReadsBackAsWritten() {
        List<PurseRecord> written = List.of(
                new PurseRecord(3_205_000_000_000_042L, 'O', 7, true, 20_780, 12, 2, 10_000, 9_650, 20_261_123_081_500L,
                        "0000AB12CD34", 123_456),
                new PurseRecord(9_999_999_999_999_999L, 'N', Integer.MAX_VALUE, false, 20_781, 12, Integer.MAX_VALUE,
                        PurseRecord.NONE, PurseRecord.NONE, 20_261_124_235_959L, null, 0),
                new PurseRecord(1L, 'O', 0, true, 0, 12, 1, -5, Long.MAX_VALUE, 0, "kiosk 7", Long.MAX_VALUE),
                new PurseRecord(3_100_000_000_000_001L, 'O', 65_535, true, 20_780, 12, 4_000_001, 1_000_000_000L,
                        999_999_500L, 20_261_123_235_959L, "FFFFFFFFFFFF", -1),
                new PurseRecord(3_205_999_999_999_999L, 'O', 8, true, 20_780, 12, 3, PurseRecord.NONE, 9_450,
                        20_261_123_081_400L, "0000AB12CD34", 123_455),
                new PurseRecord(3_205_000_000_000_000L, 'N', 1, false, 20_779, 12, 4, Long.MIN_VALUE + 1, -7,
                        Long.MIN_VALUE + 1, "kiosk 7", Long.MIN_VALUE),
                new PurseRecord(3_205_000_000_000_042L, 'O', 9, true, 20_780, 12, 5, 9_450, 9_250, 20_261_123_090_000L,
                        "FFFFFFFFFFFF", 0));
        assertThat(readBack(written).stream().map(PurseRecordChunkTest::fields).toList())
                .isEqualTo(written.stream().map(PurseRecordChunkTest::fields).toList());
    }

    /**
     * A city's rides of a file as the bench and a metro write them (gates counting up, a tap every few seconds and
     * lines) take about 20 bytes each, where every field written whole took 40.
     */
    @Test
    void aCitysRidesTakeAboutTwentyBytesEach() {
        List<PurseRecord> rides = new ArrayList<>();
        Random random = new Random(7);
        long[] ttc = new long[40];
        long time = 20_261_123_060_000L;
        for (int i = 0; i < 5_000; i++) {
            int gate = random.nextInt(ttc.length);
            time += random.nextInt(3) == 0 ? 1 : 0;
            long before = 500 + random.nextInt(20_000);
            rides.add(new PurseRecord(3_205_000_000_000_000L + random.nextInt(2_000_000), 'O', 1 + random.nextInt(60_000),
                    true, 20_780, 12, 2 + 16 * i + random.nextInt(16), before, before - 200 - random.nextInt(400), time,
                    String.format("32050000%04X", gate), 100_000 * gate + ttc[gate]++));
        }
        ChunkBytes out = new ChunkBytes(16);
        out.put(ChunkDeltas.FORMAT);
        ChunkDeltas at = new ChunkDeltas(CITY);
        rides.forEach(r -> r.writeTo(out, at));
        assertThat((double) out.size() / rides.size()).as("bytes a ride").isLessThanOrEqualTo(22);
        assertThat(readBack(rides).stream().map(PurseRecordChunkTest::fields).toList())
                .isEqualTo(rides.stream().map(PurseRecordChunkTest::fields).toList());
    }

    /**
     * The bytes are the format's (the hex below was computed apart from this code, from the format as {@code writeTo}
     * describes it): a night stopped mid-way and rerun by a newer clearing reads the chunks the older one wrote.
     */
    @Test
    void theBytesAreTheFormatsAsDescribed() {
        List<PurseRecord> records = List.of(
                new PurseRecord(3_205_000_000_000_042L, 'O', 7, true, 20_780, 12, 2, 10_000, 9_650,
                        20_261_123_081_500L, "12AB34CD56EF", 123_456),
                new PurseRecord(3_205_000_000_000_043L, 'N', 8, false, 20_780, 12, 18, 9_650, 10_650,
                        20_261_123_081_530L, "12AB34CD56EF", 123_457),
                new PurseRecord(3_100_000_000_000_001L, 'O', 3, true, 20_780, 12, 30, PurseRecord.NONE,
                        PurseRecord.NONE, 20_261_123_081_529L, null, 5));
        String hex = "0271540ed8c40204a09c01bb05b894da90ad9b0912ab34cd56ef80890fc056100020e49601d00f3c00020f000b036efecd"
                + "c001060018010a";
        ChunkBytes out = new ChunkBytes(16);
        out.put(ChunkDeltas.FORMAT);
        ChunkDeltas at = new ChunkDeltas(CITY);
        records.forEach(r -> r.writeTo(out, at));
        assertThat(HexFormat.of().formatHex(out.take())).isEqualTo(hex);
    }

    /**
     * A chunk an older clearing wrote, each field whole (its bytes as that format's own test had them), or one empty, is
     * not read as records of this format: its file is read whole instead.
     */
    @Test
    void aChunkOfTheFormatBeforeIsNotReadAsThisOne() {
        String olderRideAndKiosk = "000b62ee3681502a4f110ed8c40204a09c01e49601b894da90ad9b0912ab34cd56ef80890f"
                + "00000000000000014f0100000209feffffffffffffffff010000076b696f736b2037feffffffffffffffff01";
        assertThat(PurseRecordChunks.inThisFormat(ByteBuffer.wrap(HexFormat.of().parseHex(olderRideAndKiosk))))
                .isFalse();
        assertThat(PurseRecordChunks.inThisFormat(ByteBuffer.wrap(new byte[0]))).isFalse();
        assertThat(PurseRecordChunks.inThisFormat(ByteBuffer.wrap(new byte[] {ChunkDeltas.FORMAT}))).isTrue();
    }

    /**
     * A night of ten million records holds them all until card history: the records of one validator share its
     * terminal number's one string, whether loaded here or read back from chunks (several of them), not a copy each.
     */
    @Test
    void recordsOfOneTerminalShareItsNumber() {
        Map<String, String> fileTerminals = new HashMap<>();
        List<PurseRecord> loaded = new ArrayList<>();
        for (int atc = 1; atc <= 3; atc++) {
            TransitRecord r = new TransitRecord(TransactionType.COMPOUND_PURCHASE, CardSerial.of("0000000000000042"),
                    Cities.byCode(CITY), CardType.NORMAL, LocalDate.of(2030, 1, 1), atc, 200, 10_000,
                    LocalDateTime.of(2026, 11, 23, 8, atc), new String("0000AB12CD34"), 100 + atc,
                    CardAlgorithm.TRIPLE_DES, 1, "00000000", Cities.byCode(CITY), "0000000000003205",
                    "0000000000000001", Industry.BUS, 1, 5, 0, "FLAT");
            loaded.add(PurseRecord.loaded(r, 12, atc + 1, LocalDate.of(2026, 11, 23), null, fileTerminals));
        }
        assertThat(loaded.get(1).terminalNo).isEqualTo("0000AB12CD34").isSameAs(loaded.get(0).terminalNo);
        assertThat(loaded.get(2).terminalNo).isSameAs(loaded.get(0).terminalNo);

        Map<Long, String> chunkTerminals = new HashMap<>();
        List<PurseRecord> read = new ArrayList<>();
        for (int chunk = 0; chunk < 2; chunk++) {
            ChunkBytes out = new ChunkBytes(16);
            ChunkDeltas written = new ChunkDeltas(CITY);
            loaded.forEach(r -> r.writeTo(out, written));
            ByteBuffer in = ByteBuffer.wrap(out.take());
            ChunkDeltas at = new ChunkDeltas(CITY, chunkTerminals);
            while (in.hasRemaining()) {
                read.add(PurseRecord.readFrom(in, 12, at));
            }
        }
        assertThat(read).hasSize(6).allSatisfy(r -> assertThat(r.terminalNo).isEqualTo("0000AB12CD34")
                .isSameAs(read.get(0).terminalNo));
    }

    /** {@code records} written into one chunk of {@link #CITY}, and read back from its bytes. */
    private static List<PurseRecord> readBack(List<PurseRecord> records) {
        ChunkBytes out = new ChunkBytes(16);
        out.put(ChunkDeltas.FORMAT);
        ChunkDeltas written = new ChunkDeltas(CITY);
        records.forEach(r -> r.writeTo(out, written));
        ByteBuffer in = ByteBuffer.wrap(out.take());
        assertThat(PurseRecordChunks.inThisFormat(in)).isTrue();
        ChunkDeltas at = new ChunkDeltas(CITY, new HashMap<>());
        List<PurseRecord> read = new ArrayList<>();
        while (in.hasRemaining()) {
            read.add(PurseRecord.readFrom(in, 12, at));
        }
        return read;
    }

    private static String fields(PurseRecord r) {
        return String.join("|", String.valueOf(r.card), String.valueOf(r.counterKind), String.valueOf(r.counter),
                String.valueOf(r.accepted), String.valueOf(r.day), String.valueOf(r.fileId), String.valueOf(r.lineNo),
                String.valueOf(r.balanceBefore), String.valueOf(r.balanceAfter), String.valueOf(r.time),
                String.valueOf(r.terminalNo), String.valueOf(r.ttc));
    }
}
