package cn.yrd.onecard.clearing.cli;

import cn.yrd.onecard.clearing.ClearingApplication;
import cn.yrd.onecard.clearing.job.Broker;
import cn.yrd.onecard.clearing.job.ClearingJobConfiguration;
import cn.yrd.onecard.clearing.job.RemotePartitions;
import cn.yrd.onecard.clearing.load.NightInputs;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.CommandHost;
import cn.yrd.onecard.cli.HelpOption;
import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.crypto.KeystorePassword;
import cn.yrd.onecard.database.OneCardDatabase;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.registry.MerchantRegisters;
import cn.yrd.onecard.registry.TerminalRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code ./onecard clear --date YYYY-MM-DD [--inbox DIR] [--outbox DIR] --keystore FILE [--password-file FILE] [--embedded] [--hotlist FILE]
 * [--terminals FILE] [--pki DIR [--sign-with FILE]]} runs the night's clearing and
 * prints its summary; {@code ./onecard clear status} lists past runs. Exit codes: 0 cleared with nothing in
 * suspense, 3 cleared with records in suspense or files quarantined (the summary names each), 1 failed (rerun the same command after fixing the cause:
 * an execution a killed JVM left STARTED is recovered first, and the rerun resumes where it stopped).
 */
@Command(name = "clear", subcommands = {ClearingCommand.Status.class, ClearingCommand.Worker.class}, description = "The night's clearing of the day "
        + "files in the inbox; exit 0 cleared, 3 cleared with suspense, quarantine or missing senders, 1 failed.")
public final class ClearingCommand implements Callable<Integer> {
    public static final int SUSPENSE = Cli.ATTENTION;
    /** The job's steps in the order they run, for the metrics line. */
    private static final List<String> STEPS = List.of("intake", "load", "cardHistory", "repeats", "outgoingFiles");

    private final PrintStream out;
    private final Map<String, Object> properties;

    @Mixin
    HelpOption help;
    @Option(names = "--embedded", scope = ScopeType.INHERIT,
            description = "the development MariaDB under ./data when no server is configured (never silent)")
    boolean embedded;
    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the business day to clear")
    String date;
    @Option(names = "--inbox", defaultValue = "inbox", paramLabel = "DIR", description = "the day files "
            + "(default: ${DEFAULT-VALUE})")
    Path inbox;
    @Option(names = "--outbox", defaultValue = "outbox", paramLabel = "DIR", description = "the cities' result and "
            + "detail files (default: ${DEFAULT-VALUE})")
    Path outbox;
    @Mixin
    NightFiles files;
    @Option(names = "--pki", defaultValue = "", paramLabel = "DIR", description = "the regional PKI: every day "
            + "file must be signed by the sender it names (FILE.p7s, docs/formats.md); without it none is checked")
    String pki;
    @Option(names = "--sign-with", defaultValue = "", paramLabel = "FILE", description = "the centre's service "
            + "keystore (pki issue --city centre --role service): each city's result, detail and merchants file signed "
            + "with it (FILE.p7s); needs --pki")
    String signWith;
    @Option(names = "--close-without", defaultValue = "", paramLabel = "SENDER,...",
            description = "close the night without these senders' files")
    String closeWithout;
    @Option(names = "--deadline", defaultValue = "", paramLabel = "YYYY-MM-DDTHH:MM",
            description = "close without the senders still missing once this has passed")
    String deadline;
    @Option(names = "--broker", paramLabel = "URL", description = "RabbitMQ (amqp://user:password@host:5672): the "
            + "load and card-history partitions go to the workers (clear worker) instead of this JVM's cores")
    String broker;

    ClearingCommand(PrintStream out, Map<String, Object> properties) {
        this.out = out;
        this.properties = properties;
    }

    public static void main(String[] args) {
        Cli.exit(() -> new ClearingCommand(System.out, Map.of()).run(args));
    }

    /** The command without ending the JVM, for {@link cn.yrd.onecard.cli.CommandHost}. */
    public static int execute(String[] args) {
        return Cli.run(() -> new ClearingCommand(System.out, Map.of()).run(args));
    }

    /** Runs {@code args} on a command of their own: each run's options start from their defaults. */
    int run(String[] args) throws Exception {
        return Cli.execute(new ClearingCommand(out, properties), args);
    }

    /** {@code clear status}: the past clearing runs. */
    @Command(name = "status", description = "Past clearing runs.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ClearingCommand clear;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = clear.context(Map.of())) {
                return clear.status(ctx);
            }
        }
    }

    /**
     * {@code clear worker --broker URL}: runs the partitions a manager ({@code clear --broker URL}) sends, on the same
     * database, until stopped (SIGTERM, Ctrl-C); any number of them, on any machines. It reads the night's keys,
     * hotlist, terminal registry and merchant registers as the manager does, from its own options.
     */
    @Command(name = "worker", description = "Runs the load and card-history partitions a clearing with --broker sends, "
            + "until stopped.")
    static final class Worker implements Callable<Integer> {
        @ParentCommand
        ClearingCommand clear;
        @Option(names = "--broker", paramLabel = "URL", description = "RabbitMQ (amqp://user:password@host:5672)")
        String broker;
        @Option(names = "--partitions", paramLabel = "N", defaultValue = "0", description = "partitions at once "
                + "(default: the machine's cores; workers that share a machine share its cores)")
        long partitions;
        @Mixin
        NightFiles files;

        @Override
        public Integer call() throws Exception {
            if (broker == null) {
                throw new UsageException("clear worker: --broker URL (the manager's RabbitMQ) is required");
            }
            if (files.keystore == null) {
                throw new UsageException("clear worker: --keystore FILE (the cities' TAC master keys) is required");
            }
            int atOnce = partitions == 0 ? Runtime.getRuntime().availableProcessors()
                    : (int) Cli.range("clear worker", "partitions", partitions, 1, 256);
            String password = KeystorePassword.required("clear worker", files.passwordFile, clear.properties);
            clear.broker = broker;
            java.util.Optional<String> unreachable = Broker.unreachable(broker, 10_000);
            if (unreachable.isPresent()) {
                clear.out.println("clearing worker not started: " + unreachable.get());
                return Cli.FAILED;
            }
            java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
            try (ConfigurableApplicationContext ctx = clear.context(Map.of("onecard.clearing.worker-partitions",
                    atOnce), RemotePartitions.WORKER)) {
                ctx.getBean(NightInputs.class).set(new NightInputs.Inputs(files.keystore, password, files.hotlist,
                        files.terminals, files.merchants, "", "", "", ""));
                clear.out.println("clearing worker: taking the load and card-history partitions from "
                        + Broker.shown(broker) + ", " + atOnce + " at a time, " + Heap.described()
                        + "; SIGTERM or Ctrl-C stops it");
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "clearing-worker-stop"));
                stopped.await();
            }
            return Cli.OK;
        }
    }

    @Override
    public Integer call() throws Exception {
        for (String sender : closeWithout.isEmpty() ? new String[0] : closeWithout.split(",", -1)) {
            if (!cn.yrd.onecard.dayfile.DayFileHeader.SENDER.matcher(sender).matches()) {
                throw new UsageException("clear: --close-without takes sender IDs separated by commas, got '"
                        + closeWithout + "'");
            }
        }
        if (!deadline.isEmpty()) {
            try {
                LocalDateTime.parse(deadline);
            } catch (DateTimeParseException e) {
                throw new UsageException("clear: --deadline must be YYYY-MM-DDTHH:MM, got '" + deadline + "'");
            }
        }
        if (date == null) {
            throw new UsageException("clear: --date YYYY-MM-DD is required (or: clear status)");
        }
        LocalDate day = Cli.date("clear", date);
        if (!Files.isDirectory(inbox)) {
            throw new UsageException("clear: inbox " + inbox + " is not a directory");
        }
        if (files.keystore == null) {
            throw new UsageException("clear: --keystore FILE (the cities' TAC master keys) is required");
        }
        if (!pki.isEmpty() && !Files.isRegularFile(Path.of(pki, "bridge.crt"))) {
            throw new UsageException("clear: --pki " + pki + " is not the regional PKI's folder (no bridge.crt in it)");
        }
        if (!signWith.isEmpty() && (pki.isEmpty() || !Files.isRegularFile(Path.of(signWith)))) {
            throw new UsageException("clear: --sign-with " + signWith + " must be the centre's keystore (a file), "
                    + "with --pki DIR");
        }
        String password = KeystorePassword.required("clear", files.passwordFile, properties);
        if (!files.terminals.isEmpty()) {
            try {
                TerminalRegistry.read(Path.of(files.terminals)); // a register that does not read stops the night unstarted
            } catch (java.io.IOException e) {
                out.println("clearing of " + day + " not started: terminal registry " + files.terminals + ": "
                        + e.getMessage());
                return Cli.FAILED;
            }
        }
        if (!files.merchants.isEmpty()) {
            try {
                MerchantRegisters.read(Path.of(files.merchants)); // as the terminal registry: all of it reads, or no night
            } catch (java.io.IOException e) {
                out.println("clearing of " + day + " not started: merchant registers " + files.merchants + ": "
                        + e.getMessage());
                return Cli.FAILED;
            }
        }
        // In a host, the clearing service an earlier command started on the same database clears this night too.
        if (broker != null) {
            java.util.Optional<String> unreachable = Broker.unreachable(broker, 10_000);
            if (unreachable.isPresent()) {
                out.println("clearing of " + day + " not started: " + unreachable.get());
                return Cli.FAILED;
            }
        }
        String[] profiles = broker == null ? new String[0] : new String[] {RemotePartitions.MANAGER};
        try (CommandHost.Lease<ConfigurableApplicationContext> service = CommandHost.lease(
                List.of(ClearingApplication.class, properties, embedded, String.valueOf(broker)),
                () -> context(Map.of(), profiles), OneCardDatabase::renewConnections)) {
            ConfigurableApplicationContext ctx = service.get();
            ctx.getBean(NightInputs.class).set(new NightInputs.Inputs(files.keystore, password, files.hotlist, files.terminals,
                    files.merchants, pki, signWith, closeWithout, deadline));
            ctx.getBean(io.micrometer.core.instrument.MeterRegistry.class).clear(); // this run's step timers only
            JobOperator operator = ctx.getBean(JobOperator.class);
            JobRepository jobs = ctx.getBean(JobRepository.class);
            Job job = ctx.getBean(ClearingJobConfiguration.JOB, Job.class);
            JobParameters params = new JobParametersBuilder().addString("businessDate", day.toString())
                    .addString("inbox", inbox.toAbsolutePath().toString(), false)
                    .addString("outbox", outbox.toAbsolutePath().toString(), false).toJobParameters();
            for (JobExecution stale : jobs.findRunningJobExecutions(ClearingJobConfiguration.JOB)) {
                // Only one clearing runs at a time: an execution still STARTED was left by a killed JVM.
                out.println("recovering execution " + stale.getId() + " left " + stale.getStatus() + " by a stopped run");
                if (broker != null) {
                    // Its workers may still run its partitions, and would take more of its queued requests: stopping
                    // it makes them drop those, and the partitions they run are awaited before it is recovered (else
                    // recovery and a worker would both record the same partition).
                    stale.setStatus(BatchStatus.STOPPING);
                    jobs.update(stale);
                    awaitWorkers(jobs, stale.getId());
                    stale = jobs.getJobExecution(stale.getId());
                }
                operator.recover(stale);
            }
            JobExecution last = jobs.getLastJobExecution(job.getName(), params);
            JobExecution run;
            Progress progress = new Progress(ctx.getBean(JdbcTemplate.class), day, out);
            if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
                out.println(day + " is already cleared (execution " + last.getId() + ")");
                run = last;
            } else if (last != null) {
                if (broker != null) {
                    awaitWorkers(jobs, last.getId());
                }
                JobExecution full = jobs.getJobExecution(last.getId());
                if (lostTrack(full)) {
                    out.println("execution " + last.getId() + " lost the database before it could record how far it "
                            + "got; redoing its unfinished steps");
                    markFailed(jobs, full);
                }
                out.println("resuming the clearing of " + day + " (execution " + last.getId() + " " + last.getStatus()
                        + ")");
                run = operator.restart(last);
            } else {
                run = operator.start(job, params);
            }
            progress.close();
            int exit = summary(ctx, day, run, outbox);
            if (exit != Cli.FAILED && files.terminals.isEmpty()) {
                out.println("  terminals not checked: no registry given (--terminals FILE)");
            }
            stepMetrics(ctx);
            return exit;
        }
    }

    /** The Micrometer timers Spring Batch kept for the steps of this run. */
    private void stepMetrics(ConfigurableApplicationContext ctx) {
        StringBuilder line = new StringBuilder("  steps (Micrometer spring.batch.step):");
        ctx.getBean(io.micrometer.core.instrument.MeterRegistry.class).find("spring.batch.step").timers().stream()
                .filter(t -> !String.valueOf(t.getId().getTag("spring.batch.step.name")).contains(":")) // partitions
                .sorted(java.util.Comparator.comparing(t -> STEPS.indexOf(t.getId().getTag("spring.batch.step.name"))))
                .forEach(t -> line.append(String.format(" %s %.1f s %s,", t.getId().getTag("spring.batch.step.name"),
                        t.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) / 1000,
                        String.valueOf(t.getId().getTag("spring.batch.step.status")).toLowerCase())));
        if (line.charAt(line.length() - 1) == ',') {
            out.println(line.substring(0, line.length() - 1));
        }
    }

    private int summary(ConfigurableApplicationContext ctx, LocalDate day, JobExecution run, Path outbox) {
        JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
        if (run.getStatus() != BatchStatus.COMPLETED) {
            out.println("clearing of " + day + " " + run.getStatus() + ": " + why(run));
            return Cli.FAILED;
        }
        out.printf("clearing of %s COMPLETED%n", day);
        List<Map<String, Object>> files = jdbc.queryForList("SELECT kind, COUNT(*) n, SUM(record_count) records, "
                + "SUM(amount_total) amount FROM day_file WHERE night = ? GROUP BY kind ORDER BY kind", day);
        for (Map<String, Object> f : files) {
            out.printf("  %-8s %3s files %,9d records %16s yuan received%n", f.get("kind"), f.get("n"),
                    ((Number) f.get("records")).longValue(), Fen.asYuan(((Number) f.get("amount")).longValue()));
        }
        long suspended = 0;
        // The night's files first, then their records by key: left to choose, the server may read every night's.
        for (Map<String, Object> r : jdbc.queryForList("SELECT r.status, r.reason, COUNT(*) n, "
                + "SUM(r.file_amount) amount FROM day_file f STRAIGHT_JOIN clearing_record r ON r.file_id = f.id "
                + "WHERE f.night = ? GROUP BY r.status, r.reason ORDER BY r.status, r.reason", day)) {
            long n = ((Number) r.get("n")).longValue();
            boolean accepted = "A".equals(r.get("status"));
            out.printf("  %-10s %,9d records %16s yuan%n", accepted ? "accepted" : "suspense " + r.get("reason"), n,
                    Fen.asYuan(((Number) r.get("amount")).longValue()));
            suspended += accepted ? 0 : n;
        }
        Integer pairs = jdbc.queryForObject("SELECT COUNT(*) FROM clearing_total WHERE business_date = ? "
                + "AND payer_city <> payee_city", Integer.class, day);
        out.println("  " + pairs + " city pairs owe each other; control totals checked");
        out.println("  each city's result, detail and merchants: " + outbox.resolve(day.toString()));
        for (Map<String, Object> late : jdbc.queryForList("SELECT file_name, business_date FROM day_file WHERE night = ? "
                + "AND business_date <> night ORDER BY id", day)) {
            out.printf("  late file %s of %s, whose night had closed: cleared tonight under its own date%n",
                    late.get("file_name"), late.get("business_date"));
        }
        List<Map<String, Object>> quarantined = jdbc.queryForList("SELECT shown_name, kept_as, reason FROM "
                + "quarantined_file WHERE business_date = ? ORDER BY id", day);
        for (Map<String, Object> q : quarantined) {
            out.printf("  quarantined %s (kept as %s): %s%n", q.get("shown_name"), q.get("kept_as"), q.get("reason"));
        }
        List<Map<String, Object>> without = jdbc.queryForList("SELECT sender_id, why FROM closed_without WHERE "
                + "business_date = ? ORDER BY sender_id", day);
        for (Map<String, Object> w : without) {
            out.printf("  no file from %s: %s; its file, when it comes, is cleared by the next night%n",
                    w.get("sender_id"), w.get("why"));
        }
        return suspended > 0 || !quarantined.isEmpty() || !without.isEmpty() ? SUSPENSE : Cli.OK;
    }

    /** How long a rerun waits for workers still running partitions of the execution it resumes. */
    private static final java.time.Duration WORKERS_FINISH_WITHIN = java.time.Duration.ofMinutes(2);

    /**
     * A manager killed while its workers ran partitions leaves them running: the rerun waits (a bounded time) for them
     * to be recorded before it resumes, else it would split the same partitions again beside them. What is still
     * running after that is marked failed with the rest of what the killed run left unrecorded.
     */
    private void awaitWorkers(JobRepository jobs, long execution) throws InterruptedException {
        long until = System.nanoTime() + WORKERS_FINISH_WITHIN.toNanos();
        boolean said = false;
        while (System.nanoTime() < until && jobs.getJobExecution(execution).getStepExecutions().stream()
                .anyMatch(s -> s.getStepName().contains(":") && s.getStatus() == BatchStatus.STARTED)) {
            if (!said) {
                out.println("waiting for the workers' partitions of execution " + execution + " to end");
                said = true;
            }
            Thread.sleep(200);
        }
    }

    /**
     * A run that lost the database may leave itself UNKNOWN, or FAILED with a partition still STARTED; Spring
     * Batch refuses to restart either because it cannot tell whether the lost commit happened.
     */
    private static boolean lostTrack(JobExecution execution) {
        return execution.getStatus() == BatchStatus.UNKNOWN
                || execution.getStepExecutions().stream().anyMatch(ClearingCommand::unrecorded);
    }

    private static boolean unrecorded(StepExecution step) {
        return step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning();
    }

    /**
     * Every clearing step replaces its own output in one transaction (the kill-and-rerun and database-outage
     * tests hold it to that), so redoing a step whose commit may or may not have happened gives the same night.
     */
    private static void markFailed(JobRepository jobs, JobExecution execution) {
        for (StepExecution step : execution.getStepExecutions()) {
            if (unrecorded(step)) {
                step.setStatus(BatchStatus.FAILED);
                step.setEndTime(LocalDateTime.now());
                jobs.update(step);
            }
        }
        execution.setStatus(BatchStatus.FAILED);
        execution.setEndTime(LocalDateTime.now());
        jobs.update(execution);
    }

    /**
     * The last step that failed and the root of its failure: partitions are recorded after the step that splits
     * them, and the splitting step's own "unsuccessful step" says nothing.
     */
    private static String why(JobExecution run) {
        String why = run.getFailureExceptions().stream().map(Broker::rootMessage).findFirst()
                .orElse("no cause recorded");
        for (StepExecution step : run.getStepExecutions()) {
            for (Throwable t : step.getFailureExceptions()) {
                why = "step " + step.getStepName() + ": " + Broker.rootMessage(t);
            }
        }
        return why;
    }

    private int status(ConfigurableApplicationContext ctx) {
        JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
        List<Map<String, Object>> runs = jdbc.queryForList("""
                SELECT e.JOB_EXECUTION_ID id, p.PARAMETER_VALUE business_date, e.STATUS status, e.START_TIME started,
                       e.END_TIME ended
                FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_EXECUTION_PARAMS p
                  ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND p.PARAMETER_NAME = 'businessDate'
                ORDER BY e.JOB_EXECUTION_ID DESC LIMIT 30""");
        if (runs.isEmpty()) {
            out.println("no clearing has run yet");
        }
        for (Map<String, Object> r : runs) {
            out.printf("%5s  %s  %-9s started %s ended %s%n", r.get("id"), r.get("business_date"), r.get("status"),
                    r.get("started"), r.get("ended") == null ? "-" : r.get("ended"));
        }
        return Cli.OK;
    }

    /**
     * The service on the database the command's properties, the environment or {@code --embedded} name, with
     * {@code profiles} (a manager's or a worker's of remote partitioning, on {@code --broker}) and {@code more}
     * properties.
     */
    private ConfigurableApplicationContext context(Map<String, Object> more, String... profiles) {
        SpringApplication app = new SpringApplication(ClearingApplication.class);
        app.setAdditionalProfiles(profiles);
        app.setWebApplicationType(WebApplicationType.NONE);
        Map<String, Object> defaults = new HashMap<>(properties);
        defaults.putAll(more);
        defaults.put("logging.level.root", "WARN");
        if (embedded) {
            defaults.put(OneCardDatabase.EMBEDDED, "true");
        }
        if (broker != null) {
            defaults.put("spring.rabbitmq.addresses", broker);
            defaults.put("spring.rabbitmq.connection-timeout", "5s");
            // A broker gone silent (a network cut without a reset) is found within seconds, not minutes.
            defaults.put("spring.rabbitmq.requested-heartbeat", "5s");
            // A lost broker is said in one line (Broker.Lines, BrokerWatch), not a stack trace at every reconnection.
            defaults.put("logging.level.org.springframework.amqp", "OFF");
            defaults.put("logging.level.com.rabbitmq", "OFF");
            // The manager's split steps fail for their partitions' reasons (recorded) or the broker's (one line):
            // Spring Batch's stack trace of the interrupted wait says nothing more.
            defaults.put("logging.level.org.springframework.batch.core.step.AbstractStep", "OFF");
        }
        OneCardDatabase.missing(defaults).ifPresent(why -> {
            throw new UsageException("clear: " + why);
        });
        app.setDefaultProperties(defaults);
        app.setLogStartupInfo(false);
        return app.run();
    }

    /** What a night reads besides its day files, for the manager and its workers alike. */
    static final class NightFiles {
        @Option(names = "--keystore", paramLabel = "FILE", description = "the cities' TAC master keys")
        String keystore;
        @Option(names = "--password-file", paramLabel = "FILE", description = "the keystore's password (or "
                + "ONECARD_KEYSTORE_PASSWORD)")
        String passwordFile;
        @Option(names = "--hotlist", defaultValue = "", paramLabel = "FILE", description = "the regional hotlist")
        String hotlist;
        @Option(names = "--terminals", defaultValue = "", paramLabel = "FILE", description = "the terminal registry")
        String terminals;
        @Option(names = "--merchants", defaultValue = "", paramLabel = "DIR", description = "the acquirers' merchant "
                + "registers (one *.txt a city); without it every merchant payment goes to suspense (M01)")
        String merchants;
    }
}
