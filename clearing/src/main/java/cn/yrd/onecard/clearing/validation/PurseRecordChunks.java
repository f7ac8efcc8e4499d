package cn.yrd.onecard.clearing.validation;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import com.mysql.cj.jdbc.JdbcConnection;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A loaded file's purse records kept on the server by issuing city ({@code purse_record_chunk}), for the
 * card-history partitions of workers that did not load it: a city's partition reads its own city's chunks (about a
 * sixteenth of the records, about 20 bytes each: {@link ChunkDeltas}) instead of every record of the file. Written by
 * a clearing worker in the file's load transaction, a row for every city even when it has none (so a file without
 * rows was loaded by a JVM that wrote none, and is read whole); deleted with the night's totals.
 */
public final class PurseRecordChunks {
    /** A chunk's size: well under any server's {@code max_allowed_packet}. */
    private static final int CHUNK_BYTES = 1 << 20;

    private PurseRecordChunks() {
    }

    /** Writes {@code byCity}, the records of file {@code fileId}, in the caller's transaction. */
    public static void write(JdbcTemplate jdbc, long fileId, Map<String, List<PurseRecord>> byCity) {
        List<Chunk> chunks = new ArrayList<>();
        ChunkBytes bytes = new ChunkBytes(CHUNK_BYTES + 256);
        for (City city : Cities.all()) {
            List<PurseRecord> records = byCity.getOrDefault(city.code(), List.of());
            int seq = 0;
            int next = 0;
            do { // a chunk for every city, one without records too
                bytes.put(ChunkDeltas.FORMAT);
                ChunkDeltas at = new ChunkDeltas(city.code());
                while (next < records.size() && bytes.size() < CHUNK_BYTES) {
                    records.get(next++).writeTo(bytes, at);
                }
                chunks.add(new Chunk(city.code(), seq++, bytes.take()));
            } while (next < records.size());
        }
        // Prepared on the server and sent a row at a time, the chunks travel as the bytes they are. Prepared in the
        // driver (Connector/J's default), or batched (which the connection's rewriteBatchedStatements turns back into
        // one statement's text), every byte was escaped into text: a sixth of a worker's CPU over a night (JFR).
        jdbc.execute((ConnectionCallback<Void>) con -> {
            try (PreparedStatement insert = preparedOnServer(con, "INSERT INTO purse_record_chunk (file_id, "
                    + "issuer_city, seq, records) VALUES (?, ?, ?, ?)")) {
                insert.setLong(1, fileId);
                for (Chunk chunk : chunks) {
                    insert.setString(2, chunk.issuer());
                    insert.setInt(3, chunk.seq());
                    insert.setBytes(4, chunk.records());
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    /** One row of {@code purse_record_chunk} of a file. */
    private record Chunk(String issuer, int seq, byte[] records) {
    }

    /** {@code sql} prepared by the server, on the caller's connection (its transaction): Connector/J's own way. */
    private static PreparedStatement preparedOnServer(Connection con, String sql) throws SQLException {
        return con.isWrapperFor(JdbcConnection.class) ? con.unwrap(JdbcConnection.class).serverPrepareStatement(sql)
                : con.prepareStatement(sql);
    }

    /**
     * {@code issuer}'s records of each of {@code files} that has chunks in this format, by file, each in the order
     * loaded. A file whose chunks an older clearing wrote (a night stopped before an upgrade) is left out, so it is
     * read whole.
     */
    static Map<Long, List<PurseRecord>> read(JdbcTemplate jdbc, String issuer, Collection<Long> files) {
        Map<Long, List<PurseRecord>> byFile = new HashMap<>();
        Set<Long> older = new HashSet<>();
        Map<Long, String> terminals = new HashMap<>();
        String in = String.join(",", files.stream().map(String::valueOf).toList());
        jdbc.query("SELECT file_id, records FROM purse_record_chunk WHERE issuer_city = ? AND file_id IN (" + in
                + ") ORDER BY file_id, seq", rs -> {
                    long file = rs.getLong(1);
                    List<PurseRecord> records = byFile.computeIfAbsent(file, f -> new ArrayList<>());
                    ByteBuffer chunk = ByteBuffer.wrap(rs.getBytes(2));
                    if (!inThisFormat(chunk)) {
                        older.add(file);
                        return;
                    }
                    ChunkDeltas at = new ChunkDeltas(issuer, terminals);
                    while (chunk.hasRemaining()) {
                        records.add(PurseRecord.readFrom(chunk, file, at));
                    }
                }, issuer);
        byFile.keySet().removeAll(older);
        return byFile;
    }

    /** Whether {@code chunk} was written in this format; if so, it is now past its first byte. */
    static boolean inThisFormat(ByteBuffer chunk) {
        return chunk.hasRemaining() && chunk.get() == ChunkDeltas.FORMAT;
    }

    /** Deletes the chunks of the files of {@code night}: once its card histories are checked, nothing reads them. */
    public static void deleteNight(JdbcTemplate jdbc, LocalDate night) {
        jdbc.update("DELETE c FROM purse_record_chunk c JOIN day_file f ON f.id = c.file_id WHERE f.night = ?", night);
    }
}
