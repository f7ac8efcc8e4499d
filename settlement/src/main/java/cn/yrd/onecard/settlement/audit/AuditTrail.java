package cn.yrd.onecard.settlement.audit;

import java.time.LocalDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Who did what, when and why: append-only (the database refuses updates and deletes). */
@Mapper
public interface AuditTrail {

    /** One recorded action. */
    record Event(LocalDateTime at, String username, String action, String subject, String note) {
    }

    @Insert("""
            INSERT INTO audit_event (at, username, action, subject, note)
            VALUES (NOW(3), #{username}, #{action}, #{subject}, #{note})""")
    void record(@Param("username") String username,
            @Param("action") String action,
            @Param("subject") String subject,
            @Param("note") String note);

    @Select("SELECT at, username, action, subject, note FROM audit_event WHERE subject = #{subject} ORDER BY id")
    List<Event> about(String subject);
}
