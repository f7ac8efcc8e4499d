package cn.yrd.onecard.terminal.journal;

import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.dayfile.DayFileTrailer;
import cn.yrd.onecard.dayfile.DayFileWriter;
import cn.yrd.onecard.dayfile.RecordFormat;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.TransitRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * The acquirer day file of one business date from a terminal's journal: the completed purchases of that
 * date, ordered by time, PSAM and TTC. A till's journal gives a merchant day file, a gate's or validator's a transit
 * one; a journal is one terminal's, so never both. The journal never changes a completed record, so exporting the same
 * date again gives the same bytes, and clearing acknowledges the resubmission as the same file.
 */
public final class DayFileExport {
    private DayFileExport() {
    }

    public static DayFileTrailer export(Journal journal, LocalDate date, String senderId, City senderCity,
            int sequence, Path target) throws IOException {
        List<TransitRecord> records = journal.completed().stream()
                .filter(r -> r.time().toLocalDate().equals(date))
                .sorted(Comparator.comparing(TransitRecord::time).thenComparing(TransitRecord::terminalNo)
                        .thenComparingLong(TransitRecord::ttc))
                .toList();
        long merchant = records.stream().filter(r -> r.industry() == Industry.MERCHANT).count();
        if (merchant > 0 && merchant < records.size()) {
            throw new IllegalStateException("the journal holds both rides and merchant payments: a terminal's journal "
                    + "is its own, one journal folder a terminal");
        }
        RecordFormat<TransitRecord> format = merchant > 0 ? RecordFormats.MERCHANT : RecordFormats.TRANSIT;
        return DayFileWriter.write(target, format, new DayFileHeader(format.kind(), senderId, senderCity, date,
                sequence), records);
    }
}
