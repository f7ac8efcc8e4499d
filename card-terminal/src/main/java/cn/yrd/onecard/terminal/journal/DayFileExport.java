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
 * The acquirer day file of one business date from a terminal's journal, or from the journals of an acquirer's
 * terminals together: the completed purchases of that date, ordered by time, PSAM and TTC. Tills' journals give a
 * merchant day file, gates' and validators' a transit one; never both in one file. The journal never changes a
 * completed record, so exporting the same date again gives the same bytes, and clearing acknowledges the
 * resubmission as the same file.
 */
public final class DayFileExport {
    private DayFileExport() {
    }

    public static DayFileTrailer export(Journal journal, LocalDate date, String senderId, City senderCity,
            int sequence, Path target) throws IOException {
        return export(List.of(journal), date, senderId, senderCity, sequence, target);
    }

    /** One file of the completed purchases of {@code date} in all of {@code journals}. */
    public static DayFileTrailer export(List<Journal> journals, LocalDate date, String senderId, City senderCity,
            int sequence, Path target) throws IOException {
        List<TransitRecord> records = journals.stream().flatMap(j -> j.completed().stream())
                .filter(r -> r.time().toLocalDate().equals(date))
                .sorted(Comparator.comparing(TransitRecord::time).thenComparing(TransitRecord::terminalNo)
                        .thenComparingLong(TransitRecord::ttc))
                .toList();
        long merchant = records.stream().filter(r -> r.industry() == Industry.MERCHANT).count();
        if (merchant > 0 && merchant < records.size()) {
            throw new IllegalStateException("the journal holds both rides and merchant payments: a terminal's journal "
                    + "is its own, one journal folder a terminal, and a day file carries the one or the other");
        }
        RecordFormat<TransitRecord> format = merchant > 0 ? RecordFormats.MERCHANT : RecordFormats.TRANSIT;
        return DayFileWriter.write(target, format, new DayFileHeader(format.kind(), senderId, senderCity, date,
                sequence), records);
    }
}
