package cn.yrd.onecard.terminal.cli;

import cn.yrd.onecard.record.MedicalCare;
import cn.yrd.onecard.card.CardFileException;
import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.PurseLogEntry;
import cn.yrd.onecard.card.TripRecord;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.HomeAuthorisation;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.KeystorePassword;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.pki.Role;
import cn.yrd.onecard.pki.TlsLinks;
import cn.yrd.onecard.privacy.Mask;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.terminal.counter.CentreCounter;
import cn.yrd.onecard.terminal.counter.Counter;
import cn.yrd.onecard.terminal.counter.Replacement;
import cn.yrd.onecard.terminal.counter.CounterLog;
import cn.yrd.onecard.terminal.host.ApprovedLoad;
import cn.yrd.onecard.terminal.host.LoadCheck;
import cn.yrd.onecard.terminal.host.LoadHost;
import cn.yrd.onecard.terminal.host.LoadHostClient;
import cn.yrd.onecard.terminal.host.LoadHostServer;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.kiosk.Kiosk;
import cn.yrd.onecard.terminal.medical.InsuredRegister;
import cn.yrd.onecard.terminal.medical.MedicalHost;
import cn.yrd.onecard.terminal.medical.MedicalHostClient;
import cn.yrd.onecard.terminal.medical.MedicalHostServer;
import cn.yrd.onecard.terminal.medical.MedicalPolicy;
import cn.yrd.onecard.terminal.medical.PinUnblocking;
import cn.yrd.onecard.terminal.pension.PensionHost;
import cn.yrd.onecard.terminal.pension.PensionHostClient;
import cn.yrd.onecard.terminal.pension.PensionHostServer;
import cn.yrd.onecard.terminal.pension.PensionerRegister;
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
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code terminal host}, {@code terminal kiosk} and {@code terminal counter}: the services around the gates. */
final class ServiceCommands {
    private final PrintStream out;
    private final InputStream in;

    ServiceCommands(TerminalCommand terminal) {
        this.out = terminal.out();
        this.in = terminal.in();
    }

    /** {@code terminal host}: the issuing cities' load host for kiosks. */
    @Command(name = "host", description = "The issuing cities' load host for kiosks.")
    static final class HostCommand implements Callable<Integer> {
        @ParentCommand
        TerminalCommand terminal;
        @Option(names = "--keystore", paramLabel = "FILE", description = "the cities' load master keys")
        String keystore;
        @Option(paramLabel = "N", names = "--port", defaultValue = "8181", description = "(default: ${DEFAULT-VALUE})")
        long port;
        @Option(names = "--data", defaultValue = "data/load-host", paramLabel = "DIR",
                description = "(default: ${DEFAULT-VALUE})")
        Path data;
        @Option(paramLabel = "N", names = "--seconds", defaultValue = "0",
                description = "stop after S seconds (default: never)")
        long seconds;
        @Option(names = "--password-file", paramLabel = "FILE",
                description = "the keystore's password (or ONECARD_KEYSTORE_PASSWORD)")
        String passwordFile;
        @Option(names = "--terminals", paramLabel = "FILE", description = "the centre's registry: only its kiosks load")
        String terminals;
        @Option(names = "--kiosk-daily-limit", paramLabel = "YUAN", description = "a kiosk's loads a day, in yuan")
        Long dailyLimitYuan;
        @Mixin
        Link link;

        @Override
        public Integer call() throws Exception {
            Cli.range("terminal host", "port", port, 0, 65535);
            Cli.range("terminal host", "seconds", seconds, 0, Long.MAX_VALUE);
            long yuan = dailyLimitYuan == null ? LoadHost.DAILY_LIMIT / 100 : dailyLimitYuan;
            Cli.range("terminal host", "kiosk-daily-limit", yuan, 1, LoadHost.DAILY_LIMIT);
            return new ServiceCommands(terminal).host(this, yuan * 100);
        }
    }

    /**
     * What a home city's host command shares (the medical host, the pension host): how long it serves, and its link to
     * the counters of every city, mutual TLS where a counter shows a sender's certificate (a hospital's, an agent's).
     */
    static final class HomeHost {
        @Option(names = "--keystore", paramLabel = "FILE", description = "the keystore with the city's authorisation "
                + "key (its password: --password-file or ONECARD_KEYSTORE_PASSWORD)")
        Path keystore;
        @Option(paramLabel = "N", names = "--seconds", defaultValue = "0",
                description = "stop after S seconds (default: never)")
        long seconds;
        @Option(names = "--password-file", paramLabel = "FILE",
                description = "the password of --keystore and --tls-key (or ONECARD_KEYSTORE_PASSWORD)")
        String passwordFile;
        @Mixin
        Link link;

        void check(String command) {
            Cli.range(command, "seconds", seconds, 0, Long.MAX_VALUE);
            if (keystore == null) {
                throw new UsageException(command + ": --keystore FILE (the city's authorisation key: the host "
                        + "authorises what it approves) is required");
            }
        }

        /** {@code --keystore}, opened once however many keys the host takes from it. */
        private CityKeyStore keys;

        /** {@code city}'s key of {@code purpose} alone, from {@code --keystore}. */
        java.util.function.Function<City, byte[]> key(String command, City city, KeyPurpose purpose)
                throws IOException {
            if (keys == null) {
                keys = CityKeyStore.load(keystore, KeystorePassword.required(command, passwordFile, Map.of())
                        .toCharArray());
            }
            try {
                return HomeAuthorisation.only(city, keys, purpose);
            } catch (IllegalArgumentException e) {
                throw new UsageException(command + ": " + e.getMessage());
            }
        }

        /** The TLS context with the counters (of {@code clients}' roles), or null for plain HTTP. */
        SSLContext tls(String command, java.util.Set<Role> clients, PrintStream log) throws Exception {
            return link.key == null && link.pki == null ? null : link.context(command, clients,
                    h -> java.util.Optional.empty(), KeystorePassword.required(command, passwordFile, Map.of()), log);
        }

        /** Serves until the process is stopped, or {@code --seconds} have passed. */
        void serve() throws InterruptedException {
            Thread.sleep(seconds == 0 ? Long.MAX_VALUE : seconds * 1000);
        }
    }

    /** {@code terminal medical-host}: a home city's medical-insurance host, until stopped. */
    @Command(name = "medical-host", description = "A home city's medical-insurance host: answers the hospitals' "
            + "counters of every city what the fund pays of a bill of one of its insured (docs/social-security.md).")
    static final class MedicalHostCommand implements Callable<Integer> {
        @ParentCommand
        TerminalCommand terminal;
        @Option(names = "--register", paramLabel = "FILE", description = "the city's insured register")
        Path register;
        @Option(names = "--policy", paramLabel = "FILE", description = "the city's reimbursement policy of the year")
        Path policy;
        @Option(paramLabel = "N", names = "--port", defaultValue = "8282", description = "(default: ${DEFAULT-VALUE})")
        long port;
        @Option(names = "--data", defaultValue = "data/medical-host", paramLabel = "DIR",
                description = "(default: ${DEFAULT-VALUE})")
        Path data;
        @Mixin
        HomeHost serving;

        @Override
        public Integer call() throws Exception {
            Cli.range("terminal medical-host", "port", port, 0, 65535);
            serving.check("terminal medical-host");
            return new ServiceCommands(terminal).medicalHost(this);
        }
    }

    /** {@code terminal pension-host}: a home city's pension host, until stopped. */
    @Command(name = "pension-host", description = "A home city's pension host: answers the pension counters of every "
            + "city whether and how much one of its pensioners is paid, and takes their proofs of life "
            + "(docs/social-security.md).")
    static final class PensionHostCommand implements Callable<Integer> {
        @ParentCommand
        TerminalCommand terminal;
        @Option(names = "--register", paramLabel = "FILE", description = "the city's pensioner register")
        Path register;
        @Option(paramLabel = "N", names = "--port", defaultValue = "8283", description = "(default: ${DEFAULT-VALUE})")
        long port;
        @Option(names = "--data", defaultValue = "data/pension-host", paramLabel = "DIR",
                description = "(default: ${DEFAULT-VALUE})")
        Path data;
        @Mixin
        HomeHost serving;

        @Override
        public Integer call() throws Exception {
            Cli.range("terminal pension-host", "port", port, 0, 65535);
            serving.check("terminal pension-host");
            return new ServiceCommands(terminal).pensionHost(this);
        }
    }

    /** {@code terminal host-check}: every load the host approved on a day is in a kiosk's day file. */
    @Command(name = "host-check", description = "After the night: every load the host approved on --date is in a "
            + "kiosk's day file; exit 3 when one is missing.")
    static final class HostCheckCommand implements Callable<Integer> {
        @ParentCommand
        TerminalCommand terminal;
        @Option(names = "--data", defaultValue = "data/load-host", paramLabel = "DIR",
                description = "(default: ${DEFAULT-VALUE})")
        Path data;
        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the day of the loads")
        String date;
        @Option(names = "--outbox", paramLabel = "DIR", description = "clearing's files for the host's cities")
        String outbox;

        @Override
        public Integer call() throws Exception {
            return new ServiceCommands(terminal).hostCheck(data, date, outbox);
        }
    }

    /** The options of a desk where a person brings a card: a kiosk, a counter. */
    static final class Desk {
        @Option(names = "--reader", paramLabel = "NAME", description = "the card's reader")
        String reader;
        @Option(names = "--city", paramLabel = "CODE", description = "the desk's city")
        String city;
        @Option(names = "--script", paramLabel = "FILE", description = "console commands, one a line")
        String script;
    }

    /** {@code terminal kiosk}: balance, history, top-up and proof of life. */
    @Command(name = "kiosk", description = "Balance, history, top-up and proof of life.")
    static final class KioskCommand implements Callable<Integer> {
        @ParentCommand
        TerminalCommand terminal;
        @Mixin
        Desk desk;
        @Option(names = "--host", defaultValue = "http://127.0.0.1:8181", paramLabel = "URL",
                description = "the load host (default: ${DEFAULT-VALUE})")
        String host;
        @Option(names = "--terminal-no", paramLabel = "HEX12", description = "the kiosk's terminal number")
        String terminalNo;
        @Option(names = "--journal", defaultValue = "data/kiosk", paramLabel = "DIR",
                description = "(default: ${DEFAULT-VALUE})")
        Path journal;
        @Mixin
        Link link;
        @Option(names = "--pension-host", paramLabel = "CITY=URL", description = "a home city's pension host "
                + "(repeatable): proof PIN certifies there")
        Map<String, String> pensionHosts = new java.util.LinkedHashMap<>();
        @Option(names = "--centre", paramLabel = "URL", description = "the settlement service, for 'replace' at a "
                + "counter")
        String centre;
        @Option(names = "--officer", paramLabel = "NAME", description = "the counter's finance user at the centre")
        String officer;
        @Option(names = "--officer-password-file", paramLabel = "FILE", description = "its password, the first line")
        Path officerPassword;

        @Override
        public Integer call() throws Exception {
            return new ServiceCommands(terminal).kiosk(this, terminal.factory());
        }
    }

    /** Mutual TLS between kiosk and load host with the region's certificates (docs/pki.md, "Links"). */
    static final class Link {
        @Option(names = "--tls-key", paramLabel = "FILE", description = "this side's keystore from pki issue (a "
                + "kiosk's or a load host's): mutual TLS, with --pki DIR")
        Path key;
        @Option(names = "--pki", paramLabel = "DIR", description = "the regional PKI: certificates and CRLs")
        Path pki;

        /** The link's TLS context, or null for plain HTTP; {@code peer} is the role the other side must have. */
        SSLContext context(String command, Role peer, TlsLinks.PeerCheck check, String password, PrintStream log)
                throws Exception {
            return context(command, java.util.Set.of(peer), check, password, log);
        }

        /** As above, the other side of any of {@code peers}' roles. */
        SSLContext context(String command, java.util.Set<Role> peers, TlsLinks.PeerCheck check, String password,
                PrintStream log) throws Exception {
            if (key == null && pki == null) {
                return null;
            }
            if (key == null || pki == null || !Files.isRegularFile(key)) {
                throw new UsageException(command + ": mutual TLS needs --tls-key FILE (a keystore of pki issue) and "
                        + "--pki DIR");
            }
            return TlsLinks.context(pki, key, password.toCharArray(), TlsLinks.relyingPartyOf(key), peers, check,
                    why -> log.println("refused " + why), Clock.systemUTC());
        }
    }

    /** {@code terminal counter}: a hospital or pension counter. */
    @Command(name = "counter", description = "A hospital or pension counter.")
    static final class CounterCommand implements Callable<Integer> {
        @ParentCommand
        TerminalCommand terminal;
        @Mixin
        Desk desk;
        @Option(names = "--id", paramLabel = "ID", description = "the counter's ID")
        String id;
        @Option(names = "--log", defaultValue = "data/counter", paramLabel = "DIR",
                description = "(default: ${DEFAULT-VALUE})")
        Path log;
        @Option(names = "--medical-host", paramLabel = "CITY=URL", description = "a home city's medical host "
                + "(repeatable): claim TOTAL LEVEL KIND PIN then asks the patient's home city what its fund pays")
        Map<String, String> medicalHosts = new java.util.LinkedHashMap<>();
        @Option(names = "--pension-host", paramLabel = "CITY=URL", description = "a home city's pension host "
                + "(repeatable): payout PIN then asks the pensioner's home city, and proof PIN certifies there")
        Map<String, String> pensionHosts = new java.util.LinkedHashMap<>();
        @Mixin
        Link link;
        @Option(names = "--password-file", paramLabel = "FILE",
                description = "the TLS keystore's password (or ONECARD_KEYSTORE_PASSWORD)")
        String passwordFile;

        /** The link to home hosts of {@code role}: mutual TLS with {@code --tls-key}, or null for plain HTTP. */
        SSLContext tls(Role role, PrintStream log) throws Exception {
            return link.key == null && link.pki == null ? null : link.context("terminal counter", role,
                    h -> java.util.Optional.empty(), KeystorePassword.required("terminal counter", passwordFile,
                            Map.of()), log);
        }

        @Override
        public Integer call() throws Exception {
            return new ServiceCommands(terminal).counter(this, terminal.factory());
        }
    }

    /** The issuing cities' load host, until the process is stopped (or {@code --seconds} pass). */
    int host(HostCommand o, long dailyLimit) throws Exception {
        String keystore = o.keystore;
        int port = (int) o.port;
        Path data = o.data;
        long seconds = o.seconds;
        String passwordFile = o.passwordFile;
        String terminals = o.terminals;
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
        SSLContext tls = o.link.context("terminal host", Role.KIOSK, LoadHostServer.registeredKiosk(kiosks),
                KeystorePassword.required("terminal host", passwordFile, Map.of()), out);
        try (LoadHost host = new LoadHost(keys.keys(KeyPurpose.LOAD), kiosks, dailyLimit, data);
                LoadHostServer server = new LoadHostServer(host, "127.0.0.1", port, tls)) {
            out.println("load host on " + (tls == null ? "http" : "https") + "://127.0.0.1:" + server.port()
                    + "/loads" + (tls == null ? "" : " (mutual TLS: registered kiosks' certificates only)") + ", "
                    + host.authorisations() + " authorisations on record");
            Thread.sleep(seconds == 0 ? Long.MAX_VALUE : seconds * 1000);
        }
        return Cli.OK;
    }

    /** A home city's medical host, until the process is stopped (or {@code --seconds} pass). */
    int medicalHost(MedicalHostCommand o) throws Exception {
        if (o.register == null || o.policy == null) {
            throw new UsageException("terminal medical-host: --register FILE (the insured) and --policy FILE (the "
                    + "year's reimbursement policy) are required");
        }
        InsuredRegister register;
        MedicalPolicy policy;
        try {
            register = InsuredRegister.read(o.register);
            policy = MedicalPolicy.read(o.policy);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException("terminal medical-host: no file " + e.getFile());
        }
        SSLContext tls = o.serving.tls("terminal medical-host", java.util.Set.of(Role.SENDER), out);
        HomeAuthorisation authorisation = HomeAuthorisation.medical(o.serving.key("terminal medical-host",
                register.city(), KeyPurpose.MEDICAL_AUTHORISATION));
        byte[] pinReload = o.serving.key("terminal medical-host", register.city(), KeyPurpose.PIN_RELOAD)
                .apply(register.city());
        try (MedicalHost host = new MedicalHost(register, policy, authorisation, o.data, Clock.systemDefaultZone());
                PinUnblocking pins = new PinUnblocking(register, pinReload, o.data, Clock.systemDefaultZone());
                MedicalHostServer server = new MedicalHostServer(host, pins, "127.0.0.1", (int) o.port, tls)) {
            out.println("medical host of " + register.city() + " on " + (tls == null ? "http" : "https")
                    + "://127.0.0.1:" + server.port() + "/claims, /reversals and /pin-reloads" + (tls == null ? ""
                            : " (mutual TLS: hospitals' certificates only)") + ", policy of " + policy.year());
            o.serving.serve();
        }
        return Cli.OK;
    }

    /** A home city's pension host, until the process is stopped (or {@code --seconds} pass). */
    int pensionHost(PensionHostCommand o) throws Exception {
        if (o.register == null) {
            throw new UsageException("terminal pension-host: --register FILE (the pensioners) is required");
        }
        PensionerRegister register;
        try {
            register = PensionerRegister.read(o.register);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException("terminal pension-host: no file " + e.getFile());
        }
        SSLContext tls = o.serving.tls("terminal pension-host", java.util.Set.of(Role.SENDER, Role.KIOSK), out);
        HomeAuthorisation authorisation = HomeAuthorisation.pension(o.serving.key("terminal pension-host",
                register.city(), KeyPurpose.PENSION_AUTHORISATION));
        try (PensionHost host = new PensionHost(register, authorisation, o.data, Clock.systemDefaultZone());
                PensionHostServer server = new PensionHostServer(host, "127.0.0.1", (int) o.port, tls)) {
            out.println("pension host of " + register.city() + " on " + (tls == null ? "http" : "https")
                    + "://127.0.0.1:" + server.port() + "/payouts and /proofs" + (tls == null ? ""
                            : " (mutual TLS: agents' and kiosks' certificates only)"));
            o.serving.serve();
        }
        return Cli.OK;
    }

    /**
     * Whether every load the host approved on a day came back in a kiosk's day file: run by the issuing city after
     * the night's clearing, on the detail files clearing sent it. Exit 3 when one is missing.
     */
    int hostCheck(Path data, String dateText, String outbox) throws Exception {
        if (dateText == null || outbox == null) {
            throw new UsageException("terminal host-check: --date YYYY-MM-DD (the day of the loads) and --outbox DIR "
                    + "(clearing's files for the host's cities) are required");
        }
        LocalDate date = Cli.date("terminal host-check", dateText);
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

    int kiosk(KioskCommand o, TerminalFactory factory) throws Exception {
        CardTerminal reader = reader(o.desk.reader, "kiosk", factory);
        City city = TerminalCommand.city(o.desk.city, "kiosk");
        String hostUrl = o.host;
        String kioskNo = o.terminalNo != null ? o.terminalNo : "0000000000" + city.code().substring(2);
        Path journalDir = o.journal;
        String script = o.desk.script;
        if (!kioskNo.matches("[0-9A-F]{12}")) {
            throw new UsageException("terminal kiosk: --terminal-no must be 12 upper-case hex digits");
        }
        AtomicInteger apdus = new AtomicInteger();
        try (Journal journal = Journal.open(journalDir); CounterLog log = CounterLog.open(journalDir)) {
            SSLContext tls = o.link.context("terminal kiosk", Role.LOAD_HOST, host -> java.util.Optional.empty(),
                    o.link.key == null ? "" : KeystorePassword.required("terminal kiosk", null, Map.of()), out);
            Kiosk kiosk = new Kiosk(kioskNo, city, "000000000000" + city.code(), "0000" + kioskNo, journal,
                    new LoadHostClient(URI.create(hostUrl), tls), Clock.systemDefaultZone());
            // A kiosk asks the pension hosts in its own name: its certificate's, the terminal number.
            Counter proofs = new Counter(kioskNo, city, log, Clock.systemDefaultZone());
            SSLContext pensionTls = o.pensionHosts.isEmpty() || o.link.key == null ? null : o.link.context(
                    "terminal kiosk", Role.PENSION_HOST, host -> java.util.Optional.empty(),
                    KeystorePassword.required("terminal kiosk", null, Map.of()), out);
            Map<City, PensionHostClient> pensions = homeHosts("terminal kiosk", o.pensionHosts,
                    "pension", uri -> new PensionHostClient(uri, pensionTls));
            Replacement.Centre centre = o.centre == null ? null : centre(o, null);
            out.println("kiosk " + kioskNo + " in " + city + " (show | topup YUAN | proof PIN"
                    + (centre == null ? "" : " | replace LOST_SERIAL [HOLDER_TOKEN_FILE]") + " | quit)");
            return console(script, w -> switch (w[0]) {
                case "show" -> {
                    Kiosk.CardView v = kiosk.inspect(connect(reader), apdus);
                    StringBuilder b = new StringBuilder(v.info().cardSerial().masked() + " of " + v.info().issuerId()
                            .city() + ": balance " + Fen.asYuan(v.balance()) + " yuan");
                    for (PurseLogEntry e : v.transactions()) {
                        b.append(String.format("%n  %s %-17s %8s yuan at %s", e.time(), e.type(), Fen.asYuan(e.amount()),
                                e.terminalNo()));
                    }
                    for (TripRecord t : v.trips()) {
                        // Other cities' gates write types, lines and city codes of their own: shown as the card has them.
                        b.append(String.format("%n  %s %-17s %8s yuan, %s left, line %04X station %04X, %s", t.time(),
                                t.kind().map(Enum::name).orElse(String.format("trip type %02X", t.type())),
                                Fen.asYuan(t.amount()), Fen.asYuan(t.balanceAfter()), t.line(), t.station(),
                                t.city().map(City::toString).orElse("city code " + t.acquirerCityCode())));
                    }
                    yield b.toString();
                }
                case "topup" -> {
                    Kiosk.TopUp t = kiosk.topUp(connect(reader), Fen.fromYuan(word(w, 1, "an amount")), apdus);
                    yield t.done() ? "loaded " + w[1] + " yuan: balance " + Fen.asYuan(t.balance()) + " yuan"
                            : "not loaded: " + t.reason();
                }
                case "proof" -> {
                    requireHosts(pensions, "proof", "pension", "the certification");
                    var r = proofs.proofOnline(connect(reader), word(w, 1, "the PIN"), pensions, apdus);
                    yield r.done() ? "proof of life " + r.record().payoutId() + " for card " + Mask.serial(
                            r.record().cardNumber()) + ": certified at " + r.record().homeCity()
                            : "refused: " + r.refused();
                }
                case "replace" -> {
                    if (centre == null) {
                        throw new IllegalArgumentException("replace needs --centre URL --officer NAME "
                                + "--officer-password-file FILE");
                    }
                    CardSerial lost = CardSerial.of(word(w, 1, "the lost card's serial"));
                    try {
                        Replacement.Centre asked = w.length > 2 ? centre(o, Files.readString(Path.of(w[2])).strip())
                                : centre;
                        Replacement.Outcome r = new Replacement(asked, kiosk, journal).replace(connect(reader), lost,
                                apdus);
                        yield "replaced " + lost.masked() + ": " + Fen.asYuan(r.moved()) + " yuan "
                                + (r.loadedNow() ? "loaded" : "were loaded before") + " onto the new card, balance "
                                + Fen.asYuan(r.balance()) + " yuan";
                    } catch (IOException e) {
                        yield "not replaced: " + e.getMessage();
                    }
                }
                default -> throw new IllegalArgumentException("unknown command '" + w[0] + "' (show, topup, proof, "
                        + "replace, quit)");
            });
        }
    }

    /** The centre's counter API as this counter's officer, for the holder of {@code holderToken} (or none). */
    private static Replacement.Centre centre(KioskCommand o, String holderToken) throws IOException {
        if (o.officer == null || o.officerPassword == null || !Files.isRegularFile(o.officerPassword)) {
            throw new UsageException("terminal kiosk: --centre needs --officer NAME and --officer-password-file FILE");
        }
        String password = Files.readAllLines(o.officerPassword, StandardCharsets.UTF_8).stream().findFirst()
                .orElse("");
        return new CentreCounter(URI.create(o.centre), o.officer, password.toCharArray(), holderToken);
    }


    int counter(CounterCommand o, TerminalFactory factory) throws Exception {
        CardTerminal reader = reader(o.desk.reader, "counter", factory);
        City city = TerminalCommand.city(o.desk.city, "counter");
        String id = o.id;
        Path logDir = o.log;
        String script = o.desk.script;
        if (id == null) {
            throw new UsageException("terminal counter: --id ID (the hospital or agent) is required");
        }
        AtomicInteger apdus = new AtomicInteger();
        SSLContext medicalTls = o.medicalHosts.isEmpty() ? null : o.tls(Role.MEDICAL_HOST, out);
        SSLContext pensionTls = o.pensionHosts.isEmpty() ? null : o.tls(Role.PENSION_HOST, out);
        Map<City, MedicalHostClient> homes = homeHosts("terminal counter", o.medicalHosts, "medical",
                uri -> new MedicalHostClient(uri, medicalTls));
        Map<City, PensionHostClient> pensions = homeHosts("terminal counter", o.pensionHosts, "pension",
                uri -> new PensionHostClient(uri, pensionTls));
        try (CounterLog log = CounterLog.open(logDir)) {
            Counter counter;
            try {
                counter = new Counter(id, city, log, Clock.systemDefaultZone());
            } catch (IllegalArgumentException e) {
                throw new UsageException("terminal counter: " + e.getMessage());
            }
            out.println("counter " + id + " in " + city + " (claim TOTAL LEVEL KIND PIN | reverse CLAIM_ID | "
                    + "payout PIN | proof PIN | unblock NEW_PIN | pin OLD_PIN NEW_PIN | export medical|pension DATE FILE "
                    + "| quit)");
            return console(script, w -> switch (w[0]) {
                case "claim" -> {
                    requireHosts(homes, "claim", "medical", "what its fund pays");
                    var r = counter.claimOnline(connect(reader), word(w, 4, "TOTAL LEVEL KIND PIN"),
                            Fen.fromYuan(w[1]), MedicalCare.of(w[2], w[3]), homes, apdus);
                    yield r.done() ? "claim " + r.record().claimId() + ": " + r.record().homeCity() + " pays "
                            + Fen.asYuan(r.record().fundPaid()) + " (its fund and the holder's account), patient "
                            + "pays " + Fen.asYuan(r.record().selfPaid()) : "refused: " + r.refused();
                }
                case "reverse" -> {
                    requireHosts(homes, "reverse", "medical", "the claim's cancellation");
                    var r = counter.reverseOnline(word(w, 1, "a claim id"), homes);
                    yield r.done() ? "reversed " + w[1] + ": " + r.record().claimId() + ", " + Fen.asYuan(
                            r.record().fundPaid()) + " back to " + r.record().homeCity() : "refused: " + r.refused();
                }
                case "unblock" -> {
                    requireHosts(homes, "unblock", "medical", "whether a blocked PIN may be reloaded");
                    var r = counter.unblockOnline(connect(reader), word(w, 1, "the new PIN"), homes, apdus);
                    yield r.done() ? "PIN of card " + Mask.serial(r.record().cardNumber()) + " reloaded on the word of "
                            + r.record().homeCity() + ": the new PIN holds, 3 tries" : "refused: " + r.refused();
                }
                case "pin" -> {
                    var r = counter.changePin(connect(reader), word(w, 1, "the old PIN"), word(w, 2, "the new PIN"),
                            apdus);
                    yield r.done() ? "PIN of card " + Mask.serial(r.record().cardNumber()) + " changed"
                            : "refused: " + r.refused();
                }
                case "payout" -> {
                    requireHosts(pensions, "payout", "pension", "whether and how much it pays");
                    var r = counter.payoutOnline(connect(reader), word(w, 1, "the PIN"), pensions, apdus);
                    yield r.done() ? "payout " + r.record().payoutId() + " of " + Fen.asYuan(r.record().amount())
                            + " yuan, owed by " + r.record().homeCity() : "refused: " + r.refused();
                }
                case "proof" -> {
                    requireHosts(pensions, "proof", "pension", "the certification");
                    var r = counter.proofOnline(connect(reader), word(w, 1, "the PIN"), pensions, apdus);
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

    /** A counter's business the home city decides: refused, in one line, where no home city's host is given. */
    private static void requireHosts(Map<City, ?> hosts, String command, String kind, String what) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException(command + " needs --" + kind + "-host CITY=URL: the card's home city "
                    + "decides " + what);
        }
    }

    /** The home cities' hosts of {@code --medical-host} or {@code --pension-host CITY=URL}, by city. */
    private static <C> Map<City, C> homeHosts(String command, Map<String, String> given, String kind,
            java.util.function.Function<URI, C> client) {
        Map<City, C> homes = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            City city = Cities.find(e.getKey()).orElseThrow(() -> new UsageException(command + ": --" + kind
                    + "-host " + e.getKey() + "=…: not a city code"));
            homes.put(city, client.apply(URI.create(e.getValue())));
        }
        return homes;
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
            } catch (CardFileException e) {
                // The card's bytes, not the operator's words (a card of a city outside the delta, say): that card is
                // refused and the session goes on, as after any other card's answer.
                out.println("card: not a card this desk can serve (" + e.getMessage() + ")");
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

    private static CardTerminal reader(String name, String which, TerminalFactory factory) throws CardException {
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
