package cn.yrd.onecard.terminal.cli;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.HelpOption;
import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.hotlist.CentreSignature;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.hotlist.HotlistFile;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.pki.RelyingParty;
import cn.yrd.onecard.pki.Role;
import cn.yrd.onecard.pki.TlsLinks;
import cn.yrd.onecard.registry.MerchantRegister;
import cn.yrd.onecard.registry.MerchantRegister.Category;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;
import cn.yrd.onecard.registry.OpenBills;
import cn.yrd.onecard.terminal.card.SamModule;
import cn.yrd.onecard.terminal.fare.FareTable;
import cn.yrd.onecard.terminal.fare.Ride;
import cn.yrd.onecard.terminal.gate.Gate;
import cn.yrd.onecard.terminal.gate.GateConfig;
import cn.yrd.onecard.terminal.gate.PointOfSale;
import cn.yrd.onecard.terminal.gate.SaleConfig;
import cn.yrd.onecard.terminal.gate.TapResult;
import cn.yrd.onecard.terminal.hotlist.HotlistDownload;
import cn.yrd.onecard.terminal.journal.DayFileExport;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.reader.CardRemovedException;
import cn.yrd.onecard.terminal.reader.CardUnreadableException;
import cn.yrd.onecard.terminal.reader.ReaderFailedException;
import cn.yrd.onecard.terminal.reader.ReaderLink;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.PublicKey;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./onecard terminal readers | gate | validator | export}: the terminal software against the
 * machine's PC/SC readers (real ones, or the simulator's vpcd readers).
 */
@Command(name = "terminal", description = "The terminals of the delta on PC/SC readers: validators, gates, kiosks, "
        + "counters, and the issuers' load host.", subcommands = {TerminalCommand.Readers.class,
            TerminalCommand.GateCommand.class, TerminalCommand.ValidatorCommand.class, TerminalCommand.PosCommand.class,
            TerminalCommand.Export.class,
            TerminalCommand.HotlistCommand.class, ServiceCommands.HostCommand.class, ServiceCommands.HostCheckCommand.class,
            ServiceCommands.MedicalHostCommand.class, ServiceCommands.PensionHostCommand.class,
            ServiceCommands.KioskCommand.class, ServiceCommands.CounterCommand.class})
public final class TerminalCommand {
    private final PrintStream out;
    private final InputStream in;
    /** The readers the subcommands use: PC/SC's, or the simulator's. */
    private TerminalFactory factory;

    @Mixin
    HelpOption help;

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
        TerminalCommand command = new TerminalCommand(out, in);
        command.factory = factory;
        return Cli.execute(command, args);
    }

    PrintStream out() {
        return out;
    }

    InputStream in() {
        return in;
    }

    TerminalFactory factory() {
        return factory;
    }

    /** {@code terminal readers}: the PC/SC readers and whether a card is in them. */
    @Command(name = "readers", description = "The PC/SC readers and whether a card is in them.")
    static final class Readers implements Callable<Integer> {
        @ParentCommand
        TerminalCommand terminal;

        @Override
        public Integer call() throws Exception {
            return terminal.readers(terminal.factory);
        }
    }

    /** {@code terminal gate}: a metro gate on a PC/SC reader with its PSAM in another. */
    @Command(name = "gate", description = "A metro gate on a PC/SC reader, its PSAM in another.")
    static class GateCommand implements Callable<Integer> {
        @ParentCommand
        TerminalCommand terminal;
        @Option(names = "--reader", paramLabel = "NAME", description = "the card's reader")
        String readerName;
        @Option(names = "--sam-reader", paramLabel = "NAME", description = "the PSAM's reader")
        String samName;
        @Option(names = "--city", paramLabel = "CODE", description = "the gate's city")
        String city;
        @Option(names = "--kind", paramLabel = "bus|entry|exit", description = "what the terminal is")
        String kind;
        @Option(paramLabel = "N", names = "--line", defaultValue = "1", description = "(default: ${DEFAULT-VALUE})")
        long line;
        @Option(paramLabel = "N", names = "--station", defaultValue = "0", description = "(default: ${DEFAULT-VALUE})")
        long station;
        @Option(names = "--fares", paramLabel = "FILE", description = "the fare table (default: the delta's)")
        String faresFile;
        @Option(names = "--journal", defaultValue = "data/journal", paramLabel = "DIR",
                description = "(default: ${DEFAULT-VALUE})")
        Path journalDir;
        @Option(names = "--hotlist", paramLabel = "FILE", description = "the hotlist, reloaded when it changes")
        String hotlistFile;
        @Option(names = "--operator", paramLabel = "ID", description = "the operator's ID")
        String operator;
        @Option(names = "--device", defaultValue = "0000000000000001", paramLabel = "ID",
                description = "(default: ${DEFAULT-VALUE})")
        String device;
        @Option(paramLabel = "N", names = "--taps", defaultValue = "0",
                description = "stop after N taps (default: never)")
        long taps;

        String which() {
            return "gate";
        }

        @Override
        public Integer call() throws Exception {
            String which = which();
            City c = city(city, which);
            Cli.range("terminal " + which, "line", line, 0, 0xFFFF);
            Cli.range("terminal " + which, "station", station, 0, 0xFFFF);
            Cli.range("terminal " + which, "taps", taps, 0, Long.MAX_VALUE);
            return terminal.gate(which, this, c);
        }
    }

    /** {@code terminal validator}: a bus validator, a gate whose kind is bus unless told. */
    @Command(name = "validator", description = "A bus validator on a PC/SC reader, its PSAM in another.")
    static final class ValidatorCommand extends GateCommand {
        @Override
        String which() {
            return "validator";
        }

        @Override
        public Integer call() throws Exception {
            if (kind == null) {
                kind = "bus";
            }
            return super.call();
        }
    }

    /** {@code terminal pos}: a merchant's till on a PC/SC reader, its PSAM in another. */
    @Command(name = "pos", description = "A merchant's point-of-sale terminal on a PC/SC reader, its PSAM in another: "
            + "each amount read from the till (one a line: 12.50), then paid by the next card presented; with --bills, "
            + "a utilities kiosk: each bill number looked up in the biller's open bills and paid.")
    static final class PosCommand implements Callable<Integer> {
        @ParentCommand
        TerminalCommand terminal;
        @Option(names = "--merchant", paramLabel = "ID", description = "the merchant's id (15 digits)")
        String merchant;
        @Option(names = "--merchants", paramLabel = "FILE", description = "the acquirer's merchant register")
        Path register;
        @Option(names = "--reader", paramLabel = "NAME", description = "the card's reader")
        String readerName;
        @Option(names = "--sam-reader", paramLabel = "NAME", description = "the PSAM's reader")
        String samName;
        @Option(names = "--journal", defaultValue = "data/pos-journal", paramLabel = "DIR",
                description = "(default: ${DEFAULT-VALUE})")
        Path journalDir;
        @Option(names = "--hotlist", paramLabel = "FILE", description = "the hotlist, reloaded when it changes")
        String hotlistFile;
        @Option(names = "--device", defaultValue = "0000000000000001", paramLabel = "ID",
                description = "(default: ${DEFAULT-VALUE})")
        String device;
        @Option(names = "--limit", defaultValue = "200.00", paramLabel = "YUAN",
                description = "the single-payment limit (default: ${DEFAULT-VALUE})")
        String limit;
        @Option(names = "--wait", defaultValue = "30", paramLabel = "SECONDS",
                description = "how long an amount waits for its card (default: ${DEFAULT-VALUE})")
        long waitSeconds;
        @Option(names = "--bills", paramLabel = "FILE", description = "a utilities kiosk: the biller's open bills "
                + "(docs/formats.md); each line read is then a bill number")
        Path billsFile;

        @Override
        public Integer call() throws Exception {
            if (merchant == null || register == null || readerName == null || samName == null) {
                throw new UsageException("terminal pos: --merchant ID, --merchants FILE, --reader NAME and "
                        + "--sam-reader NAME are required (./onecard terminal readers lists the readers)");
            }
            Cli.range("terminal pos", "wait", waitSeconds, 1, 3_600);
            MerchantRegister merchants;
            try {
                merchants = MerchantRegister.read(register);
            } catch (NoSuchFileException e) {
                throw new UsageException("terminal pos: no merchant register " + register);
            }
            Merchant m = merchants.find(merchant).orElseThrow(() -> new UsageException("terminal pos: merchant '"
                    + merchant + "' is not in " + register + " (" + merchants.acquirer() + "'s register)"));
            SaleConfig config;
            try {
                config = new SaleConfig(m, device, Fen.fromYuan(limit));
            } catch (IllegalArgumentException e) {
                throw new UsageException("terminal pos: " + e.getMessage());
            }
            OpenBills bills = null;
            if (billsFile != null) {
                if (m.category() != Category.UTILITY) {
                    throw new UsageException("terminal pos: --bills is for a utility's kiosk; " + m.name() + " is "
                            + m.category());
                }
                try {
                    bills = OpenBills.read(billsFile);
                } catch (NoSuchFileException e) {
                    throw new UsageException("terminal pos: no open bills file " + billsFile);
                }
                if (!bills.biller().equals(m.id())) {
                    throw new UsageException("terminal pos: " + billsFile + " lists the bills of merchant "
                            + bills.biller() + ", not of " + m.id());
                }
            }
            return terminal.pos(this, config, bills);
        }
    }

    /** {@code terminal export}: the acquirer day file of a date from a journal. */
    @Command(name = "export", description = "The acquirer day file of a date from a journal.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        TerminalCommand terminal;
        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the business day")
        String date;
        @Option(names = "--journal", defaultValue = "data/journal", paramLabel = "DIR",
                description = "(default: ${DEFAULT-VALUE})")
        Path journalDir;
        @Option(names = "--out", paramLabel = "FILE", description = "the day file to write")
        String out;
        @Option(names = "--sender", paramLabel = "ID", description = "the acquirer's sender ID")
        String sender;
        @Option(names = "--city", paramLabel = "CODE", description = "the acquirer's city")
        String city;
        @Option(paramLabel = "N", names = "--sequence", defaultValue = "1", description = "(default: ${DEFAULT-VALUE})")
        long sequence;

        @Override
        public Integer call() throws Exception {
            City c = city(city, "export");
            Cli.range("terminal export", "sequence", sequence, 1, 999_999);
            return terminal.export(this, c);
        }
    }

    /** {@code terminal hotlist}: the terminal's hotlist brought up to date from the centre. */
    @Command(name = "hotlist", description = "The terminal's hotlist brought up to date from the centre, signature "
            + "checked.")
    static final class HotlistCommand implements Callable<Integer> {
        @ParentCommand
        TerminalCommand terminal;
        @Option(names = "--from", paramLabel = "URL", description = "the centre")
        String from;
        @Option(names = "--key", paramLabel = "FILE", description = "the centre's public key (PEM)")
        String key;
        @Option(names = "--out", defaultValue = "data/hotlist.txt", paramLabel = "FILE",
                description = "(default: ${DEFAULT-VALUE})")
        Path file;
        @Option(names = "--pki", paramLabel = "DIR", description = "the regional PKI: an https centre must show a "
                + "certificate of the bridge for a service")
        Path pki;
        @Option(names = "--as", paramLabel = "CODE|centre", defaultValue = "centre", description = "whose trust "
                + "anchor checks it: the terminal's city's CA, or the bridge (default: ${DEFAULT-VALUE})")
        String as;

        @Override
        public Integer call() throws Exception {
            return terminal.hotlist(this);
        }
    }

    private int readers(TerminalFactory factory) throws Exception {
        List<CardTerminal> list = terminals(factory).list();
        if (list.isEmpty()) {
            out.println("no readers");
        }
        for (CardTerminal t : list) {
            out.println(t.getName() + (t.isCardPresent() ? "  (card present)" : ""));
        }
        return Cli.OK;
    }

    private int gate(String which, GateCommand o, City city) throws Exception {
        String readerName = o.readerName;
        String samName = o.samName;
        String kindText = o.kind;
        int line = (int) o.line;
        int station = (int) o.station;
        String faresFile = o.faresFile;
        Path journalDir = o.journalDir;
        String hotlistFile = o.hotlistFile;
        String operator = o.operator != null ? o.operator : "00000000000" + "0" + city.code();
        String device = o.device;
        long maxTaps = o.taps;
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
                hotlist.refresh(gate::hotlist);
                try {
                    if (!link.awaitCard(1000)) {
                        continue;
                    }
                    TapResult r = gate.tap(link.connectCard().getBasicChannel(), sam, link.apduCounter());
                    out.println(r.line());
                    taps++;
                    // The card must leave before the next one counts: a card held still is never charged twice.
                    while ((maxTaps == 0 || taps < maxTaps) && !link.awaitRemoval(1000)) {
                        hotlist.refresh(gate::hotlist);
                    }
                } catch (CardRemovedException e) {
                    out.println("REFUSE card removed mid-tap: tap again");
                    taps++;
                } catch (CardUnreadableException e) {
                    out.println("REFUSE card could not be read (" + e.getMessage() + "): present one card");
                    while (!link.awaitRemoval(1000)) {
                        hotlist.refresh(gate::hotlist);
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

    /**
     * The till: an amount a line from {@code in} (at a utilities kiosk, a bill number, looked up in {@code bills}),
     * checked before any card is asked; then the next card presented pays it and the receipt is printed. A card
     * pulled mid-payment is asked again for the same amount, and proves a payment it made. Ends at the end of the
     * input or at {@code quit}.
     */
    private int pos(PosCommand o, SaleConfig config, OpenBills bills) throws Exception {
        CardTerminals terminals = terminals(factory);
        CardTerminal field = terminal(terminals, o.readerName);
        CardTerminal samSlot = terminal(terminals, o.samName);
        var keyboard = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try (Journal journal = Journal.open(o.journalDir)) {
            HotlistWatch hotlist = new HotlistWatch(o.hotlistFile == null ? null : Path.of(o.hotlistFile));
            PointOfSale till = new PointOfSale(config, journal, hotlist.load(), Clock.systemDefaultZone());
            ReaderLink link = new ReaderLink(field, samSlot);
            SamModule sam = link.openSam();
            out.printf("till of %s (%s, %s), PSAM %s, %d unfinished payment(s) in the journal; %s a line%n",
                    config.merchant().name(), config.merchant().category(), config.merchant().city(), sam.terminalNo(),
                    journal.pending().size(), bills == null ? "an amount" : "a bill number (" + bills.bills().size()
                            + " open bills of " + bills.asOf() + ")");
            String line;
            while ((line = keyboard.readLine()) != null && !line.strip().equals("quit")) {
                if (line.isBlank()) {
                    continue;
                }
                long amount;
                OpenBills.Bill bill = null;
                String refusal;
                if (bills != null) {
                    bill = bills.find(line.strip()).orElse(null);
                    if (bill == null) {
                        out.println("NOT PAID: no open bill '" + line.strip() + "' of " + config.merchant().name()
                                + " (its list of " + bills.asOf() + ")");
                        continue;
                    }
                    amount = bill.amount();
                    refusal = till.billRefusal(bill);
                } else {
                    try {
                        amount = Fen.fromYuan(line.strip());
                    } catch (IllegalArgumentException e) {
                        out.println("NOT PAID: " + e.getMessage());
                        continue;
                    }
                    refusal = null;
                }
                if (refusal == null) {
                    refusal = config.refusal(amount);
                }
                if (refusal != null) {
                    out.println("NOT PAID: " + refusal);
                    continue;
                }
                hotlist.refresh(till::hotlist);
                String payee = config.merchant().name() + (bill == null ? "" : " bill " + bill.number() + " account "
                        + bill.maskedAccount());
                out.println("present the card for " + Fen.asYuan(amount) + " yuan" + (bill == null ? ""
                        : " (bill " + bill.number() + ", account " + bill.maskedAccount() + ", due " + bill.due()
                                + ")"));
                boolean done = false;
                long deadline = System.nanoTime() + o.waitSeconds * 1_000_000_000L;
                while (!done && System.nanoTime() < deadline) {
                    try {
                        if (!link.awaitCard(500)) {
                            continue;
                        }
                        CardChannel card = link.connectCard().getBasicChannel();
                        TapResult r = bill == null ? till.pay(card, sam, amount, link.apduCounter())
                                : till.payBill(card, sam, bill, link.apduCounter());
                        out.println(r.receipt(payee));
                        // A card that settled an earlier payment cut off here has paid that one, not this.
                        done = r.record() == null || bill == null || bill.paidBy(r.record());
                        while (!link.awaitRemoval(1000)) {
                            // the card must leave before the next amount: a card held still never pays twice
                        }
                    } catch (CardRemovedException e) {
                        out.println("card removed mid-payment: present it again");
                    } catch (CardUnreadableException e) {
                        out.println("card could not be read (" + e.getMessage() + "): present one card");
                        while (!link.awaitRemoval(1000)) {
                            // wait for the cards to leave
                        }
                    } catch (ReaderFailedException e) {
                        out.println("reader failed: " + e.getMessage() + "; waiting for it to come back");
                        link = reconnect(factory, o.readerName, o.samName);
                        sam = link.sam();
                    }
                }
                if (!done) {
                    out.println("NOT PAID: no card presented in " + o.waitSeconds + " s");
                }
            }
            if (!journal.pending().isEmpty()) {
                out.println(journal.pending().size() + " payment(s) still unfinished: they settle when their cards "
                        + "are next presented here");
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
    private int hotlist(HotlistCommand o) throws Exception {
        String from = o.from;
        String key = o.key;
        Path file = o.file;
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
        PublicKey signer = CentreSignature.readPublicKey(Path.of(key));
        HotlistDownload download;
        if (o.pki == null) {
            if ("https".equals(centre.getScheme())) {
                throw new UsageException("terminal hotlist: an https centre is checked with --pki DIR (the region's "
                        + "certificates)");
            }
            download = new HotlistDownload(centre, signer);
        } else {
            if (!"https".equals(centre.getScheme())) {
                throw new UsageException("terminal hotlist: with --pki the centre is reached over HTTPS: --from must "
                        + "start with https://, got '" + from + "'");
            }
            RelyingParty relying = RelyingParty.named(o.as).orElseThrow(() -> new UsageException("terminal hotlist: "
                    + "--as must be one of the 16 city codes or centre, got '" + o.as + "'"));
            download = new HotlistDownload(centre, signer, TlsLinks.trusting(o.pki, relying, Role.SERVICE,
                    TlsLinks.ofTheCentre(o.pki), why -> out.println("refused the centre's host: " + why),
                    Clock.systemUTC()));
        }
        var updated = download.update(file);
        out.println(file + ": hotlist version " + updated.version() + ", " + updated.size() + " cards");
        return Cli.OK;
    }

    private int export(Export o, City city) throws Exception {
        String date = o.date;
        Path journalDir = o.journalDir;
        String out = o.out;
        String sender = o.sender;
        int sequence = (int) o.sequence;
        if (date == null || out == null || sender == null) {
            throw new UsageException("terminal export: --date YYYY-MM-DD, --out FILE and --sender ID are required");
        }
        LocalDate day = Cli.date("terminal export", date);
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

        void refresh(Consumer<Hotlist> terminal) {
            if (file == null) {
                return;
            }
            try {
                FileTime now = Files.getLastModifiedTime(file);
                if (!now.equals(seen)) {
                    seen = now;
                    Hotlist newer = HotlistFile.read(file);
                    terminal.accept(newer);
                    out.println("hotlist version " + newer.version() + ": " + newer.size() + " cards");
                }
            } catch (IOException e) {
                out.println("hotlist not updated: " + e.getMessage());
            }
        }
    }
}
