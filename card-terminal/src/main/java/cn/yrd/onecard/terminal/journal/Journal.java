package cn.yrd.onecard.terminal.journal;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.TransitRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The terminal's append-only journal: one line per event, each ending in its CRC-32, synced to disk before
 * the gate opens. A purchase is written twice: its intent before DEBIT is sent (everything but the TAC),
 * then its completion with the TAC, or its abandonment when the card proves it never happened. A crash at
 * any point leaves at worst a torn last line, which recovery drops; an intent without an outcome is the
 * purchase to settle with GET TRANSACTION PROVE on the card's next tap.
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

    private final Path file;
    private final FileChannel channel;
    private final Map<Long, Intent> pending = new LinkedHashMap<>();
    private final List<TransitRecord> completed = new ArrayList<>();
    private final int droppedLines;
    private long nextSeq = 1;

    private Journal(Path file, FileChannel channel, int droppedLines) {
        this.file = file;
        this.channel = channel;
        this.droppedLines = droppedLines;
    }

    /** Opens (or creates) the journal in {@code dir}, recovering from a crash at any point. */
    public static Journal open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        byte[] all = Files.readAllBytes(file);
        List<String> valid = new ArrayList<>();
        int good = 0;
        int start = 0;
        int lineNo = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] != '\n') {
                continue;
            }
            lineNo++;
            String line = new String(all, start, i - start, StandardCharsets.UTF_8);
            if (!checksumOk(line)) {
                if (i + 1 < all.length) {
                    // Not a torn write (that only ever hits the last line): good lines after a bad one mean
                    // the file was damaged. Dropping them would lose paid rides.
                    ch.close();
                    throw new IOException(file + " line " + lineNo + " fails its checksum but later lines follow: "
                            + "damaged, not torn; move it aside and inspect it before the terminal runs again");
                }
                break;
            }
            valid.add(line);
            good = i + 1;
            start = i + 1;
        }
        int dropped = good < all.length ? 1 : 0;
        if (good < all.length) {
            // A torn last line (or a last line without its line feed): it never completed, so it never counted.
            ch.truncate(good);
            ch.force(true);
        }
        ch.position(good);
        Journal j = new Journal(file, ch, dropped);
        for (String line : valid) {
            j.replay(line);
        }
        return j;
    }

    private void replay(String line) throws IOException {
        String body = line.substring(0, line.lastIndexOf('|'));
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
            case "A" -> pending.remove(Long.parseLong(head[2].split("\\|")[0]));
            default -> throw new IOException(file + ": line " + seq + " has unknown kind " + head[1]);
        }
    }

    private TransitRecord parse(String fields, long seq) throws IOException {
        try {
            return RecordFormats.TRANSIT.parse(fields, file.getFileName().toString(), seq);
        } catch (DayFileFormatException e) {
            throw new IOException("journal entry " + seq + " is not a transaction record: " + e.getMessage(), e);
        }
    }

    /** Writes the intent of a purchase about to be sent to the card; returns its sequence number. */
    public long intent(TransitRecord withoutTac) throws IOException {
        long seq = append("I|" + RecordFormats.TRANSIT.format(withoutTac));
        pending.put(seq, new Intent(seq, withoutTac));
        return seq;
    }

    /** The card answered DEBIT (or proved it later): the purchase is complete with {@code tac}. */
    public TransitRecord complete(long intentSeq, String tac) throws IOException {
        Intent intent = pending.get(intentSeq);
        if (intent == null) {
            throw new IllegalStateException("no pending purchase " + intentSeq);
        }
        append("C|" + intentSeq + "|" + tac);
        pending.remove(intentSeq);
        TransitRecord done = withTac(intent.record(), tac);
        completed.add(done);
        return done;
    }

    /** The card proved the purchase never happened. */
    public void abandon(long intentSeq, String reason) throws IOException {
        append("A|" + intentSeq + "|" + reason.replace('|', '/'));
        pending.remove(intentSeq);
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
        return Collections.unmodifiableList(completed);
    }

    /** 1 when recovery dropped a torn last line on opening, else 0. */
    public int droppedLines() {
        return droppedLines;
    }

    private long append(String body) throws IOException {
        long seq = nextSeq++;
        String line = seq + "|" + body;
        CRC32 crc = new CRC32();
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        crc.update(bytes);
        String full = line + "|" + String.format("%08x", crc.getValue()) + "\n";
        ByteBuffer buf = ByteBuffer.wrap(full.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
        return seq;
    }

    private static boolean checksumOk(String line) {
        int bar = line.lastIndexOf('|');
        if (bar < 0 || line.length() - bar != 9) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(line.substring(0, bar).getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue()).equals(line.substring(bar + 1));
    }

    private static TransitRecord withTac(TransitRecord r, String tac) {
        return new TransitRecord(r.type(), r.cardSerial(), r.issuer(), r.cardType(), r.cardExpiry(), r.atc(),
                r.amount(), r.balanceBefore(), r.time(), r.terminalNo(), r.ttc(), r.algorithm(), r.keyVersion(), tac,
                r.acquirer(), r.operatorId(), r.deviceId(), r.industry(), r.line(), r.station(), r.entryStation(),
                r.fareRule());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
