package cn.yrd.onecard.registry;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.ControlledFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The clearing centre's register of terminals (docs/formats.md, "Terminal registry"): every PSAM and kiosk terminal
 * number the centre issued, with the city and operator it was issued to. A record from a terminal that is not
 * registered, or that names another city or operator than its terminal's, did not come from where it says.
 * The file is checked whole (ascending terminal numbers, count, SHA-256) before a register is returned.
 */
public final class TerminalRegistry {
    /** Version 1 names no sender; version 2 names the day-file sender of each terminal's records. */
    private static final String HEADER_V1 = "H|TERMINALS|1";
    private static final String HEADER = "H|TERMINALS|2";

    /**
     * What the centre registered a terminal to, and the sender whose day file carries its records (null in a
     * version 1 register): every sender named is expected to send a file every business day, an empty one on a day
     * without business.
     */
    public record Terminal(String terminalNo, City city, String operatorId, String senderId) {
        public Terminal {
            if (senderId != null && !cn.yrd.onecard.dayfile.DayFileHeader.SENDER.matcher(senderId).matches()) {
                throw new IllegalArgumentException("sender ID must be 1 to 32 of A-Z a-z 0-9 _ -, got '" + senderId
                        + "'");
            }
        }

        /** A terminal of a version 1 register: no sender named. */
        public Terminal(String terminalNo, City city, String operatorId) {
            this(terminalNo, city, operatorId, null);
        }

        /** The terminal's registry line. */
        public String line() {
            return "D|" + terminalNo + "|" + city.code() + "|" + operatorId + (senderId == null ? "" : "|" + senderId);
        }
    }

    private final Map<String, Terminal> byNumber;

    private TerminalRegistry(Map<String, Terminal> byNumber) {
        this.byNumber = byNumber;
    }

    public static TerminalRegistry of(List<Terminal> terminals) {
        Map<String, Terminal> byNumber = new HashMap<>();
        terminals.forEach(t -> byNumber.put(t.terminalNo(), t));
        return new TerminalRegistry(Collections.unmodifiableMap(byNumber));
    }

    public Optional<Terminal> find(String terminalNo) {
        return Optional.ofNullable(byNumber.get(terminalNo));
    }

    public int size() {
        return byNumber.size();
    }

    /** The terminals registered to {@code city}, by terminal number. */
    public List<Terminal> of(City city) {
        return byNumber.values().stream().filter(t -> t.city().equals(city))
                .sorted(java.util.Comparator.comparing(Terminal::terminalNo)).toList();
    }

    /** The senders the register expects a day file from every business day (none in a version 1 register). */
    public java.util.SortedSet<String> senders() {
        java.util.SortedSet<String> senders = new java.util.TreeSet<>();
        byNumber.values().forEach(t -> {
            if (t.senderId() != null) {
                senders.add(t.senderId());
            }
        });
        return senders;
    }

    /** The register's text: header, the terminals in ascending number, trailer; the one place it is made. */
    public static String text(List<Terminal> terminals) {
        List<String> lines = terminals.stream().sorted(java.util.Comparator.comparing(Terminal::terminalNo))
                .map(Terminal::line).toList();
        boolean named = terminals.stream().allMatch(t -> t.senderId() != null);
        if (!named && terminals.stream().anyMatch(t -> t.senderId() != null)) {
            throw new IllegalArgumentException("a register names the sender of every terminal or of none");
        }
        StringBuilder text = new StringBuilder(named ? HEADER : HEADER_V1).append('\n');
        lines.forEach(l -> text.append(l).append('\n'));
        return text.append(ControlledFrame.trailer(lines)).append('\n').toString();
    }

    /** Reads a register, or throws one line naming the file, the line and what is wrong with it. */
    public static TerminalRegistry read(Path file) throws IOException {
        Map<String, Terminal> byNumber = new HashMap<>();
        try {
            ControlledFrame.read(file, new ControlledFrame.Format() {
                int fields;
                String last;

                @Override
                public void header(ControlledFrame.Line line) throws DayFileFormatException {
                    if (!line.text().equals(HEADER) && !line.text().equals(HEADER_V1)) {
                        throw line.error(null, "header must be " + HEADER + " (or " + HEADER_V1 + ")");
                    }
                    fields = line.text().equals(HEADER) ? 5 : 4;
                }

                @Override
                public long body(ControlledFrame.Line line) throws DayFileFormatException {
                    Terminal t = terminal(line, fields, last);
                    byNumber.put(t.terminalNo(), t);
                    last = t.terminalNo();
                    return 0;
                }
            });
        } catch (DayFileFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new TerminalRegistry(Collections.unmodifiableMap(byNumber));
    }

    /** One terminal line of a register whose lines have {@code fields} fields, after the one numbered {@code last}. */
    private static Terminal terminal(ControlledFrame.Line line, int fields, String last) throws DayFileFormatException {
        String[] f = line.fields();
        if (f.length != fields || !f[0].equals("D")) {
            throw line.error(null, "a terminal line is D|terminal_no|city|operator_id" + (fields == 5 ? "|sender_id"
                    : ""));
        }
        if (!hex(f[1], 12)) {
            throw line.error("terminal_no", "'" + f[1] + "' is not 12 upper-case hex digits");
        }
        if (last != null && f[1].compareTo(last) <= 0) {
            throw line.error("terminal_no", "terminals must be in ascending order without repeats");
        }
        Optional<City> city = Cities.find(f[2]);
        if (city.isEmpty()) {
            throw line.error("city", "'" + f[2] + "' is not one of the 16 city codes");
        }
        if (!hex(f[3], 16)) {
            throw line.error("operator_id", "'" + f[3] + "' is not 16 upper-case hex digits");
        }
        if (fields == 5 && !cn.yrd.onecard.dayfile.DayFileHeader.SENDER.matcher(f[4]).matches()) {
            throw line.error("sender_id", "'" + f[4] + "' is not 1 to 32 of A-Z a-z 0-9 _ -");
        }
        return new Terminal(f[1], city.get(), f[3], fields == 5 ? f[4] : null);
    }

    private static boolean hex(String v, int digits) {
        if (v.length() != digits) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
