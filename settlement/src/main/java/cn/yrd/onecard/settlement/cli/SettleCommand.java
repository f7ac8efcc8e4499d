package cn.yrd.onecard.settlement.cli;

import cn.yrd.onecard.archive.StandbyArchive;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.CommandHost;
import cn.yrd.onecard.cli.HelpOption;
import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.crypto.KeystorePassword;
import cn.yrd.onecard.database.OneCardDatabase;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.pki.RegionalPki;
import cn.yrd.onecard.settlement.SettlementApplication;
import cn.yrd.onecard.settlement.api.QuerySecrets;
import cn.yrd.onecard.settlement.card.CardFloat;
import cn.yrd.onecard.settlement.day.DaySettlement;
import cn.yrd.onecard.settlement.holder.HolderRegister;
import cn.yrd.onecard.settlement.intake.ClearingDayReader;
import cn.yrd.onecard.settlement.intake.RefusedDayException;
import cn.yrd.onecard.settlement.keys.SettlementKeystore;
import cn.yrd.onecard.settlement.ledger.Ledger;
import cn.yrd.onecard.settlement.netting.InstructionFile;
import cn.yrd.onecard.settlement.netting.NetPosition;
import cn.yrd.onecard.settlement.netting.SettlementInstruction;
import cn.yrd.onecard.settlement.reconciliation.Break;
import cn.yrd.onecard.settlement.reconciliation.Reconciliation;
import cn.yrd.onecard.settlement.reconciliation.RefusedFileException;
import cn.yrd.onecard.settlement.report.ReportFiles;
import cn.yrd.onecard.settlement.web.FinanceUsers;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code ./onecard settle ...}: settle a day from clearing's files, reconcile the bank's confirmation and a
 * city's statement, serve the API, write a test keystore. Exit codes: 0 done, 3 done with breaks to look at,
 * 1 refused or failed (nothing changed), 2 bad arguments.
 */
@Command(name = "settle", description = "The clearing centre's settlement: the day's positions, the bank, the "
        + "reports, the service.", subcommands = {SettleCommand.Day.class, SettleCommand.Reconcile.class,
            SettleCommand.Statement.class, SettleCommand.Report.class, SettleCommand.Serve.class,
            SettleCommand.Keystore.class, SettleCommand.User.class, SettleCommand.Holders.class})
public final class SettleCommand {
    public static final int BREAKS = 3;

    private final PrintStream out;
    private final Map<String, Object> properties;

    @Mixin
    HelpOption help;
    @Option(names = "--embedded", scope = ScopeType.INHERIT,
            description = "the development MariaDB under ./data when no server is configured (never silent)")
    boolean embedded;

    SettleCommand(PrintStream out, Map<String, Object> properties) {
        this.out = out;
        this.properties = properties;
    }

    public static void main(String[] args) {
        Cli.exit(() -> new SettleCommand(System.out, Map.of()).run(args));
    }

    /** The command without ending the JVM, for {@link cn.yrd.onecard.cli.CommandHost}. */
    public static int execute(String[] args) {
        return Cli.run(() -> new SettleCommand(System.out, Map.of()).run(args));
    }

    /** Runs {@code args} on a command of their own: each run's options start from their defaults. */
    int run(String[] args) throws Exception {
        return Cli.execute(new SettleCommand(out, properties), args);
    }

    /** A subcommand about one business day: {@code --date}. */
    abstract static class OnDay {
        @ParentCommand
        SettleCommand settle;
        @Mixin
        BusinessDay day;
    }

    /** {@code settle day}: nets the day's clearing files into the 16 positions, posts the ledger, closes the day. */
    @Command(name = "day", description = "Net the day's clearing files into the 16 positions, post the ledger, move "
            + "shadow balances, close the day (once).")
    static final class Day extends OnDay implements Callable<Integer> {
        @Option(names = "--outbox", defaultValue = "outbox", paramLabel = "DIR",
                description = "clearing's files (default: ${DEFAULT-VALUE})")
        Path outbox;
        @Option(names = "--sign-with", paramLabel = "FILE", description = "the centre's service keystore: the bank "
                + "instruction file signed with it (FILE.p7s); with --pki DIR")
        Path signWith;
        @Option(names = "--pki", paramLabel = "DIR", description = "the regional PKI (its profile)")
        Path pki;
        @Option(names = "--password-file", paramLabel = "FILE", description = "the keystore's password (or "
                + "ONECARD_KEYSTORE_PASSWORD)")
        String passwordFile;

        @Override
        public Integer call() throws Exception {
            LocalDate date = day.date("settle day");
            Optional<RegionalPki.Signer> signer = Optional.empty();
            if (signWith != null) {
                if (pki == null || !Files.isRegularFile(signWith)) {
                    throw new UsageException("settle day: --sign-with " + signWith + " must be the centre's keystore (a "
                            + "file), with --pki DIR");
                }
                // Opened before anything is settled: a key that does not open changes nothing.
                signer = Optional.of(new RegionalPki(pki, KeystorePassword.required("settle day", passwordFile,
                        settle.properties).toCharArray(), null).signer(signWith));
            }
            return settle.day(date, outbox, signer);
        }
    }

    /** {@code settle reconcile}: the bank's confirmation against the day's instructions. */
    @Command(name = "reconcile", description = "The bank's confirmation against the day's instructions; exit 3 when "
            + "there are breaks.")
    static final class Reconcile extends OnDay implements Callable<Integer> {
        @Option(names = "--bank", paramLabel = "FILE", description = "the bank's confirmation")
        String bank;

        @Override
        public Integer call() throws Exception {
            return settle.reconcile(day.date("settle reconcile"), file(bank, "bank", "settle reconcile"));
        }
    }

    /** {@code settle statement}: a city's own totals, or a merchant's own takings, against clearing. */
    @Command(name = "statement", description = "A city's own totals, or a merchant's own takings, against clearing.")
    static final class Statement extends OnDay implements Callable<Integer> {
        @Option(names = "--city", paramLabel = "CODE", description = "the city")
        String city;
        @Option(names = "--merchant", paramLabel = "ID", description = "the merchant (instead of a city)")
        String merchant;
        @Option(names = "--file", paramLabel = "FILE", description = "the city's or the merchant's statement")
        String file;

        @Override
        public Integer call() throws Exception {
            LocalDate date = day.date("settle statement");
            Path statement = file(file, "file", "settle statement");
            if (merchant != null) {
                if (city != null) {
                    throw new UsageException("settle statement: --city CODE or --merchant ID, not both");
                }
                return settle.merchantStatement(date, merchant, statement);
            }
            return settle.statement(date, city, statement);
        }
    }

    /** {@code settle report}: the day's reports as files. */
    @Command(name = "report", description = "The day's reports as files: HTML and PDF of the region and each city, "
            + "CSV.")
    static final class Report extends OnDay implements Callable<Integer> {
        @Option(names = "--out", defaultValue = "reports", paramLabel = "DIR",
                description = "where (default: ${DEFAULT-VALUE})")
        Path dir;

        @Override
        public Integer call() throws Exception {
            return settle.report(day.date("settle report"), dir);
        }
    }

    /** {@code settle serve}: the settlement service, the finance pages and the balance API. */
    @Command(name = "serve", description = "The settlement service, its finance pages and the balance API.")
    static final class Serve implements Callable<Integer> {
        @ParentCommand
        SettleCommand settle;
        @Option(paramLabel = "N", names = "--port", defaultValue = "8080", description = "(default: ${DEFAULT-VALUE})")
        long port;
        @Option(names = "--keystore", defaultValue = "keys/settlement.p12", paramLabel = "FILE",
                description = "the API's and the hotlist's keys (default: ${DEFAULT-VALUE})")
        String keystore;
        @Option(names = "--password-file", paramLabel = "FILE",
                description = "the keystores' password (or ONECARD_KEYSTORE_PASSWORD)")
        String passwordFile;
        @Option(names = "--tls-key", paramLabel = "FILE", description = "HTTPS with the centre's certificate: the "
                + "keystore of pki issue --city centre --role service --host NAME")
        Path tlsKey;

        @Override
        public Integer call() throws Exception {
            Cli.range("settle serve", "port", port, 1, 65535);
            return settle.serve(Long.toString(port), keystore, passwordFile, tlsKey);
        }
    }

    /** {@code settle keystore}: a keystore with fresh keys for the balance API and the hotlist. */
    @Command(name = "keystore", description = "A keystore with a fresh query-secret key for the balance API and the "
            + "hotlist signing key.")
    static final class Keystore implements Callable<Integer> {
        @ParentCommand
        SettleCommand settle;
        @Option(names = "--out", paramLabel = "FILE", description = "the keystore to write")
        String out;
        @Option(names = "--force", description = "replace the keys of an existing FILE")
        boolean force;
        @Option(names = "--password-file", paramLabel = "FILE",
                description = "the keystore's password (or ONECARD_KEYSTORE_PASSWORD)")
        String passwordFile;

        @Override
        public Integer call() throws Exception {
            return settle.keystore(out, force, passwordFile);
        }
    }

    /** {@code settle user}: a finance user; the password is the first line of standard input. */
    @Command(name = "user", description = "A finance user; the password is the first line of standard input.")
    static final class User implements Callable<Integer> {
        @ParentCommand
        SettleCommand settle;
        @Option(names = "--name", paramLabel = "NAME", description = "the user's name")
        String name;
        @Option(names = "--role", paramLabel = "CITY|REGION|AUDITOR", description = "what the user may see")
        String role;
        @Option(names = "--city", paramLabel = "CODE", description = "a CITY user's city")
        String city;

        @Override
        public Integer call() throws Exception {
            return settle.user(name, role, city);
        }
    }

    /** {@code settle holders}: an issuing city's register of its cards' holders, for the counters' checks. */
    @Command(name = "holders", description = "Take in an issuing city's register of its cards' holders (check values "
            + "of their PINs and ID numbers), for the counters of every city to check a holder by.")
    static final class Holders implements Callable<Integer> {
        @ParentCommand
        SettleCommand settle;
        @Option(names = "--register", paramLabel = "FILE", description = "the register (docs/settlement.md, "
                + "\"Holders\")")
        String register;

        @Override
        public Integer call() throws Exception {
            return settle.holders(file(register, "register", "settle holders"));
        }
    }

    /** {@code --date}: the business day a subcommand works on. */
    static final class BusinessDay {
        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the business day")
        String text;

        LocalDate date(String command) {
            return SettleCommand.date(text, command);
        }
    }

    private int day(LocalDate date, Path outbox, Optional<RegionalPki.Signer> signer) throws Exception {
        try (CommandHost.Lease<ConfigurableApplicationContext> service = service()) {
            ConfigurableApplicationContext ctx = service.get();
            DaySettlement settlement = ctx.getBean(DaySettlement.class);
            DaySettlement.Outcome outcome;
            if (settlement.closedAt(date) != null) {
                outcome = new DaySettlement.Outcome(date, settlement.closedAt(date), true, settlement.positions(date),
                        settlement.instructions(date), ctx.getBean(CardFloat.class).breaks());
            } else {
                try {
                    outcome = settlement.settle(ClearingDayReader.read(outbox, date));
                } catch (RefusedDayException e) {
                    out.println("settlement of " + date + " refused, nothing changed: " + e.getMessage());
                    return Cli.FAILED;
                }
            }
            // A closed day is shown as it was settled and its instructions written again (the same bytes): a run
            // killed after the commit, before the file, must not leave the bank without them.
            out.println(outcome.alreadyClosed() ? date + " was closed at " + outcome.closedAt() + "; nothing changed"
                    : "settlement of " + date + " CLOSED at " + outcome.closedAt());
            out.printf("%-4s %-20s %14s %14s %10s %10s %14s%n", "city", "", "receivable", "payable", "fees in",
                    "fees out", "net");
            for (NetPosition p : outcome.positions()) {
                out.printf("%-4s %-20s %14s %14s %10s %10s %14s%n", p.city(), Cities.byCode(p.city()).nameEn(),
                        Fen.asYuan(p.receivable()), Fen.asYuan(p.payable()), Fen.asYuan(p.feeIncome()), Fen.asYuan(p.feeExpense()),
                        Fen.asYuan(p.net()));
            }
            long sum = outcome.positions().stream().mapToLong(NetPosition::net).reduce(0, Math::addExact);
            out.println("the 16 positions sum to " + Fen.asYuan(sum));
            for (SettlementInstruction i : outcome.instructions()) {
                out.println(i.reference() + "  " + switch (i.direction()) {
                    case PAY_IN -> i.city() + " pays the centre ";
                    case PAY_OUT -> "the centre pays " + i.city() + " ";
                    case REFUND -> i.city() + " refunds a lost card to account " + i.maskedTo() + " ";
                    case MERCHANT -> i.city() + " pays its merchant's account " + i.maskedTo() + " ";
                } + Fen.asYuan(i.amount()));
            }
            Path sent = InstructionFile.write(outbox.resolve(date.toString()), date, outcome.instructions());
            out.println("instructions for the bank: " + sent);
            if (signer.isPresent()) {
                out.println("signed by the centre: " + signer.get().sign(sent));
            }
            // On the standby site too, checked, before the day is reported done.
            StandbyArchive.of(ctx.getEnvironment().getProperty(StandbyArchive.ENV)).copy("outbox", sent,
                    outbox.relativize(sent));
            Ledger ledger = ctx.getBean(Ledger.class);
            out.println("ledger: " + (ledger.unbalancedEntries().isEmpty() ? "every entry balances"
                    : "UNBALANCED entries " + ledger.unbalancedEntries()));
            // The issuers' float, card by card against the ledger: a card balance moved by anything but a settled
            // record or a counter shows here, and the day is done with a break to look at.
            if (outcome.floatBreaks().isEmpty()) {
                out.println("card float: every issuer's cards hold what its CARD_FLOAT account says ("
                        + Fen.asYuan(ctx.getBean(CardFloat.class).byIssuer().values().stream().mapToLong(Long::longValue)
                                .reduce(0, Math::addExact)) + " yuan on the region's cards)");
                return Cli.OK;
            }
            outcome.floatBreaks().forEach(b -> out.println("BREAK " + b));
            return BREAKS;
        }
    }

    private int reconcile(LocalDate date, Path bank) throws Exception {
        try (CommandHost.Lease<ConfigurableApplicationContext> service = service()) {
            ConfigurableApplicationContext ctx = service.get();
            return report("bank confirmation " + bank.getFileName(), () -> ctx.getBean(Reconciliation.class)
                    .bank(date, bank));
        }
    }

    private int statement(LocalDate date, String city, Path file) throws Exception {
        if (city == null || Cities.find(city).isEmpty()) {
            throw new UsageException("settle statement: --city must be one of the 16 city codes, got '" + city + "'");
        }
        try (CommandHost.Lease<ConfigurableApplicationContext> service = service()) {
            ConfigurableApplicationContext ctx = service.get();
            return report("statement of " + city, () -> ctx.getBean(Reconciliation.class).statement(date, city, file));
        }
    }

    private int merchantStatement(LocalDate date, String merchant, Path file) throws Exception {
        if (!merchant.matches("[0-9]{15}")) {
            throw new UsageException("settle statement: --merchant must be a merchant id of 15 digits, got '"
                    + merchant + "'");
        }
        try (CommandHost.Lease<ConfigurableApplicationContext> service = service()) {
            ConfigurableApplicationContext ctx = service.get();
            return report("statement of merchant " + merchant, () -> ctx.getBean(Reconciliation.class)
                    .merchantStatement(date, merchant, file));
        }
    }

    private interface ReconcileBody {
        Reconciliation.Report run() throws Exception;
    }

    private int report(String what, ReconcileBody body) throws Exception {
        Reconciliation.Report report;
        try {
            report = body.run();
        } catch (RefusedFileException e) {
            out.println(e.getMessage().replaceFirst(": .*", ""));
            e.problems().forEach(p -> out.println("  " + p));
            return Cli.FAILED;
        }
        out.println(what + ": " + report.matched() + " matched, " + report.breaks().size() + " breaks");
        for (Break b : report.breaks()) {
            out.println("  " + b.kind() + " " + b.reference() + ": " + b.action());
        }
        return report.breaks().isEmpty() ? Cli.OK : BREAKS;
    }

    private int serve(String port, String keystore, String passwordFile, Path tlsKey) throws Exception {
        String password = KeystorePassword.required("settle serve", passwordFile, properties);
        Map<String, Object> serving = new HashMap<>(Map.of("server.port", port, "onecard.settlement.keystore",
                keystore, KeystorePassword.ENV, password));
        if (tlsKey != null) {
            serving.putAll(https(tlsKey, password));
        }
        ConfigurableApplicationContext ctx = context(WebApplicationType.SERVLET, arguments(WebApplicationType.SERVLET,
                serving));
        ctx.getBean(QuerySecrets.class).open();
        out.println("settlement serving on " + (tlsKey == null ? "http" : "https") + "://127.0.0.1:" + port + "/ (API "
                + "description /api/v1/openapi.yaml); Ctrl-C stops it");
        Thread.currentThread().join();
        return Cli.OK;
    }

    /**
     * Spring Boot's HTTPS with the centre's certificate ({@code pki issue --city centre --role service}): checked here
     * first, so a wrong file or password is one line and not a server that fails to start.
     */
    public static Map<String, Object> https(Path tlsKey, String password) {
        if (!Files.isRegularFile(tlsKey)) {
            throw new UsageException("settle serve: --tls-key " + tlsKey + " is not a file (pki issue --city centre "
                    + "--role service writes issued/centre/NAME.p12)");
        }
        try (var in = Files.newInputStream(tlsKey)) {
            java.security.KeyStore.getInstance("PKCS12").load(in, password.toCharArray());
        } catch (Exception e) {
            throw new UsageException("settle serve: cannot open --tls-key " + tlsKey + ": not a PKCS#12 keystore, or "
                    + "not under this password");
        }
        return Map.of("server.ssl.enabled", "true", "server.ssl.key-store", tlsKey.toAbsolutePath().toString(),
                "server.ssl.key-store-type", "PKCS12", "server.ssl.key-store-password", password);
    }

    /** The day's reports as files: HTML and PDF for the region and each city, and CSV. */
    private int report(LocalDate date, Path dir) throws Exception {
        try (CommandHost.Lease<ConfigurableApplicationContext> service = service()) {
            ConfigurableApplicationContext ctx = service.get();
            Path region = ctx.getBean(ReportFiles.class).write(date, dir);
            out.println("reports of " + date + ": " + region + " (and region.pdf, positions.csv, cities/<code>.html|pdf)");
        }
        return Cli.OK;
    }

    /** Adds a finance user, or changes one's password or role; the password is the first line of standard input. */
    private int holders(Path register) throws Exception {
        try (CommandHost.Lease<ConfigurableApplicationContext> service = service()) {
            int n = service.get().getBean(HolderRegister.class).load(register);
            out.println("registered the holders of " + n + " cards from " + register.getFileName());
            return Cli.OK;
        } catch (HolderRegister.BadRegister e) {
            out.println(e.getMessage());
            e.problems().forEach(p -> out.println("  " + p));
            return Cli.FAILED;
        }
    }

    private int user(String name, String role, String city) throws Exception {
        if (name == null || role == null) {
            throw new UsageException("settle user: --name NAME --role CITY|REGION|AUDITOR [--city CODE] are required "
                    + "(the password is read from standard input)");
        }
        String password = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8)).readLine();
        try (CommandHost.Lease<ConfigurableApplicationContext> service = service()) {
            ConfigurableApplicationContext ctx = service.get();
            try {
                ctx.getBean(FinanceUsers.class).save(name, password, role, city);
            } catch (IllegalArgumentException e) {
                throw new UsageException("settle user: " + e.getMessage());
            }
        }
        out.println("user " + name + " saved: " + role + (city == null ? "" : " of " + city));
        return Cli.OK;
    }

    private int keystore(String out, boolean force, String passwordFile) throws Exception {
        if (out == null) {
            throw new UsageException("settle keystore: --out FILE is required");
        }
        Path file = Path.of(out);
        if (Files.exists(file) && !force) {
            throw new UsageException("settle keystore: " + file + " exists; add --force to replace its key");
        }
        String password = KeystorePassword.required("settle keystore", passwordFile, properties);
        SettlementKeystore.generate(file, password.toCharArray(), new SecureRandom());
        this.out.println("wrote " + file + ": the query-secret key of the balance API and the hotlist signing key");
        return Cli.OK;
    }

    private static LocalDate date(String date, String command) {
        if (date == null) {
            throw new UsageException(command + ": --date YYYY-MM-DD is required");
        }
        return Cli.date(command, date);
    }

    private static Path file(String name, String option, String command) {
        if (name == null) {
            throw new UsageException(command + ": --" + option + " FILE is required");
        }
        Path file = Path.of(name);
        if (!Files.isRegularFile(file)) {
            throw new UsageException(command + ": " + file + " is not a file");
        }
        return file;
    }

    /**
     * The service without its web side, for a command that settles, reconciles or reports: its own, or in a
     * {@link CommandHost} the one an earlier command of the same settings left (the service keeps no state of a
     * command between commands: every answer comes from the database).
     */
    private CommandHost.Lease<ConfigurableApplicationContext> service() throws Exception {
        String[] args = arguments(WebApplicationType.NONE, Map.of());
        return CommandHost.lease(List.of(SettlementApplication.class, List.of(args)),
                () -> context(WebApplicationType.NONE, args), OneCardDatabase::renewConnections);
    }

    private ConfigurableApplicationContext context(WebApplicationType type, String[] args) {
        SpringApplication app = new SpringApplication(SettlementApplication.class);
        app.setWebApplicationType(type);
        app.setLogStartupInfo(false);
        return app.run(args);
    }

    /** Command-line properties: they outrank application.properties (default properties would not). */
    private String[] arguments(WebApplicationType type, Map<String, Object> more) {
        Map<String, Object> props = new HashMap<>(properties);
        props.putAll(more);
        if (embedded) {
            props.put(OneCardDatabase.EMBEDDED, "true");
        }
        OneCardDatabase.missing(props).ifPresent(why -> {
            throw new UsageException("settle: " + why);
        });
        if (type == WebApplicationType.NONE) {
            props.put("logging.level.root", "WARN");
        }
        return props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
