package cn.yrd.onecard.settlement.cli;

import cn.yrd.onecard.settlement.keys.SettlementKeystore;
import cn.yrd.onecard.cli.Arguments;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.crypto.KeystorePassword;
import cn.yrd.onecard.database.OneCardDatabase;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.settlement.SettlementApplication;
import cn.yrd.onecard.settlement.api.QuerySecrets;
import cn.yrd.onecard.settlement.day.DaySettlement;
import cn.yrd.onecard.settlement.intake.ClearingDayReader;
import cn.yrd.onecard.settlement.intake.RefusedDayException;
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
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./onecard settle ...}: settle a day from clearing's files, reconcile the bank's confirmation and a
 * city's statement, serve the API, write a test keystore. Exit codes: 0 done, 3 done with breaks to look at,
 * 1 refused or failed (nothing changed), 2 bad arguments.
 */
public final class SettleCommand {
    public static final int BREAKS = 3;

    private final PrintStream out;
    private final Map<String, Object> properties;
    private boolean embedded;

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

    int run(String[] given) throws Exception {
        // --embedded anywhere: the development database under ./data when no server is configured (never silent).
        embedded = Arrays.asList(given).contains("--embedded");
        String[] args = Arrays.stream(given).filter(a -> !a.equals("--embedded")).toArray(String[]::new);
        String what = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        return switch (what) {
            case "day" -> day(Arguments.parse("settle day", rest, Set.of()));
            case "reconcile" -> reconcile(Arguments.parse("settle reconcile", rest, Set.of()));
            case "statement" -> statement(Arguments.parse("settle statement", rest, Set.of()));
            case "serve" -> serve(Arguments.parse("settle serve", rest, Set.of()));
            case "keystore" -> keystore(Arguments.parse("settle keystore", rest, Set.of("force")));
            case "user" -> user(Arguments.parse("settle user", rest, Set.of()));
            case "report" -> report(Arguments.parse("settle report", rest, Set.of()));
            case "" -> throw new UsageException("settle needs a command: day, reconcile, statement, report, serve, "
                    + "keystore, user");
            default -> throw new UsageException("settle: unknown command '" + what + "' (day, reconcile, statement, "
                    + "report, serve, keystore, user)");
        };
    }

    private int day(Arguments a) throws Exception {
        LocalDate date = date(a, "settle day");
        Path outbox = Path.of(a.option("outbox", "outbox"));
        a.done(0);
        try (ConfigurableApplicationContext ctx = context(WebApplicationType.NONE, Map.of())) {
            DaySettlement settlement = ctx.getBean(DaySettlement.class);
            DaySettlement.Outcome outcome;
            if (settlement.closedAt(date) != null) {
                outcome = new DaySettlement.Outcome(date, settlement.closedAt(date), true, settlement.positions(date),
                        settlement.instructions(date));
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
                out.println(i.reference() + "  " + (i.direction() == SettlementInstruction.Direction.PAY_IN
                        ? i.city() + " pays the centre " : "the centre pays " + i.city() + " ") + Fen.asYuan(i.amount()));
            }
            Path sent = InstructionFile.write(outbox.resolve(date.toString()), date, outcome.instructions());
            out.println("instructions for the bank: " + sent);
            Ledger ledger = ctx.getBean(Ledger.class);
            out.println("ledger: " + (ledger.unbalancedEntries().isEmpty() ? "every entry balances"
                    : "UNBALANCED entries " + ledger.unbalancedEntries()));
            return Cli.OK;
        }
    }

    private int reconcile(Arguments a) throws Exception {
        LocalDate date = date(a, "settle reconcile");
        Path bank = file(a, "bank", "settle reconcile");
        a.done(0);
        try (ConfigurableApplicationContext ctx = context(WebApplicationType.NONE, Map.of())) {
            return report("bank confirmation " + bank.getFileName(), () -> ctx.getBean(Reconciliation.class)
                    .bank(date, bank));
        }
    }

    private int statement(Arguments a) throws Exception {
        LocalDate date = date(a, "settle statement");
        String city = a.option("city", null);
        Path file = file(a, "file", "settle statement");
        a.done(0);
        if (city == null || Cities.find(city).isEmpty()) {
            throw new UsageException("settle statement: --city must be one of the 16 city codes, got '" + city + "'");
        }
        try (ConfigurableApplicationContext ctx = context(WebApplicationType.NONE, Map.of())) {
            return report("statement of " + city, () -> ctx.getBean(Reconciliation.class).statement(date, city, file));
        }
    }

    private interface Reconcile {
        Reconciliation.Report run() throws Exception;
    }

    private int report(String what, Reconcile body) throws Exception {
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

    private int serve(Arguments a) throws Exception {
        String port = Long.toString(a.number("port", 8080, 1, 65535));
        String keystore = a.option("keystore", "keys/settlement.p12");
        String password = KeystorePassword.required("settle serve", a.option("password-file", null), properties);
        a.done(0);
        ConfigurableApplicationContext ctx = context(WebApplicationType.SERVLET,
                Map.of("server.port", port, "onecard.settlement.keystore", keystore, KeystorePassword.ENV, password));
        ctx.getBean(QuerySecrets.class).open();
        out.println("settlement serving on http://127.0.0.1:" + port + "/ (API description /api/v1/openapi.yaml); "
                + "Ctrl-C stops it");
        Thread.currentThread().join();
        return Cli.OK;
    }

    /** The day's reports as files: HTML and PDF for the region and each city, and CSV. */
    private int report(Arguments a) throws Exception {
        LocalDate date = date(a, "settle report");
        Path dir = Path.of(a.option("out", "reports"));
        a.done(0);
        try (ConfigurableApplicationContext ctx = context(WebApplicationType.NONE, Map.of())) {
            Path region = ctx.getBean(ReportFiles.class).write(date, dir);
            out.println("reports of " + date + ": " + region + " (and region.pdf, positions.csv, cities/<code>.html|pdf)");
        }
        return Cli.OK;
    }

    /** Adds a finance user, or changes one's password or role; the password is the first line of standard input. */
    private int user(Arguments a) throws Exception {
        String name = a.option("name", null);
        String role = a.option("role", null);
        String city = a.option("city", null);
        a.done(0);
        if (name == null || role == null) {
            throw new UsageException("settle user: --name NAME --role CITY|REGION|AUDITOR [--city CODE] are required "
                    + "(the password is read from standard input)");
        }
        String password = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8)).readLine();
        try (ConfigurableApplicationContext ctx = context(WebApplicationType.NONE, Map.of())) {
            try {
                ctx.getBean(FinanceUsers.class).save(name, password, role, city);
            } catch (IllegalArgumentException e) {
                throw new UsageException("settle user: " + e.getMessage());
            }
        }
        out.println("user " + name + " saved: " + role + (city == null ? "" : " of " + city));
        return Cli.OK;
    }

    private int keystore(Arguments a) throws Exception {
        String out = a.option("out", null);
        boolean force = a.flag("force");
        String passwordFile = a.option("password-file", null);
        a.done(0);
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

    private static LocalDate date(Arguments a, String command) {
        String date = a.option("date", null);
        if (date == null) {
            throw new UsageException(command + ": --date YYYY-MM-DD is required");
        }
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new UsageException(command + ": --date must be YYYY-MM-DD, got '" + date + "'");
        }
    }

    private static Path file(Arguments a, String option, String command) {
        String name = a.option(option, null);
        if (name == null) {
            throw new UsageException(command + ": --" + option + " FILE is required");
        }
        Path file = Path.of(name);
        if (!Files.isRegularFile(file)) {
            throw new UsageException(command + ": " + file + " is not a file");
        }
        return file;
    }

    /** Command-line properties: they outrank application.properties (default properties would not). */
    private ConfigurableApplicationContext context(WebApplicationType type, Map<String, Object> more) {
        SpringApplication app = new SpringApplication(SettlementApplication.class);
        app.setWebApplicationType(type);
        app.setLogStartupInfo(false);
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
        return app.run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }
}
