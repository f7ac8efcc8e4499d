package cn.yrd.onecard.settlement.hotlist;

import java.time.LocalDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

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

    @Insert("""
            INSERT INTO hotlist_entry (card, reason, effective_at, version, reported_by, reported_at)
            VALUES (#{card}, #{reason}, #{effectiveAt}, #{version}, #{user}, NOW(3))""")
    void insert(@Param("card") String card, @Param("reason") String reason,
            @Param("effectiveAt") LocalDateTime effectiveAt, @Param("version") long version, @Param("user") String user);

    /** The card's issuing city as the centre knows it (from its cleared records), or null for a card it never saw. */
    @Select("SELECT issuer_city FROM card_shadow WHERE card = #{card}")
    String issuerOf(String card);

    @Select("SELECT COUNT(*) FROM hotlist_entry WHERE card = #{card}")
    int listed(String card);

    @Select("SELECT card, reason, effective_at, version FROM hotlist_entry WHERE version > #{since} ORDER BY card")
    List<Entry> since(long since);
}
