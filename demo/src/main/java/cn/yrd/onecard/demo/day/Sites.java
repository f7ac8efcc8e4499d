package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.archive.StandbyArchive;
import cn.yrd.onecard.database.OneCardDatabase;
import cn.yrd.onecard.database.ReplicatedPair;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The centre's two sites under a night ({@code demo --dr}, {@code dr drill}; docs/recovery.md): the services on the
 * primary of a {@link ReplicatedPair}, and, when the day says so, the primary's site lost in the middle of clearing or
 * of settlement: its database server and the command running on it killed with SIGKILL, the standby promoted once it
 * has applied all it received (within {@link #APPLY_BOUND_MS}, else refused unless forced), the services pointed at it
 * by their configuration ({@code ONECARD_DB_URL}), and the interrupted command run again there. While the clearing job
 * runs, the standby's lag is sampled. After the night the lost site's disk is read back: every day it had settled must
 * be on the new primary (the recovery point).
 */
final class Sites implements AutoCloseable {
    /** How long the promotion waits for the standby to apply what it received: beyond it the standby lags too far. */
    static final long APPLY_BOUND_MS = 30_000;
    private static final long LAG_SAMPLE_MS = 100;
    /** When the site is lost mid-clearing: this long after the clearing job started (its intake committing). */
    static final long CLEARING_LOSS_MS = 1000;
    /** When the site is lost mid-settlement: this long after the day's posting transaction wrote its first row. */
    static final long SETTLEMENT_LOSS_MS = 20;

    /** Where the night loses its primary site. */
    enum Loss {
        NONE("nowhere"), CLEARING("mid-clearing"), SETTLEMENT("mid-settlement");

        final String where;

        Loss(String where) {
            this.where = where;
        }
    }

    final Loss loss;
    private final boolean force;
    private final ReplicatedPair pair;
    private final Path archive;
    private final long aloneAtStart;
    private String lostSite;
    private long lostAt;
    private long lostAfterMs = -1;
    private long aloneAtLoss;
    private long promotedMs;
    private long recoveryMs = -1;
    private long maxLag = -1;
    private int lagSamples;
    private Thread lagWatch;
    /** Transactions on the lost disk the new primary never got: in flight at the loss, never reported committed. */
    private long inFlight = -1;
    private long failBackMs = -1;
    private List<String> committedLost;

    private Sites(Loss loss, boolean force, ReplicatedPair pair, Path archive) throws SQLException {
        this.loss = loss;
        this.force = force;
        this.pair = pair;
        this.archive = archive;
        this.aloneAtStart = pair.unacknowledgedCommits();
    }

    /**
     * A fresh pair of servers under {@code dir}, the night to lose its primary {@code loss}; the files the night takes
     * in and sends copied to the standby's archive under {@code dir/standby-archive}.
     */
    static Sites start(Path dir, Loss loss, boolean force) throws IOException, SQLException {
        ReplicatedPair pair = ReplicatedPair.start(dir);
        try {
            return new Sites(loss, force, pair, dir.resolve("standby-archive"));
        } catch (SQLException | RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    /** The services' configuration for the site that is the primary now: ONECARD_DB_URL (with the demo's prefix) and the
     *  account. */
    Map<String, String> configuration(String prefix) {
        return Map.of(OneCardDatabase.URL, pair.url() + prefix, OneCardDatabase.USER, pair.user(),
                OneCardDatabase.PASSWORD, pair.password(), StandbyArchive.ENV, archive.toString());
    }

    /** The pair under the night, for a test to reach its servers. */
    ReplicatedPair pair() {
        return pair;
    }

    /** The standby's archive: what the services copied there as the night took files in and sent them. */
    Path archive() {
        return archive;
    }

    /** Samples the standby's lag behind the primary until {@link #stopWatchingLag}: the clearing's load on the pair. */
    void watchLag() {
        lagWatch = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    maxLag = Math.max(maxLag, pair.transactionsBehind());
                    lagSamples++;
                    Thread.sleep(LAG_SAMPLE_MS);
                } catch (InterruptedException e) {
                    return;
                } catch (SQLException | RuntimeException primaryGone) {
                    return;
                }
            }
        }, "standby-lag");
        lagWatch.setDaemon(true);
        lagWatch.start();
    }

    void stopWatchingLag() throws InterruptedException {
        if (lagWatch != null) {
            lagWatch.interrupt();
            lagWatch.join();
            lagWatch = null;
        }
    }

    /**
     * The primary's site lost, {@code afterMs} into the command's work: how many commits had gone on without the
     * standby is read first (the semi-synchronous promise), then its database server is killed with SIGKILL; the
     * command running there dies with it (the caller kills it next).
     */
    void losePrimary(long afterMs) throws SQLException, InterruptedException {
        stopWatchingLag();
        aloneAtLoss = pair.unacknowledgedCommits();
        lostSite = pair.primarySite();
        pair.killPrimary();
        lostAt = System.nanoTime();
        lostAfterMs = afterMs;
    }

    /**
     * The standby promoted and the services pointed at it: refused when it has not applied all it received within
     * {@link #APPLY_BOUND_MS} (a standby lagging too far), unless forced.
     */
    Map<String, String> promote(String prefix) throws SQLException {
        return promote(prefix, APPLY_BOUND_MS);
    }

    /** {@link #promote(String)} with another bound (a test's). */
    Map<String, String> promote(String prefix, long boundMs) throws SQLException {
        long started = System.nanoTime();
        if (!pair.awaitApplied(boundMs) && !force) {
            throw new IllegalStateException("the standby has not applied all it received within " + boundMs
                    + " ms of the loss (" + pair.unapplied().orElse("") + "): not promoted; --force promotes it and "
                    + "loses the rest");
        }
        pair.promote(force);
        promotedMs = (System.nanoTime() - started) / 1_000_000;
        return configuration(prefix);
    }

    /** The interrupted command's rerun has ended: the recovery time, from the loss to now. */
    void recovered() {
        recoveryMs = (System.nanoTime() - lostAt) / 1_000_000;
    }

    boolean lost() {
        return lostAfterMs >= 0;
    }

    /**
     * The recovery point, computed apart from the promotion: the lost site's disk read back, and every settled day on it
     * looked for on the new primary with the same source hash and gross; the commits that went on without the standby
     * counted. Each is a counterexample of "nothing committed was lost".
     */
    List<String> lostCommitted(String settlementSchema) throws IOException, SQLException {
        List<String> lost = new ArrayList<>();
        if (!lost()) {
            return lost;
        }
        if (aloneAtLoss != aloneAtStart) {
            lost.add((aloneAtLoss - aloneAtStart) + " commits went on without the standby's acknowledgement");
        }
        TreeSet<String> onDisk;
        try (ReplicatedPair.LostDisk disk = pair.lostDisk()) {
            onDisk = settledDays(disk.url(), settlementSchema);
            inFlight = disk.transactionsNotOnThePrimary();
        }
        onDisk.removeAll(settledDays(pair.url(), settlementSchema));
        onDisk.forEach(day -> lost.add("settled day " + day + " is on the lost disk, not on the new primary"));
        committedLost = lost;
        return lost;
    }

    /** What {@link #lostCommitted} found (empty: nothing), or null before it ran. */
    List<String> committedLost() {
        return committedLost;
    }

    private TreeSet<String> settledDays(String url, String schema) throws SQLException {
        TreeSet<String> days = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(url, pair.user(), pair.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CONCAT(business_date, ' ', source_sha256, ' ', gross) FROM "
                        + schema + ".settlement_day")) {
            while (rs.next()) {
                days.add(rs.getString(1));
            }
        } catch (SQLException e) {
            if (e.getErrorCode() != 1146 && e.getErrorCode() != 1049) { // no table or schema yet: nothing settled
                throw e;
            }
        }
        return days;
    }

    /**
     * The fail-back drilled: the lost site rebuilt from the primary and made primary again. Returns what the repaired
     * primary lacks of the settled days the site it took over from held (each a counterexample), read from both.
     */
    List<String> failBack(String settlementSchema) throws IOException, SQLException {
        String before = pair.url();
        TreeSet<String> settled = settledDays(before, settlementSchema);
        long started = System.nanoTime();
        pair.failBack();
        failBackMs = (System.nanoTime() - started) / 1_000_000;
        settled.removeAll(settledDays(pair.url(), settlementSchema));
        return settled.stream().map(day -> "settled day " + day + " is not on the repaired primary").toList();
    }

    long failBackMs() {
        return failBackMs;
    }

    String primarySite() {
        return pair.primarySite();
    }

    /** What the night's sites went through, for the day's output. */
    List<String> story() {
        List<String> lines = new ArrayList<>();
        lines.add("the two sites: " + pair.placement());
        lines.add(String.format("replication lag under the clearing's load: at most %d transactions behind (%d samples, "
                + "every %d ms)", Math.max(0, maxLag), lagSamples, LAG_SAMPLE_MS));
        if (lost()) {
            lines.add(String.format("%s lost %s (SIGKILL, its database and the command on it) %d ms into the work; "
                    + "the standby promoted in %.1f s; %s", lostSite, loss.where, lostAfterMs, promotedMs / 1000.0,
                    pair.primarySite() + " serves the rest of the night"));
            lines.add(String.format("recovery time: %.1f s from the loss to the rerun's end", recoveryMs / 1000.0));
            if (inFlight >= 0) {
                lines.add(String.format("recovery point: the lost disk read back holds %d transactions the new "
                        + "primary lacks%s", inFlight, inFlight == 0 ? "" : " (in flight at the loss: written to its "
                                + "binary log, never acknowledged by the standby, so never reported committed)"));
            }
        }
        return lines;
    }

    @Override
    public void close() {
        try {
            stopWatchingLag();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pair.close();
    }
}
