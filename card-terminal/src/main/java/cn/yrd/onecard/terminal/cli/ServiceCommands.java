package cn.yrd.onecard.terminal.cli;

import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.cli.Arguments;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.KeystorePassword;
import cn.yrd.onecard.privacy.Mask;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.card.PurseLogEntry;
import cn.yrd.onecard.terminal.counter.Counter;
import cn.yrd.onecard.terminal.counter.CounterLog;
import cn.yrd.onecard.terminal.host.ApprovedLoad;
import cn.yrd.onecard.terminal.host.LoadCheck;
import cn.yrd.onecard.terminal.host.LoadHost;
import cn.yrd.onecard.terminal.host.LoadHostClient;
import cn.yrd.onecard.terminal.host.LoadHostServer;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.kiosk.Kiosk;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;

/** {@code terminal host}, {@code terminal kiosk} and {@code terminal counter}: the services around the gates. */
final class ServiceCommands {
    private final PrintStream out;
    private final InputStream in;

    ServiceCommands(PrintStream out, InputStream in) {
        this.out = out;
        this.in = in;
    }

    /** The issuing cities' load host, until the process is stopped (or {@code --seconds} pass). */
    int host(String[] args) throws Exception {
        Arguments a = Arguments.parse("terminal host", args, Set.of());
        String keystore = a.option("keystore", null);
        int port = (int) a.number("port", 8181, 0, 65535);
        Path data = Path.of(a.option("data", "data/load-host"));
        long seconds = a.number("seconds", 0, 0, Long.MAX_VALUE);
        String passwordFile = a.option("password-file", null);
        String terminals = a.option("terminals", null);
        long dailyLimit = a.number("kiosk-daily-limit", LoadHost.DAILY_LIMIT / 100, 1, LoadHost.DAILY_LIMIT) * 100;
        a.done(0);
        if (keystore == null) {
            throw new UsageException("terminal host: --keystore FILE (the cities' load master keys) is required");
        }
        if (terminals == null) {
            throw new UsageException("terminal host: --terminals FILE (the centre's registry: only its kiosks load) "
                    + "is required");
        }
        TerminalRegistry kiosks;
        try {
            kiosks = TerminalRegistry.read(Path.of(terminals));
        } catch (IOException e) {
            throw new UsageException("terminal host: terminal registry " + terminals + ": " + e.getMessage());
        }
        CityKeyStore keys = CityKeyStore.load(Path.of(keystore), KeystorePassword.required("terminal host",
                passwordFile, Map.of()).toCharArray());
        try (LoadHost host = new LoadHost(keys.keys(KeyPurpose.LOAD), kiosks, dailyLimit, data);
                LoadHostServer server = new LoadHostServer(host, "127.0.0.1", port)) {
            out.println("load host on http://127.0.0.1:" + server.port() + "/loads, " + host.authorisations()
                    + " authorisations on record");
            Thread.sleep(seconds == 0 ? Long.MAX_VALUE : seconds * 1000);
        }
        return Cli.OK;
    }

    /**
     * Whether every load the host approved on a day came back in a kiosk's day file: run by the issuing city after
     * the night's clearing, on the detail files clearing sent it. Exit 3 when one is missing.
     */
    int hostCheck(String[] args) throws Exception {
        Arguments a = Arguments.parse("terminal host-check", args, Set.of());
        Path data = Path.of(a.option("data", "data/load-host"));
        String dateText = a.option("date", null);
        String outbox = a.option("outbox", null);
        a.done(0);
        if (dateText == null || outbox == null) {
            throw new UsageException("terminal host-check: --date YYYY-MM-DD (the day of the loads) and --outbox DIR "
                    + "(clearing's files for the host's cities) are required");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(dateText);
        } catch (java.time.format.DateTimeParseException e) {
            throw new UsageException("terminal host-check: --date must be YYYY-MM-DD, got '" + dateText + "'");
        }
        LoadCheck.Result r = LoadCheck.check(ApprovedLoad.on(data, date), Path.of(outbox), date);
        LocalDate lastNight = r.nights().get(r.nights().size() - 1);
        out.printf("load host %s: %d load(s) approved on %s, %s yuan; against clearing's detail files of %s%n", data,
                r.approved().size(), date, Fen.asYuan(r.approvedFen()), r.nights().size() == 1 ? "that night"
                        : "the " + r.nights().size() + " nights " + date + " to " + lastNight);
        for (LoadCheck.Missing m : r.missing()) {
            ApprovedLoad load = m.candidates().get(0);
            String which = m.ambiguous() ? m.count() + " of requests " + String.join(", ", m.candidates().stream()
                    .map(ApprovedLoad::requestId).toList()) + " (the same load approved again: the kiosk's journal "
                    + "says which the card never took)" : "request " + load.requestId();
            out.printf("MISSING  %s: card %s of %s, %s yuan at kiosk %s, %s: approved, in no kiosk's day file cleared "
                    + "so far%n", which, load.card().masked(), load.issuer().code(), Fen.asYuan(load.amount()),
                    load.terminalNo(), load.time());
        }
        if (r.missing().isEmpty()) {
            out.println("every approved load is in a kiosk's day file");
            return Cli.OK;
        }
        out.printf("%d approved load(s), %s yuan, in no kiosk's day file: the kiosks' operators owe their files "
                + "(check again after the next night)%n", r.missingCount(), Fen.asYuan(r.missingFen()));
        return Cli.ATTENTION;
    }

    int kiosk(String[] args, TerminalFactory factory) throws Exception {
        Arguments a = Arguments.parse("terminal kiosk", args, Set.of());
        CardTerminal reader = reader(a, "kiosk", factory);
        City city = TerminalCommand.city(a.option("city", null), "kiosk");
        String hostUrl = a.option("host", "http://127.0.0.1:8181");
        String kioskNo = a.option("terminal-no", "0000000000" + city.code().substring(2));
        Path journalDir = Path.of(a.option("journal", "data/kiosk"));
        String script = a.option("script", null);
        a.done(0);
        if (!kioskNo.matches("[0-9A-F]{12}")) {
            throw new UsageException("terminal kiosk: --terminal-no must be 12 upper-case hex digits");
        }
        AtomicInteger apdus = new AtomicInteger();
        try (Journal journal = Journal.open(journalDir); CounterLog log = CounterLog.open(journalDir)) {
            Kiosk kiosk = new Kiosk(kioskNo, city, "000000000000" + city.code(), "0000" + kioskNo, journal,
                    new LoadHostClient(URI.create(hostUrl)), Clock.systemDefaultZone());
            Counter proofs = new Counter("KIOSK" + kioskNo.substring(8), city, log, Clock.systemDefaultZone());
            out.println("kiosk " + kioskNo + " in " + city + " (show | topup YUAN | proof PIN | quit)");
            return console(script, w -> switch (w[0]) {
                case "show" -> {
                    Kiosk.CardView v = kiosk.inspect(connect(reader), apdus);
                    StringBuilder b = new StringBuilder(v.info().cardSerial().masked() + " of " + v.info().issuerId()
                            .city() + ": balance " + Fen.asYuan(v.balance()) + " yuan");
                    for (PurseLogEntry e : v.transactions()) {
                        b.append(String.format("%n  %s %-17s %8s yuan at %s", e.time(), e.type(), Fen.asYuan(e.amount()),
                                e.terminalNo()));
                    }
                    yield b.toString();
                }
                case "topup" -> {
                    Kiosk.TopUp t = kiosk.topUp(connect(reader), Fen.fromYuan(word(w, 1, "an amount")), apdus);
                    yield t.done() ? "loaded " + w[1] + " yuan: balance " + Fen.asYuan(t.balance()) + " yuan"
                            : "not loaded: " + t.reason();
                }
                case "proof" -> {
                    var r = proofs.proofOfLife(connect(reader), word(w, 1, "the PIN"), apdus);
                    yield r.done() ? "proof of life recorded for card " + Mask.serial(r.record().cardNumber()) + " of "
                            + r.record().homeCity() : "refused: " + r.refused();
                }
                default -> throw new IllegalArgumentException("unknown command '" + w[0] + "' (show, topup, proof, quit)");
            });
        }
    }

    int counter(String[] args, TerminalFactory factory) throws Exception {
        Arguments a = Arguments.parse("terminal counter", args, Set.of());
        CardTerminal reader = reader(a, "counter", factory);
        City city = TerminalCommand.city(a.option("city", null), "counter");
        String id = a.option("id", null);
        Path logDir = Path.of(a.option("log", "data/counter"));
        String script = a.option("script", null);
        a.done(0);
        if (id == null) {
            throw new UsageException("terminal counter: --id ID (the hospital or agent) is required");
        }
        AtomicInteger apdus = new AtomicInteger();
        try (CounterLog log = CounterLog.open(logDir)) {
            Counter counter;
            try {
                counter = new Counter(id, city, log, Clock.systemDefaultZone());
            } catch (IllegalArgumentException e) {
                throw new UsageException("terminal counter: " + e.getMessage());
            }
            out.println("counter " + id + " in " + city
                    + " (claim TOTAL FUND PIN | payout YUAN PIN | proof PIN | export medical|pension DATE FILE | quit)");
            return console(script, w -> switch (w[0]) {
                case "claim" -> {
                    var r = counter.claim(connect(reader), word(w, 3, "the PIN"), Fen.fromYuan(word(w, 1, "the total")),
                            Fen.fromYuan(word(w, 2, "the fund-paid part")), apdus);
                    yield r.done() ? "claim " + r.record().claimId() + ": " + r.record().homeCity() + " fund pays "
                            + Fen.asYuan(r.record().fundPaid()) + ", patient pays " + Fen.asYuan(r.record().selfPaid())
                            : "refused: " + r.refused();
                }
                case "payout" -> {
                    var r = counter.payout(connect(reader), word(w, 2, "the PIN"), Fen.fromYuan(word(w, 1, "an amount")),
                            apdus);
                    yield r.done() ? "payout " + r.record().payoutId() + " of " + Fen.asYuan(r.record().amount())
                            + " yuan, owed by " + r.record().homeCity() : "refused: " + r.refused();
                }
                case "proof" -> {
                    var r = counter.proofOfLife(connect(reader), word(w, 1, "the PIN"), apdus);
                    yield r.done() ? "proof of life " + r.record().payoutId() + " for " + r.record().homeCity()
                            : "refused: " + r.refused();
                }
                case "export" -> {
                    LocalDate date = LocalDate.parse(word(w, 2, "a date"));
                    Path file = Path.of(word(w, 3, "a file"));
                    var t = word(w, 1, "medical or pension").equals("medical")
                            ? log.exportMedical(date, id, city, 1, file) : log.exportPension(date, id, city, 1, file);
                    yield "wrote " + file + ": " + t.count() + " records, " + Fen.asYuan(t.amountTotal()) + " yuan";
                }
                default -> throw new IllegalArgumentException("unknown command '" + w[0] + "'");
            });
        }
    }

    /** One console command: the line it prints. */
    @FunctionalInterface
    interface Step {
        String run(String[] words) throws TerminalException, IOException, CardException;
    }

    private int console(String script, Step step) throws IOException {
        boolean interactive = script == null && System.console() != null;
        Reader source = script != null ? Files.newBufferedReader(Path.of(script), StandardCharsets.UTF_8)
                : new InputStreamReader(in, StandardCharsets.UTF_8);
        BufferedReader lines = new BufferedReader(source);
        while (true) {
            if (interactive) {
                out.print("> ");
                out.flush();
            }
            String line = lines.readLine();
            if (line == null || line.strip().equals("quit")) {
                return Cli.OK;
            }
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            try {
                out.println(step.run(line.strip().split("\\s+")));
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                out.println("error: " + e.getMessage());
                if (!interactive) {
                    return Cli.USAGE;
                }
            } catch (TerminalException | CardException e) {
                out.println("card: " + e.getMessage());
            }
        }
    }

    private static CardTerminal reader(Arguments a, String which, TerminalFactory factory) throws CardException {
        String name = a.option("reader", null);
        if (name == null) {
            throw new UsageException("terminal " + which + ": --reader NAME is required");
        }
        return TerminalCommand.terminal(factory.terminals(), name);
    }

    private static CardChannel connect(CardTerminal reader) throws CardException {
        if (!reader.isCardPresent()) {
            throw new IllegalArgumentException("no card on " + reader.getName() + ": put the card on the reader");
        }
        return reader.connect("*").getBasicChannel();
    }

    private static String word(String[] w, int at, String what) {
        if (w.length <= at) {
            throw new IllegalArgumentException(w[0] + " needs " + what);
        }
        return w[at];
    }
}
