package cn.yrd.onecard.terminal.host;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.terminal.journal.ChecksummedLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A load a host approved, as its authorisations log keeps it: the card got the money on the host's word, so the
 * kiosk's day file must carry the load for the kiosk's city to pay the issuer ({@link LoadCheck}).
 */
public record ApprovedLoad(String requestId, CardSerial card, City issuer, int onlineAtc, long amount,
        String terminalNo, LocalDateTime time) {
    /** The host's log of every answer, under its data folder. */
    static final String LOG = "authorisations.log";

    /**
     * The approval a log line records, or empty for a refusal. A line is {@code requestId | Y or N | mac2 | reason |}
     * then the request's fingerprint ({@link LoadRequest#fingerprint()}: card, issuer, algorithm, online ATC, random,
     * old balance, amount, terminal, time, MAC1).
     */
    static Optional<ApprovedLoad> of(String logLine) {
        String[] f = logLine.split("\\|", -1);
        if (!f[1].equals("Y")) {
            return Optional.empty();
        }
        return Optional.of(new ApprovedLoad(f[0], CardSerial.of(f[4]), Cities.byCode(f[5]), Integer.parseInt(f[7]),
                Long.parseLong(f[10]), f[11], LocalDateTime.parse(f[12])));
    }

    /** The loads the host under {@code dataDir} approved on {@code date}, read only (the host may be running). */
    public static List<ApprovedLoad> on(Path dataDir, LocalDate date) throws IOException {
        Path log = dataDir.resolve(LOG);
        if (!Files.isRegularFile(log)) {
            throw new IOException("no load host's log at " + log);
        }
        List<ApprovedLoad> approved = new ArrayList<>();
        for (String line : ChecksummedLog.read(log)) {
            of(line).filter(a -> a.time().toLocalDate().equals(date)).ifPresent(approved::add);
        }
        return approved;
    }
}
