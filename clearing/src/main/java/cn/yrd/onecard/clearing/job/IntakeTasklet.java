package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.archive.StandbyArchive;
import cn.yrd.onecard.clearing.intake.FileNames;
import cn.yrd.onecard.clearing.intake.Intake;
import cn.yrd.onecard.clearing.intake.SignatureRefusedException;
import cn.yrd.onecard.clearing.load.NightInputs;
import cn.yrd.onecard.clearing.load.TerminalRegistrySource;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.pki.RegionalPki;
import cn.yrd.onecard.dayfile.DayFileReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Registers every day file of the business date in the inbox. A file that is not good as a whole moves to
 * {@code <inbox>/quarantine/} with a report naming the line and the field; a file taken in before is
 * acknowledged and changes nothing; files of other dates wait for their own night, unless that night has closed
 * without them: such a late file is cleared tonight (see {@link #lateForClosedNight}).
 */
@Component
class IntakeTasklet implements Tasklet {
    private final Intake intake;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final TerminalRegistrySource registry;
    private final NightInputs night;
    private final StandbyArchive standby;

    IntakeTasklet(Intake intake, JdbcTemplate jdbc, Clock clock, TerminalRegistrySource registry, NightInputs night,
            StandbyArchive standby) {
        this.intake = intake;
        this.jdbc = jdbc;
        this.clock = clock;
        this.registry = registry;
        this.night = night;
        this.standby = standby;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) throws Exception {
        LocalDate date = JobParams.businessDate(chunk);
        Path inbox = JobParams.path(chunk, "inbox");
        var context = chunk.getStepContext().getStepExecution().getExecutionContext();
        int registered = 0;
        int resent = 0;
        int quarantined = 0;
        int late = 0;
        List<Path> files = files(inbox);
        // Reading every byte of every file is the step's cost: the files are checked on all cores, then
        // registered one by one in the order they arrived, which numbers them in that order.
        ExecutorService threads = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<Intake.Checked>> checks = new ArrayList<>();
            for (Path file : files) {
                checks.add(threads.submit(() -> ofDate(file, date) ? intake.check(file) : null));
            }
            for (int i = 0; i < files.size(); i++) {
                Optional<String> badName = FileNames.unusable(files.get(i));
                if (badName.isPresent()) {
                    quarantine(inbox, files.get(i), date, badName.get());
                    quarantined++;
                    continue;
                }
                Intake.Checked checked;
                try {
                    checked = checks.get(i).get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof DayFileFormatException || e.getCause()
                            instanceof SignatureRefusedException) {
                        quarantine(inbox, files.get(i), date, e.getCause().getMessage());
                        quarantined++;
                        continue;
                    }
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
                if (checked == null) {
                    try {
                        checked = lateForClosedNight(files.get(i), date);
                    } catch (DayFileFormatException | SignatureRefusedException bad) {
                        quarantine(inbox, files.get(i), date, bad.getMessage());
                        quarantined++;
                        continue;
                    }
                    if (checked == null) {
                        continue; // another date's file waits for its own night
                    }
                    late++;
                }
                if (intake.register(checked, date) == Intake.Outcome.REGISTERED) {
                    registered++;
                } else {
                    resent++;
                }
                // Each file taken in is on the standby site too, checked, before the next is registered.
                standby.copy("inbox", checked.file(), checked.file().getFileName());
            }
        } finally {
            threads.shutdownNow();
        }
        closeOnlyWithEveryExpectedSender(date);
        context.putInt("registered", registered);
        context.putInt("resent", resent);
        context.putInt("quarantined", quarantined);
        context.putInt("late", late);
        return RepeatStatus.FINISHED;
    }

    /**
     * A night does not close while a sender the terminal registry names has sent no file of the date: cleared
     * without it, its money would be stranded (a later file of a closed day is "already cleared"). It closes
     * without the senders the operator names ({@code --close-without}) and, once the deadline has passed, without
     * every one still missing; each is recorded, and the summary names it.
     */
    private void closeOnlyWithEveryExpectedSender(LocalDate date) {
        SortedSet<String> missing = new TreeSet<>(registry.registry().map(TerminalRegistry::senders).orElse(
                new TreeSet<>()));
        missing.removeAll(jdbc.queryForList("SELECT DISTINCT sender_id FROM day_file WHERE business_date = ?",
                String.class, date));
        Set<String> closeWithout = night.closeWithout();
        LocalDateTime deadline = night.deadline();
        boolean pastDeadline = deadline != null && !LocalDateTime.now(clock).isBefore(deadline);
        SortedSet<String> waiting = new TreeSet<>(missing);
        waiting.removeAll(closeWithout);
        if (!waiting.isEmpty() && !pastDeadline) {
            throw new IllegalStateException("not closed: no day file of " + date + " yet from " + String.join(", ",
                    waiting) + " (the terminal registry expects one from each sender); rerun when they arrive, or "
                    + "close without them: --close-without " + String.join(",", waiting));
        }
        for (String sender : missing) {
            String why = closeWithout.contains(sender) ? "closed without it (--close-without)"
                    : "its deadline " + deadline + " passed";
            jdbc.update("INSERT IGNORE INTO closed_without (business_date, sender_id, why, closed_at) VALUES "
                    + "(?, ?, ?, ?)", date, sender, why, LocalDateTime.now(clock));
        }
    }

    /**
     * A file of an earlier date whose night has closed without it (a late or corrected file; a resend of a file that
     * night took in is not one), checked whole: tonight clears it, its records under their own business date, and
     * tonight's totals and outgoing files carry them, so the closed day is never edited and its difference is settled
     * with tonight's. Null for a file that is not late (its own night is still to come or still open).
     */
    private Intake.Checked lateForClosedNight(Path file, LocalDate night) throws IOException,
            DayFileFormatException, SignatureRefusedException {
        LocalDate of = DayFileReader.readHeader(file).businessDate();
        if (!of.isBefore(night) || jdbc.queryForObject("""
                SELECT COUNT(*) FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_EXECUTION_PARAMS p
                  ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND p.PARAMETER_NAME = 'businessDate'
                WHERE p.PARAMETER_VALUE = ? AND e.STATUS = 'COMPLETED'""", Integer.class, of.toString()) == 0) {
            return null;
        }
        Intake.Checked checked = intake.check(file);
        boolean taken = jdbc.queryForObject("SELECT COUNT(*) FROM day_file WHERE sha256 = ? AND sender_id = ? "
                + "AND business_date = ? AND sequence_no = ? AND night <> ?", Integer.class,
                checked.summary().trailer().sha256(), checked.header().senderId(), of, checked.header().sequence(),
                night) > 0;
        return taken ? null : checked;
    }

    /** A file whose name is unusable is read by no one: it waits for its quarantine, whatever its date. */
    private static boolean ofDate(Path file, LocalDate date) throws IOException, DayFileFormatException {
        return FileNames.unusable(file).isEmpty() && DayFileReader.readHeader(file).businessDate().equals(date);
    }

    /**
     * The inbox's files in the order they arrived (last modified, then name): the same inbox is always taken in
     * the same way, and of two copies of a record the one that arrived first is the one cleared (a replay sent
     * later is the duplicate, whatever its file is called).
     */
    static List<Path> files(Path inbox) throws IOException {
        if (!Files.isDirectory(inbox)) {
            throw new IOException("inbox " + inbox + " is not a directory");
        }
        try (Stream<Path> s = Files.list(inbox)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !RegionalPki.isSignature(p)) // a day file's signature, beside it
                    .sorted(Comparator.comparing(IntakeTasklet::arrived).thenComparing(Comparator.naturalOrder()))
                    .toList();
        }
    }

    private static java.nio.file.attribute.FileTime arrived(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Records the file under the night that found it (its summary names it) and, once that is committed, moves it
     * aside with its signature, if it has one, and a report. Moved first, a file would be gone from the inbox while a
     * step that then failed (its database cut, or a sender still missing) forgot its record, and the rerun would never
     * see it. A crash between the commit and the move leaves the file in the inbox, recorded: the next night finds it
     * and quarantines it again, as a late file of its date.
     */
    private void quarantine(Path inbox, Path file, LocalDate date, String why) {
        String keptAs = FileNames.keptAs(file);
        jdbc.update("INSERT IGNORE INTO quarantined_file (business_date, shown_name, kept_as, reason, quarantined_at) "
                + "VALUES (?, ?, ?, ?, ?)", date, FileNames.shown(file), "quarantine/" + keptAs,
                why.length() > 1000 ? why.substring(0, 997) + "..." : why, LocalDateTime.now(clock));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    Path dir = Files.createDirectories(inbox.resolve("quarantine"));
                    Path signature = RegionalPki.signatureOf(file);
                    if (Files.exists(signature)) {
                        Files.move(signature, RegionalPki.signatureOf(dir.resolve(keptAs)),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.move(file, dir.resolve(keptAs), StandardCopyOption.REPLACE_EXISTING);
                    Files.writeString(dir.resolve(keptAs + ".report"), why + "\n", StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("quarantined " + keptAs + " stays in the inbox: "
                            + e.getMessage(), e);
                }
            }
        });
    }
}
