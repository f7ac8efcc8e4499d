package cn.yrd.onecard.hotlist;

import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.ControlledFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads a hotlist file (docs/formats.md, "Hotlist"): header, one line per card in ascending serial order,
 * trailer with count and SHA-256. The file is checked whole before the list is returned, so a gate swaps in
 * a complete new version or keeps its old one.
 */
public final class HotlistFile {
    static final Set<String> REASONS = Set.of("LOST", "STOLEN", "REFUNDED", "DAMAGED");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);

    private HotlistFile() {
    }

    /**
     * A list's text from its header line and its {@code D|serial|reason|effective} lines (in serial order): the
     * trailer with their count and SHA-256 is added here, the one place hotlist text is made.
     */
    public static String assemble(String header, List<String> cardLines) {
        StringBuilder body = new StringBuilder();
        cardLines.forEach(l -> body.append(l).append('\n'));
        return header + "\n" + body + ControlledFrame.trailer(cardLines) + "\n";
    }

    public static Hotlist read(Path file) throws IOException {
        Cards cards = new Cards();
        try {
            ControlledFrame.read(file, cards);
        } catch (DayFileFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
        return Hotlist.sorted(cards.version, cards.serials, cards.effective, cards.n);
    }

    /** The list's version from its header, then its cards in ascending serial order. */
    private static final class Cards implements ControlledFrame.Format {
        long version;
        long[] serials = new long[1024];
        long[] effective = new long[1024];
        int n;

        @Override
        public void header(ControlledFrame.Line line) throws DayFileFormatException {
            String[] h = line.fields();
            if (h.length != 5 || !h[0].equals("H") || !h[1].equals("HOTLIST") || !h[2].equals("1")) {
                throw line.error(null, "header must be H|HOTLIST|1|version|generated");
            }
            version = number(line, "version", h[3]);
            time(line, "generated", h[4]);
        }

        @Override
        public long body(ControlledFrame.Line line) throws DayFileFormatException {
            String[] f = line.fields();
            if (f.length != 4 || !f[0].equals("D")) {
                throw line.error(null, "a card line is D|serial|reason|effective");
            }
            if (f[1].length() != 16) {
                throw line.error("serial", "'" + f[1] + "' is not 16 digits");
            }
            long serial = number(line, "serial", f[1]);
            if (n > 0 && serial <= serials[n - 1]) {
                throw line.error("serial", "serials must be in ascending order without repeats");
            }
            if (!REASONS.contains(f[2])) {
                throw line.error("reason", "'" + f[2] + "' is not one of LOST, STOLEN, REFUNDED, DAMAGED");
            }
            if (n == serials.length) {
                serials = Arrays.copyOf(serials, n * 2);
                effective = Arrays.copyOf(effective, n * 2);
            }
            serials[n] = serial;
            effective[n] = Hotlist.seconds(time(line, "effective", f[3]));
            n++;
            return 0;
        }
    }

    private static long number(ControlledFrame.Line line, String field, String v) throws DayFileFormatException {
        try {
            if (v.isEmpty() || !v.chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException();
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw line.error(field, "'" + v + "' is not a whole number");
        }
    }

    private static LocalDateTime time(ControlledFrame.Line line, String field, String v)
            throws DayFileFormatException {
        try {
            return LocalDateTime.parse(v, TIME);
        } catch (DateTimeParseException e) {
            throw line.error(field, "'" + v + "' is not YYYYMMDDhhmmss");
        }
    }
}
