package cn.yrd.onecard.terminal.counter;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileTrailer;
import cn.yrd.onecard.dayfile.DayFileWriter;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import cn.yrd.onecard.terminal.journal.ChecksummedLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a hospital or pension counter recorded: claims ({@code M|…}) and payouts and proofs of life
 * ({@code P|…}), each a day-file record line, synced as it is written; exported as the day's medical and
 * pension files.
 */
public final class CounterLog implements AutoCloseable {
    private final ChecksummedLog log;
    private final List<MedicalClaim> claims = new ArrayList<>();
    private final List<PensionPayout> payouts = new ArrayList<>();

    private CounterLog(ChecksummedLog log) {
        this.log = log;
    }

    public static CounterLog open(Path dir) throws IOException {
        CounterLog c = new CounterLog(ChecksummedLog.open(dir.resolve("counter.log")));
        long n = 0;
        for (String line : c.log.lines()) {
            n++;
            try {
                if (line.startsWith("M|")) {
                    c.claims.add(RecordFormats.MEDICAL.parse(line.substring(2), "counter.log", n));
                } else if (line.startsWith("P|")) {
                    c.payouts.add(RecordFormats.PENSION.parse(line.substring(2), "counter.log", n));
                } else {
                    throw new IOException("counter.log line " + n + " is neither a claim nor a payout");
                }
            } catch (DayFileFormatException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return c;
    }

    public void record(MedicalClaim claim) throws IOException {
        log.append("M|" + RecordFormats.MEDICAL.format(claim));
        claims.add(claim);
    }

    public void record(PensionPayout payout) throws IOException {
        log.append("P|" + RecordFormats.PENSION.format(payout));
        payouts.add(payout);
    }

    /** How many records this counter has written: the next record's number. */
    public int size() {
        return claims.size() + payouts.size();
    }

    public List<MedicalClaim> claims() {
        return List.copyOf(claims);
    }

    public List<PensionPayout> payouts() {
        return List.copyOf(payouts);
    }

    public DayFileTrailer exportMedical(LocalDate date, String sender, City city, int sequence, Path target)
            throws IOException {
        return DayFileWriter.write(target, RecordFormats.MEDICAL, new DayFileHeader(DayFileKind.MEDICAL, sender, city,
                date, sequence), claims.stream().filter(c -> c.time().toLocalDate().equals(date))
                        .sorted(Comparator.comparing(MedicalClaim::time).thenComparing(MedicalClaim::claimId)).toList());
    }

    public DayFileTrailer exportPension(LocalDate date, String sender, City city, int sequence, Path target)
            throws IOException {
        return DayFileWriter.write(target, RecordFormats.PENSION, new DayFileHeader(DayFileKind.PENSION, sender, city,
                date, sequence), payouts.stream().filter(p -> p.time().toLocalDate().equals(date))
                        .sorted(Comparator.comparing(PensionPayout::time).thenComparing(PensionPayout::payoutId)).toList());
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
