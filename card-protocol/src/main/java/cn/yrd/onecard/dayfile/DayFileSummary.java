package cn.yrd.onecard.dayfile;

/** A day file that was read whole and found good: its header and trailer. */
public record DayFileSummary(DayFileHeader header, DayFileTrailer trailer) {
}
