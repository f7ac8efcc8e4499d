package cn.yrd.onecard.terminal.host;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.privacy.Mask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The file a home city's register of people is kept in (its insured, its pensioners): {@code H|<kind>|1|<city>}, one
 * line a person in ascending social security card number, each once, then the trailer with count and SHA-256. Taken
 * whole or refused with the line and the field; each register says only how its line reads.
 */
public final class CardRegisterFile {
    private CardRegisterFile() {
    }

    /** How one register's lines read and write. */
    public interface Layout<T> {
        /** The kind in the header: {@code INSURED}, {@code PENSIONERS}. */
        String kind();

        String cardNumber(T person);

        String line(T person);

        T parse(ControlledFrame.Line line) throws DayFileFormatException;
    }

    /** A register as read: its city and its people by card number, in file order. */
    public record Read<T>(City city, Map<String, T> byCard) {
    }

    /** Writes {@code people} of {@code city}'s register; the one place such a file is made. */
    public static <T> void write(Path file, City city, List<T> people, Layout<T> layout) throws IOException {
        ControlledFrame.Writer out = new ControlledFrame.Writer(file, ControlledFrame.Trailer.COUNT_SHA256,
                "H|" + layout.kind() + "|1|" + city.code());
        try {
            Function<T, String> card = layout::cardNumber;
            String last = null;
            for (T p : people.stream().sorted(Comparator.comparing(card)).toList()) {
                if (card.apply(p).equals(last)) {
                    throw new IllegalArgumentException("card " + Mask.serial(last) + " is registered twice");
                }
                last = card.apply(p);
                out.line(layout.line(p), 0);
            }
            out.close();
        } finally {
            out.abandon();
        }
    }

    /** Reads a register, or throws one line naming the file, the line and what is wrong with it. */
    public static <T> Read<T> read(Path file, Layout<T> layout) throws IOException {
        String header = "H|" + layout.kind() + "|1|";
        Map<String, T> byCard = new LinkedHashMap<>();
        City[] city = new City[1];
        try {
            ControlledFrame.read(file, new ControlledFrame.Format() {
                String last;

                @Override
                public void header(ControlledFrame.Line line) throws DayFileFormatException {
                    String code = line.text().startsWith(header) ? line.text().substring(header.length()) : "";
                    city[0] = Cities.find(code).orElseThrow(() -> line.error(null, "header must be " + header
                            + "<city code>"));
                }

                @Override
                public long body(ControlledFrame.Line line) throws DayFileFormatException {
                    T p = layout.parse(line);
                    String card = layout.cardNumber(p);
                    if (last != null && card.compareTo(last) <= 0) {
                        throw line.error("card_number", "not after the line before: people in ascending card "
                                + "number, each once");
                    }
                    last = card;
                    byCard.put(card, p);
                    return 0;
                }
            });
        } catch (DayFileFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new Read<>(city[0], Collections.unmodifiableMap(byCard));
    }
}
