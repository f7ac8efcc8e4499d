package cn.yrd.onecard.registry;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.LineReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.codec.binary.Hex;

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
        StringBuilder body = new StringBuilder();
        terminals.stream().sorted(java.util.Comparator.comparing(Terminal::terminalNo))
                .forEach(t -> body.append(t.line()).append('\n'));
        String lines = body.toString();
        boolean named = terminals.stream().allMatch(t -> t.senderId() != null);
        if (!named && terminals.stream().anyMatch(t -> t.senderId() != null)) {
            throw new IllegalArgumentException("a register names the sender of every terminal or of none");
        }
        return (named ? HEADER : HEADER_V1) + "\n" + lines + "T|" + terminals.size() + "|"
                + Hex.encodeHexString(sha256().digest(lines.getBytes(StandardCharsets.US_ASCII))) + "\n";
    }

    /** Reads a register, or throws one line naming the file, the line and what is wrong with it. */
    public static TerminalRegistry read(Path file) throws IOException {
        String name = String.valueOf(file.getFileName());
        MessageDigest sha = sha256();
        Map<String, Terminal> byNumber = new HashMap<>();
        String last = null;
        long lineNo = 0;
        String trailer = null;
        int fields = 0;
        try (LineReader lines = new LineReader(file)) {
            byte[] raw;
            while ((raw = next(lines)) != null) {
                lineNo++;
                String line = new String(raw, StandardCharsets.US_ASCII);
                if (trailer != null) {
                    throw error(name, lineNo, "text after the trailer");
                }
                if (lineNo == 1) {
                    if (!line.equals(HEADER) && !line.equals(HEADER_V1)) {
                        throw error(name, 1, "header must be " + HEADER + " (or " + HEADER_V1 + ")");
                    }
                    fields = line.equals(HEADER) ? 5 : 4;
                    continue;
                }
                if (line.startsWith("T|")) {
                    trailer = line;
                    continue;
                }
                String[] f = line.split("\\|", -1);
                if (f.length != fields || !f[0].equals("D")) {
                    throw error(name, lineNo, "a terminal line is D|terminal_no|city|operator_id"
                            + (fields == 5 ? "|sender_id" : ""));
                }
                if (!hex(f[1], 12)) {
                    throw error(name, lineNo, "field terminal_no: '" + f[1] + "' is not 12 upper-case hex digits");
                }
                if (last != null && f[1].compareTo(last) <= 0) {
                    throw error(name, lineNo,
                            "field terminal_no: terminals must be in ascending order without repeats");
                }
                Optional<City> city = Cities.find(f[2]);
                if (city.isEmpty()) {
                    throw error(name, lineNo, "field city: '" + f[2] + "' is not one of the 16 city codes");
                }
                if (!hex(f[3], 16)) {
                    throw error(name, lineNo, "field operator_id: '" + f[3] + "' is not 16 upper-case hex digits");
                }
                if (fields == 5 && !cn.yrd.onecard.dayfile.DayFileHeader.SENDER.matcher(f[4]).matches()) {
                    throw error(name, lineNo, "field sender_id: '" + f[4] + "' is not 1 to 32 of A-Z a-z 0-9 _ -");
                }
                byNumber.put(f[1], new Terminal(f[1], city.get(), f[3], fields == 5 ? f[4] : null));
                last = f[1];
                sha.update(raw);
                sha.update((byte) '\n');
            }
        }
        if (lineNo == 0) {
            throw error(name, 1, "file is empty");
        }
        if (trailer == null) {
            throw error(name, lineNo, "no trailer line (file truncated?)");
        }
        String[] t = trailer.split("\\|", -1);
        if (t.length != 3 || !t[1].equals(Integer.toString(byNumber.size()))) {
            throw error(name, lineNo, "field count: the trailer must be T|" + byNumber.size() + "|sha256");
        }
        if (!Hex.encodeHexString(sha.digest()).equals(t[2])) {
            throw error(name, lineNo, "field sha256: trailer hash does not match the terminal lines");
        }
        return new TerminalRegistry(Collections.unmodifiableMap(byNumber));
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

    /** The strict line rules (LF only, no CR, length, final LF) are the day files' own. */
    private static byte[] next(LineReader lines) throws IOException {
        try {
            return lines.next();
        } catch (DayFileFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static IOException error(String name, long line, String problem) {
        return new IOException(name + ": line " + line + ": " + problem);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
