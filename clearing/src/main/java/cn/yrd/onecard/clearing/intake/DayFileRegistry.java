package cn.yrd.onecard.clearing.intake;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;

/** The {@code day_file} table. */
@Mapper
public interface DayFileRegistry {

    /**
     * Inserts the file unless the same file is there (same records' hash, sender, date and sequence); returns the
     * rows inserted (0 or 1).
     */
    @Insert("""
            INSERT IGNORE INTO day_file (sha256, kind, sender_id, sender_city, business_date, night, sequence_no,
                record_count, amount_total, file_name, received_at)
            VALUES (#{sha256}, #{kind}, #{senderId}, #{senderCity}, #{businessDate}, #{night}, #{sequenceNo},
                #{recordCount}, #{amountTotal}, #{fileName}, #{receivedAt})
            """)
    int insertIfNew(ReceivedFile file);

    @Select("SELECT * FROM day_file WHERE id = #{id}")
    Optional<ReceivedFile> findById(long id);

    /** The files the night of {@code date} clears. */
    @Select("SELECT * FROM day_file WHERE night = #{date} ORDER BY kind, sender_city, sender_id, sequence_no")
    List<ReceivedFile> findByNight(LocalDate date);
}
