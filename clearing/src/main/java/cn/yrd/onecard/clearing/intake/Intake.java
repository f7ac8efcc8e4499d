package cn.yrd.onecard.clearing.intake;

import cn.yrd.onecard.clearing.load.SenderSignatures;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.DayFileSummary;
import cn.yrd.onecard.dayfile.RecordFormats;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.springframework.stereotype.Service;

/**
 * Takes a day file in: checks it whole (every field, the trailer's count, total and hash) and registers it
 * once. The file is identified by the SHA-256 its trailer carries, which covers every record, with its sender,
 * date and sequence (every empty file has the same hash).
 */
@Service
public class Intake {

    /** What became of a file handed to intake. */
    public enum Outcome {
        REGISTERED,
        /** The same file was taken in before: acknowledged, nothing changed. */
        ALREADY_RECEIVED
    }

    private final DayFileRegistry registry;
    private final SenderSignatures signatures;
    private final Clock clock;

    public Intake(DayFileRegistry registry, SenderSignatures signatures, Clock clock) {
        this.registry = registry;
        this.signatures = signatures;
        this.clock = clock;
    }

    /** A file checked whole, ready to register. */
    public record Checked(Path file, DayFileHeader header, DayFileSummary summary) {
    }

    /**
     * Checks {@code file} whole without touching the database: its signature first, when the night asks for one (the
     * records of a file whose sender is not proven are not read), then every line; or throws naming what is wrong.
     */
    public Checked check(Path file) throws IOException, DayFileFormatException, SignatureRefusedException {
        DayFileHeader header = DayFileReader.readHeader(file);
        try {
            java.util.Optional<String> refusal = signatures.refusal(file, header);
            if (refusal.isPresent()) {
                throw new SignatureRefusedException(String.valueOf(file.getFileName()), refusal.get());
            }
        } catch (GeneralSecurityException e) {
            throw new SignatureRefusedException(String.valueOf(file.getFileName()), "signature not checked: "
                    + e.getMessage());
        }
        return new Checked(file, header, DayFileReader.verify(file, RecordFormats.of(header.kind())));
    }

    /** Registers {@code file} for its own date's night, or throws naming the line and field that make it unacceptable. */
    public Outcome register(Path file) throws IOException, DayFileFormatException, SignatureRefusedException {
        Checked checked = check(file);
        return register(checked, checked.header().businessDate());
    }

    /**
     * Registers a checked file once, to be cleared by the night of {@code night}: files registered in the order they
     * arrived are numbered in that order.
     */
    public Outcome register(Checked checked, LocalDate night) {
        DayFileHeader header = checked.header();
        DayFileSummary summary = checked.summary();
        ReceivedFile row = new ReceivedFile(null, summary.trailer().sha256(), header.kind().name(),
                header.senderId(), header.senderCity().code(), header.businessDate(), night, header.sequence(),
                summary.trailer().count(), summary.trailer().amountTotal(),
                String.valueOf(checked.file().getFileName()),
                LocalDateTime.now(clock));
        return registry.insertIfNew(row) == 1 ? Outcome.REGISTERED : Outcome.ALREADY_RECEIVED;
    }
}
