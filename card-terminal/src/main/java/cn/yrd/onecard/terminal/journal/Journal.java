package cn.yrd.onecard.terminal.journal;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.terminal.journal.ChecksummedLog.WhileSyncing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The terminal's append-only journal: one line per event, each ending in its CRC-32, synced to disk before
 * the gate opens. A purchase is written twice: its intent before DEBIT is sent (everything but the TAC),
 * then its completion with the TAC, or its abandonment when the card proves it never happened. A crash at
 * any point leaves at worst a torn last line, which recovery drops; an intent without an outcome is the
 * purchase to settle with GET TRANSACTION PROVE on the card's next tap. The file is kept a megabyte ahead of its
 * lines ({@link ChecksummedLog#openReserved}), so its syncs, two a tap, write data and no file size; the lines end
 * at the first zero byte.
 *
 * <pre>
 *   seq|I|&lt;the transaction record as a day-file D line, TAC 00000000&gt;|crc32
 *   seq|C|&lt;intent seq&gt;|&lt;TAC&gt;|crc32
 *   seq|A|&lt;intent seq&gt;|&lt;reason&gt;|crc32
 * </pre>
 * Not thread-safe: one gate, one journal.
 */
public final class Journal implements AutoCloseable {
    static final String FILE = "journal.log";

    /** A purchase whose DEBIT was sent and whose outcome is not yet known. */
    public record Intent(long seq, TransitRecord record) {
    }

    private final ChecksummedLog log;
    private final Map<Long, Intent> pending = new LinkedHashMap<>();
    private final List<TransitRecord> completed = new ArrayList<>();
    private final List<Intent> abandoned = new ArrayList<>();
    private long nextSeq = 1;

    private Journal(ChecksummedLog log) {
        this.log = log;
    }

    /** Opens (or creates) the journal in {@code dir}, recovering from a crash at any point. */
    public static Journal open(Path dir) throws IOException {
        Journal j = new Journal(ChecksummedLog.openReserved(dir.resolve(FILE)));
        for (String line : j.log.lines()) {
            j.replay(line);
        }
        return j;
    }

    private void replay(String body) throws IOException {
        String[] head = body.split("\\|", 3);
        long seq = Long.parseLong(head[0]);
        nextSeq = Math.max(nextSeq, seq + 1);
        switch (head[1]) {
            case "I" -> pending.put(seq, new Intent(seq, parse(head[2], seq)));
            case "C" -> {
                String[] f = head[2].split("\\|");
                Intent intent = pending.remove(Long.parseLong(f[0]));
                if (intent != null) {
                    completed.add(withTac(intent.record(), f[1]));
                }
            }
            case "A" -> moveToAbandoned(Long.parseLong(head[2].split("\\|")[0]));
            default -> throw new IOException(log.file() + ": entry " + seq + " has unknown kind " + head[1]);
        }
    }

    private TransitRecord parse(String fields, long seq) throws IOException {
        try {
            return RecordFormats.TRANSIT.parse(fields, log.file().getFileName().toString(), seq);
        } catch (DayFileFormatException e) {
            throw new IOException("journal entry " + seq + " is not a transaction record: " + e.getMessage(), e);
        }
    }

    /** Writes the intent of a purchase about to be sent to the card; returns its sequence number. */
    public long intent(TransitRecord withoutTac) throws IOException {
        return intent(withoutTac, null);
    }

    /**
     * Writes the intent, running {@code meanwhile} (commands the card only caches until DEBIT) while it is synced;
     * returns once it is on disk: DEBIT may then be sent.
     */
    public <E extends Exception> long intent(TransitRecord withoutTac, WhileSyncing<E> meanwhile)
            throws IOException, E {
        // Pending from before its line may be on disk: should the card leave meanwhile, its next tap settles it.
        long seq = nextSeq;
        pending.put(seq, new Intent(seq, withoutTac));
        return append("I|" + RecordFormats.TRANSIT.format(withoutTac), meanwhile);
    }

    /** The card answered DEBIT (or proved it later): the purchase is complete with {@code tac}. */
    public TransitRecord complete(long intentSeq, String tac) throws IOException {
        return complete(intentSeq, tac, null);
    }

    /**
     * As {@link #complete(long, String)}, running {@code meanwhile} (the PSAM's check of MAC2) while the completion is
     * synced; returns once it is on disk: the gate may then open.
     */
    public <E extends Exception> TransitRecord complete(long intentSeq, String tac, WhileSyncing<E> meanwhile)
            throws IOException, E {
        Intent intent = pending.get(intentSeq);
        if (intent == null) {
            throw new IllegalStateException("no pending purchase " + intentSeq);
        }
        append("C|" + intentSeq + "|" + tac, meanwhile);
        pending.remove(intentSeq);
        TransitRecord done = withTac(intent.record(), tac);
        completed.add(done);
        return done;
    }

    /** The card proved the purchase never happened. */
    public void abandon(long intentSeq, String reason) throws IOException {
        append("A|" + intentSeq + "|" + reason.replace('|', '/'), null);
        moveToAbandoned(intentSeq);
    }

    /** The intent {@code intentSeq}, if pending, moves to the abandoned ones: as written, and as replayed. */
    private void moveToAbandoned(long intentSeq) {
        Intent intent = pending.remove(intentSeq);
        if (intent != null) {
            abandoned.add(intent);
        }
    }

    /** The sequence number the next entry will get: unique on this terminal, so kiosks number loads with it. */
    public long nextSeq() {
        return nextSeq;
    }

    /** The unfinished purchase of {@code card}, if any. */
    public Optional<Intent> pendingFor(CardSerial card) {
        return pending.values().stream().filter(i -> i.record().cardSerial().equals(card)).findFirst();
    }

    public List<Intent> pending() {
        return List.copyOf(pending.values());
    }

    /** Every completed purchase, in journal order. */
    public List<TransitRecord> completed() {
        return List.copyOf(completed);
    }

    /**
     * Every intent the card proved never happened, in journal order: at a kiosk, a load its host approved that no
     * card took (the host's check reports it missing from the day file, and this says why).
     */
    public List<Intent> abandoned() {
        return List.copyOf(abandoned);
    }

    /** 1 when recovery dropped a torn last line on opening, else 0. */
    public int droppedLines() {
        return log.droppedTornLine() ? 1 : 0;
    }

    /** Appends {@code body} as the next entry, synced; {@code meanwhile}, if not null, runs while it syncs. */
    private <E extends Exception> long append(String body, WhileSyncing<E> meanwhile) throws IOException, E {
        long seq = nextSeq++;
        if (meanwhile == null) {
            log.append(seq + "|" + body);
        } else {
            log.append(seq + "|" + body, meanwhile);
        }
        return seq;
    }

    private static TransitRecord withTac(TransitRecord r, String tac) {
        return new TransitRecord(r.type(), r.cardSerial(), r.issuer(), r.cardType(), r.cardExpiry(), r.atc(),
                r.amount(), r.balanceBefore(), r.time(), r.terminalNo(), r.ttc(), r.algorithm(), r.keyVersion(), tac,
                r.acquirer(), r.operatorId(), r.deviceId(), r.industry(), r.line(), r.station(), r.entryStation(),
                r.fareRule());
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
