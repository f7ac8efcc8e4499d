package cn.yrd.onecard.privacy;

/**
 * How personal data appears in logs and reports that do not need it in full. One place, so a card
 * serial looks the same in a gate's log line as in a clearing report.
 */
public final class Mask {
    private Mask() {
    }

    /** A card serial or card number: all but the last four characters hidden, e.g. {@code ************5678}. */
    public static String serial(String serial) {
        return keepEdges(serial, 0, 4);
    }

    /**
     * A card serial where its first four digits (the issuing city's prefix, which staff sort by) may show: the last
     * four kept too, e.g. {@code 3205********0021} (the centre's hotlist and counters).
     */
    public static String serialWithPrefix(String serial) {
        return keepEdges(serial, 4, 4);
    }

    /** An ID or social security number: region (first 4) and last 4 kept, e.g. {@code 3101**********1234}. */
    public static String idNumber(String id) {
        return keepEdges(id, 4, 4);
    }

    /** A bank account number (a holder's, for a refund): the last four digits kept, e.g. {@code ************0019}. */
    public static String account(String account) {
        return keepEdges(account, 0, 4);
    }

    /** A person's name: the first character kept, e.g. {@code 张*}. */
    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            return "";
        }
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(Math.max(1, name.codePointCount(first, name.length())));
    }

    private static String keepEdges(String s, int head, int tail) {
        if (s == null) {
            return "";
        }
        if (s.length() <= head + tail) {
            return "*".repeat(s.length());
        }
        return s.substring(0, head) + "*".repeat(s.length() - head - tail) + s.substring(s.length() - tail);
    }
}
