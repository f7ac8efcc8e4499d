package cn.yrd.onecard.terminal.cli;

import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.cli.Arguments;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.terminal.card.SamModule;
import cn.yrd.onecard.terminal.fare.FareTable;
import cn.yrd.onecard.terminal.fare.Ride;
import cn.yrd.onecard.terminal.gate.Gate;
import cn.yrd.onecard.terminal.gate.GateConfig;
import cn.yrd.onecard.terminal.gate.TapResult;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.hotlist.HotlistFile;
import cn.yrd.onecard.terminal.journal.DayFileExport;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.reader.CardRemovedException;
import cn.yrd.onecard.terminal.reader.CardUnreadableException;
import cn.yrd.onecard.terminal.reader.ReaderFailedException;
import cn.yrd.onecard.terminal.reader.ReaderLink;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;

/**
 * {@code ./onecard terminal readers | gate | validator | export}: the terminal software against the
 * machine's PC/SC readers (real ones, or the simulator's vpcd readers).
 */
public final class TerminalCommand {
    private final PrintStream out;
    private final InputStream in;

    /** Commands that print to {@code out} and read console input (kiosk, counter) from {@code in}. */
    public TerminalCommand(PrintStream out, InputStream in) {
        this.out = out;
        this.in = in;
    }

    TerminalCommand(PrintStream out) {
        this(out, System.in);
    }

    public static void main(String[] args) {
        Cli.exit(() -> new TerminalCommand(System.out).run(args, TerminalFactory.getDefault()));
    }

    /** Runs one terminal command on the readers of {@code factory}: PC/SC's, or the simulator's. */
    public int run(String[] args, TerminalFactory factory) throws Exception {
        if (args.length == 0) {
            throw new UsageException("terminal needs a command: readers, gate, validator, export, kiosk, counter, host, "
                    + "host-check (see ./onecard help)");
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "readers" -> readers(rest, factory);
            case "gate", "validator" -> gate(args[0], rest, factory);
            case "export" -> export(rest);
            case "hotlist" -> hotlist(rest);
            case "host" -> new ServiceCommands(out, in).host(rest);
            case "host-check" -> new ServiceCommands(out, in).hostCheck(rest);
            case "kiosk" -> new ServiceCommands(out, in).kiosk(rest, factory);
            case "counter" -> new ServiceCommands(out, in).counter(rest, factory);
            default -> throw new UsageException("unknown terminal command '" + args[0]
                    + "' (readers, gate, validator, export, hotlist, kiosk, counter, host, host-check)");
        };
    }

    private int readers(String[] args, TerminalFactory factory) throws Exception {
        Arguments.parse("terminal readers", args, Set.of()).done(0);
        List<CardTerminal> list = terminals(factory).list();
        if (list.isEmpty()) {
            out.println("no readers");
        }
        for (CardTerminal t : list) {
            out.println(t.getName() + (t.isCardPresent() ? "  (card present)" : ""));
        }
        return Cli.OK;
    }

    private int gate(String which, String[] args, TerminalFactory factory) throws Exception {
        Arguments a = Arguments.parse("terminal " + which, args, Set.of());
        String readerName = a.option("reader", null);
        String samName = a.option("sam-reader", null);
        City city = city(a.option("city", null), which);
        String kindText = a.option("kind", which.equals("validator") ? "bus" : null);
        int line = (int) a.number("line", 1, 0, 0xFFFF);
        int station = (int) a.number("station", 0, 0, 0xFFFF);
        String faresFile = a.option("fares", null);
        Path journalDir = Path.of(a.option("journal", "data/journal"));
        String hotlistFile = a.option("hotlist", null);
        String operator = a.option("operator", "00000000000" + "0" + city.code());
        String device = a.option("device", "0000000000000001");
        long maxTaps = a.number("taps", 0, 0, Long.MAX_VALUE);
        a.done(0);
        if (readerName == null || samName == null) {
            throw new UsageException("terminal " + which + ": --reader NAME and --sam-reader NAME are required "
                    + "(./onecard terminal readers lists them)");
        }
        Ride.Kind kind = switch (String.valueOf(kindText)) {
            case "bus" -> Ride.Kind.BUS;
            case "entry" -> Ride.Kind.METRO_ENTRY;
            case "exit" -> Ride.Kind.METRO_EXIT;
            default -> throw new UsageException("terminal " + which + ": --kind must be bus, entry or exit");
        };
        GateConfig config;
        try {
            config = new GateConfig(kind, city, line, station, operator, device);
        } catch (IllegalArgumentException e) {
            throw new UsageException("terminal " + which + ": " + e.getMessage());
        }
        FareTable fares = faresFile == null ? defaultFares() : FareTable.read(Path.of(faresFile));
        CardTerminals terminals = terminals(factory);
        CardTerminal field = terminal(terminals, readerName);
        CardTerminal samSlot = terminal(terminals, samName);
        try (Journal journal = Journal.open(journalDir)) {
            if (journal.droppedLines() > 0) {
                out.println("journal: dropped a torn last line after a crash");
            }
            HotlistWatch hotlist = new HotlistWatch(hotlistFile == null ? null : Path.of(hotlistFile));
            Gate gate = new Gate(config, fares, journal, hotlist.load(), Clock.systemDefaultZone());
            ReaderLink link = new ReaderLink(field, samSlot);
            SamModule sam = link.openSam();
            out.printf("%s in %s, %s, PSAM %s, %d unfinished purchase(s) in the journal, hotlist version %d%n", which,
                    city, kindText, sam.terminalNo(), journal.pending().size(), gate.hotlist().version());
            long taps = 0;
            while (maxTaps == 0 || taps < maxTaps) {
                hotlist.refresh(gate);
                try {
                    if (!link.awaitCard(1000)) {
                        continue;
                    }
                    TapResult r = gate.tap(link.connectCard().getBasicChannel(), sam, link.apduCounter());
                    out.println(r.line());
                    taps++;
                    // The card must leave before the next one counts: a card held still is never charged twice.
                    while ((maxTaps == 0 || taps < maxTaps) && !link.awaitRemoval(1000)) {
                        hotlist.refresh(gate);
                    }
                } catch (CardRemovedException e) {
                    out.println("REFUSE card removed mid-tap: tap again");
                    taps++;
                } catch (CardUnreadableException e) {
                    out.println("REFUSE card could not be read (" + e.getMessage() + "): present one card");
                    while (!link.awaitRemoval(1000)) {
                        hotlist.refresh(gate);
                    }
                } catch (ReaderFailedException e) {
                    out.println("reader failed: " + e.getMessage() + "; waiting for it to come back");
                    link = reconnect(factory, readerName, samName);
                    sam = link.sam();
                    out.println("reader " + readerName + " is back, PSAM " + sam.terminalNo());
                }
            }
        }
        return Cli.OK;
    }

    /** Waits, a second at a time, until both readers are there again and the PSAM answers. */
    private static ReaderLink reconnect(TerminalFactory factory, String readerName, String samName)
            throws InterruptedException {
        while (true) {
            Thread.sleep(1000);
            try {
                CardTerminals t = terminals(factory);
                ReaderLink link = new ReaderLink(terminal(t, readerName), terminal(t, samName));
                link.openSam();
                return link;
            } catch (UsageException | CardException | TerminalException e) {
                // not back yet
            }
        }
    }

    /** Brings a terminal's hotlist file up to date from the centre, signature checked. */
    private int hotlist(String[] args) throws Exception {
        Arguments a = Arguments.parse("terminal hotlist", args, Set.of());
        String from = a.option("from", null);
        String key = a.option("key", null);
        Path file = Path.of(a.option("out", "data/hotlist.txt"));
        a.done(0);
        if (from == null || key == null) {
            throw new UsageException("terminal hotlist: --from URL (the centre) and --key FILE (its public key, PEM) "
                    + "are required");
        }
        java.net.URI centre;
        try {
            centre = java.net.URI.create(from);
        } catch (IllegalArgumentException e) {
            throw new UsageException("terminal hotlist: --from '" + from + "' is not a URL");
        }
        var updated = new cn.yrd.onecard.terminal.hotlist.HotlistDownload(centre,
                cn.yrd.onecard.hotlist.CentreSignature.readPublicKey(Path.of(key))).update(file);
        out.println(file + ": hotlist version " + updated.version() + ", " + updated.size() + " cards");
        return Cli.OK;
    }

    private int export(String[] args) throws Exception {
        Arguments a = Arguments.parse("terminal export", args, Set.of());
        String date = a.option("date", null);
        Path journalDir = Path.of(a.option("journal", "data/journal"));
        String out = a.option("out", null);
        String sender = a.option("sender", null);
        City city = city(a.option("city", null), "export");
        int sequence = (int) a.number("sequence", 1, 1, 999_999);
        a.done(0);
        if (date == null || out == null || sender == null) {
            throw new UsageException("terminal export: --date YYYY-MM-DD, --out FILE and --sender ID are required");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new UsageException("terminal export: --date must be YYYY-MM-DD, got '" + date + "'");
        }
        if (!Files.isDirectory(journalDir)) {
            throw new UsageException("terminal export: no journal in " + journalDir);
        }
        try (Journal journal = Journal.open(journalDir)) {
            var trailer = DayFileExport.export(journal, day, sender, city, sequence, Path.of(out));
            this.out.printf("wrote %s: %d records, %s yuan, sha256 %s%n", out, trailer.count(),
                    Fen.asYuan(trailer.amountTotal()), trailer.sha256());
            if (!journal.pending().isEmpty()) {
                this.out.println(journal.pending().size() + " purchase(s) still unfinished: they follow when their "
                        + "cards are next tapped");
            }
        }
        return Cli.OK;
    }

    static City city(String code, String which) {
        if (code == null) {
            throw new UsageException("terminal " + which + ": --city CODE is required (e.g. 3205 for Suzhou)");
        }
        return Cities.find(code).orElseThrow(() -> new UsageException("terminal " + which + ": --city '" + code
                + "' is not one of the 16 city codes"));
    }

    static FareTable defaultFares() throws IOException {
        try (InputStream in = FareTable.class.getResourceAsStream("delta-fares.json")) {
            return FareTable.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "delta-fares.json");
        }
    }

    private static CardTerminals terminals(TerminalFactory factory) {
        return factory.terminals();
    }

    static CardTerminal terminal(CardTerminals terminals, String name) throws CardException {
        CardTerminal t;
        try {
            t = terminals.getTerminal(name);
            if (t != null && terminals.list().stream().noneMatch(x -> x.getName().equals(name))) {
                t = null;
            }
        } catch (CardException e) {
            throw new CardException("no PC/SC service: " + e.getMessage() + " (is pcscd running?)", e);
        }
        if (t == null) {
            throw new UsageException("no reader named '" + name + "' (./onecard terminal readers lists them)");
        }
        return t;
    }

    /** The hotlist file, reloaded when it changes; a bad new file is reported and the old list kept. */
    private final class HotlistWatch {
        private final Path file;
        private FileTime seen;

        HotlistWatch(Path file) {
            this.file = file;
        }

        Hotlist load() throws IOException {
            if (file == null) {
                return Hotlist.empty();
            }
            seen = Files.getLastModifiedTime(file);
            return HotlistFile.read(file);
        }

        void refresh(Gate gate) {
            if (file == null) {
                return;
            }
            try {
                FileTime now = Files.getLastModifiedTime(file);
                if (!now.equals(seen)) {
                    seen = now;
                    Hotlist newer = HotlistFile.read(file);
                    gate.hotlist(newer);
                    out.println("hotlist version " + newer.version() + ": " + newer.size() + " cards");
                }
            } catch (IOException e) {
                out.println("hotlist not updated: " + e.getMessage());
            }
        }
    }
}
