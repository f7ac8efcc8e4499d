package cn.yrd.onecard.clearing.validation;

import cn.yrd.onecard.city.City;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The business date's purse records for the card-history checks, handed out by issuing city. A file loaded in this
 * run hands its records over as it commits (the loader has them in hand); the files an earlier, stopped run loaded
 * are read from the server: by city from the chunks a clearing worker wrote with them, else file by file in key
 * order, on all cores (several times faster than through any index, which costs a lookup per row).
 *
 * <p>A restarted job reads them again after some cities' checks have committed: what those changed belongs to their
 * own cards only, and each city's records are taken by that city's partition alone. One per job execution and JVM
 * ({@link NightRecords}): a remote worker hands over what it loaded itself and reads the rest.
 */
public class DayPurseRecords {
    private final JdbcTemplate jdbc;
    private final LocalDate date;
    private final Map<Long, Map<String, List<PurseRecord>>> handedOver = new HashMap<>();
    private Map<String, List<PurseRecord>> byIssuer;
    private List<Long> files;

    DayPurseRecords(JdbcTemplate jdbc, LocalDate date) {
        this.jdbc = jdbc;
        this.date = date;
    }

    /** A file's purse records by issuing city, once the transaction that loaded them has committed. */
    public synchronized void loaded(long fileId, Map<String, List<PurseRecord>> byCity) {
        handedOver.put(fileId, byCity);
    }

    /**
     * The date's records of {@code issuer}'s cards; each city's are handed out once (then the memory is freed). The
     * files loaded in this JVM give theirs from memory; those loaded elsewhere give the city's chunks a worker wrote
     * with them ({@link PurseRecordChunks}), or, if one has none (loaded by a run that wrote none), the night is read
     * whole from the server once.
     */
    public synchronized List<PurseRecord> take(City issuer) {
        if (byIssuer == null) {
            if (files == null) {
                files = jdbc.queryForList("SELECT id FROM day_file WHERE night = ? "
                        + "AND kind IN ('TRANSIT', 'MERCHANT') ORDER BY id", Long.class, date);
            }
            List<Long> elsewhere = files.stream().filter(f -> !handedOver.containsKey(f)).toList();
            Map<Long, List<PurseRecord>> chunks = elsewhere.isEmpty() ? Map.of()
                    : PurseRecordChunks.read(jdbc, issuer.code(), elsewhere);
            if (chunks.keySet().containsAll(elsewhere)) {
                List<PurseRecord> records = new ArrayList<>();
                for (long file : files) {
                    Map<String, List<PurseRecord>> inHand = handedOver.get(file);
                    List<PurseRecord> part = inHand != null ? inHand.remove(issuer.code()) : chunks.get(file);
                    if (part != null) {
                        records.addAll(part);
                    }
                }
                return records;
            }
            byIssuer = read();
            handedOver.clear();
        }
        List<PurseRecord> records = byIssuer.remove(issuer.code());
        return records == null ? new ArrayList<>() : records;
    }

    private Map<String, List<PurseRecord>> read() {
        ExecutorService threads = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<Map<String, List<PurseRecord>>>> reads = new ArrayList<>();
            for (long file : files) {
                Map<String, List<PurseRecord>> inHand = handedOver.get(file);
                reads.add(inHand != null ? CompletableFuture.completedFuture(inHand)
                        : threads.submit(() -> readFile(file)));
            }
            Map<String, List<PurseRecord>> all = new HashMap<>();
            for (Future<Map<String, List<PurseRecord>>> read : reads) {
                read.get().forEach((city, records) -> all.computeIfAbsent(city, c -> new ArrayList<>())
                        .addAll(records));
            }
            return all;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the day's purse records", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    private Map<String, List<PurseRecord>> readFile(long file) {
        Map<String, List<PurseRecord>> byCity = new HashMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT r.issuer_city, " + PurseRecord.COLUMNS
                    + " FROM clearing_record r JOIN day_file f ON f.id = r.file_id WHERE r.file_id = ? AND "
                    + PurseRecord.IN_HISTORY,
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(Integer.MIN_VALUE);
            ps.setLong(1, file);
            return ps;
        }, (RowCallbackHandler) rs -> byCity.computeIfAbsent(rs.getString(1), c -> new ArrayList<>())
                .add(PurseRecord.read(rs, 1)));
        return byCity;
    }
}
