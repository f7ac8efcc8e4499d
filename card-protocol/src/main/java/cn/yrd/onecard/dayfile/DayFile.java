package cn.yrd.onecard.dayfile;

import java.util.List;

/** A whole day file in memory. For large files, stream with {@link DayFileReader#forEach}. */
public record DayFile<R>(DayFileHeader header, List<R> records, DayFileTrailer trailer) {
    public DayFile {
        records = List.copyOf(records);
    }
}
