package cn.yrd.onecard.dayfile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The files clearing sends each city every night ({@code <city>-result.txt}, {@code <city>-detail.txt},
 * {@code <city>-merchants.txt}, formats in
 * docs/clearing.md): a header naming the kind, the city and the date, body lines, and a trailer with their count and
 * SHA-256. Read by settlement, and by an issuing city's load host checking that its approved loads came back.
 */
public final class ClearingFiles {
    /** Clearing's totals of a city's pairs. */
    public static final String RESULT = "CLEARING_RESULT";
    /** Every accepted and suspended record a city pays or is paid for. */
    public static final String DETAIL = "CLEARING_DETAIL";
    /** What an acquiring city owes each of its merchants for the day's accepted payments. */
    public static final String MERCHANTS = "CLEARING_MERCHANTS";
    /** What was paid against which bill of one biller: its header names the biller's merchant id, not a city. */
    public static final String REMITTANCE = "CLEARING_REMITTANCE";

    private ClearingFiles() {
    }

    /**
     * The body lines of {@code file}, once its header is the one expected ({@code kind} of {@code city} on
     * {@code date}) and its trailer matches the lines above it: a truncated or altered file is refused whole.
     */
    public static List<ControlledFrame.Line> body(Path file, String kind, String city, LocalDate date) throws IOException,
            DayFileFormatException {
        String expected = "H|" + kind + "|1|" + city + "|" + date.format(DateTimeFormatter.BASIC_ISO_DATE);
        List<ControlledFrame.Line> body = new ArrayList<>();
        ControlledFrame.read(file, new ControlledFrame.Format() {
            @Override
            public void header(ControlledFrame.Line line) throws DayFileFormatException {
                if (!line.text().equals(expected)) {
                    throw line.error(null, "header '" + line.text() + "' is not '" + expected + "'");
                }
            }

            @Override
            public long body(ControlledFrame.Line line) {
                body.add(line);
                return 0;
            }
        });
        return body;
    }
}
