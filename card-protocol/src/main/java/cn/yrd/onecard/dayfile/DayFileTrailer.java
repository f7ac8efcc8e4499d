package cn.yrd.onecard.dayfile;

/**
 * The last line of a day file: how many records, the sum of their amounts in fen, and the SHA-256 (lower-case
 * hex) of the record lines' bytes, each with its line feed.
 */
public record DayFileTrailer(long count, long amountTotal, String sha256) {
}
