package cn.yrd.onecard.dayfile;

import cn.yrd.onecard.city.City;
import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The first line of a day file: who sends what for which business date. {@code sequence} numbers the
 * sender's files of one date from 1; a resent file carries the same sequence and the same bytes.
 */
public record DayFileHeader(DayFileKind kind, String senderId, City senderCity, LocalDate businessDate,
        int sequence) {

    /** What a sender ID may be: the day file header's, the terminal registry's. */
    public static final Pattern SENDER = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public DayFileHeader {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(senderCity, "sender city");
        Objects.requireNonNull(businessDate, "business date");
        if (senderId == null || !SENDER.matcher(senderId).matches()) {
            throw new IllegalArgumentException("sender ID must be 1 to 32 of A-Z a-z 0-9 _ -, got '" + senderId + "'");
        }
        if (sequence < 1 || sequence > 999_999) {
            throw new IllegalArgumentException("sequence must be 1..999999, got " + sequence);
        }
    }
}
