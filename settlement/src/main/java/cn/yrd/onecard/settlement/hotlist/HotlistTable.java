package cn.yrd.onecard.settlement.hotlist;

import java.time.LocalDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

@Mapper
interface HotlistTable {

    /** A listed card. */
    record Entry(String card, String reason, LocalDateTime effectiveAt, long version) {
    }

    @Select("SELECT COALESCE(MAX(version), 0) FROM hotlist_version FOR UPDATE")
    long lockLatest();

    @Select("SELECT COALESCE(MAX(version), 0) FROM hotlist_version")
    long latest();

    @Select("SELECT published_at FROM hotlist_version WHERE version = #{version}")
    LocalDateTime publishedAt(long version);

    @Insert("INSERT INTO hotlist_version (version, published_at) VALUES (#{version}, #{at})")
    void publish(@Param("version") long version, @Param("at") LocalDateTime at);

    /** Lists a card; a card found before and lost again takes its entry anew. */
    @Insert("""
            INSERT INTO hotlist_entry (card, reason, effective_at, version, reported_by, reported_at)
            VALUES (#{card}, #{reason}, #{effectiveAt}, #{version}, #{user}, NOW(3))
            ON DUPLICATE KEY UPDATE reason = VALUES(reason), effective_at = VALUES(effective_at),
                version = VALUES(version), reported_by = VALUES(reported_by), reported_at = VALUES(reported_at),
                lifted_version = NULL, lifted_by = NULL, lifted_at = NULL""")
    void insert(@Param("card") String card, @Param("reason") String reason,
            @Param("effectiveAt") LocalDateTime effectiveAt, @Param("version") long version, @Param("user") String user);

    /** The card's issuing city as the centre knows it (from its cleared records), or null for a card it never saw. */
    @Select("SELECT issuer_city FROM card_shadow WHERE card = #{card}")
    String issuerOf(String card);

    /** What became of the card's money if it was refunded or replaced (cardcase), or null. */
    @Select("SELECT outcome FROM card_case WHERE card = #{card}")
    String caseOf(String card);

    /** The card's listing now (not lifted), or null. */
    @Select("SELECT card, reason, effective_at, version FROM hotlist_entry WHERE card = #{card} "
            + "AND lifted_version IS NULL")
    Entry listing(String card);

    @Update("""
            UPDATE hotlist_entry SET lifted_version = #{version}, lifted_by = #{user}, lifted_at = #{at}
            WHERE card = #{card} AND lifted_version IS NULL""")
    int lift(@Param("card") String card, @Param("version") long version, @Param("user") String user,
            @Param("at") LocalDateTime at);

    /** The cards listed after {@code since} and listed still. */
    @Select("SELECT card, reason, effective_at, version FROM hotlist_entry WHERE version > #{since} "
            + "AND lifted_version IS NULL ORDER BY card")
    List<Entry> since(long since);

    /** A card a terminal at {@code since} holds that was lifted after: the version lifted it, at that time. */
    record Lifted(String card, LocalDateTime liftedAt) {
    }

    @Select("SELECT card, lifted_at FROM hotlist_entry WHERE version <= #{since} AND lifted_version > #{since} "
            + "ORDER BY card")
    List<Lifted> liftedSince(long since);
}
