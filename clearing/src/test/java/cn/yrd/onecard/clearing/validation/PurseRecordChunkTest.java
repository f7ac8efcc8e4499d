package cn.yrd.onecard.clearing.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (PurseRecord r : written) {
            r.writeTo(out);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        List<PurseRecord> read = new ArrayList<>();
        while (in.available() > 0) {
            read.add(PurseRecord.readFrom(in, 12));
        }
        assertThat(read.stream().map(PurseRecordChunkTest::fields).toList())
                .isEqualTo(written.stream().map(PurseRecordChunkTest::fields).toList());

        ByteArrayOutputStream one = new ByteArrayOutputStream();
        written.get(0).writeTo(new DataOutputStream(one));
        assertThat(one.size()).as("a typical ride's bytes").isLessThanOrEqualTo(45);
    }

    private static String fields(PurseRecord r) {
        return String.join("|", String.valueOf(r.card), String.valueOf(r.counterKind), String.valueOf(r.counter),
                String.valueOf(r.accepted), String.valueOf(r.day), String.valueOf(r.fileId), String.valueOf(r.lineNo),
                String.valueOf(r.balanceBefore), String.valueOf(r.balanceAfter), String.valueOf(r.time),
                String.valueOf(r.terminalNo), String.valueOf(r.ttc));
    }
}
