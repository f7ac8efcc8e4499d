package cn.yrd.onecard.settlement.web;

import cn.yrd.onecard.city.Cities;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Finance staff who log in to the pages: a city's officer (role CITY, sees that city only), a regional officer
 * (REGION, sees all and decides suspense items), an auditor (AUDITOR, reads all). A CITY officer's city is a
 * second authority {@code CITY_<code>}. Passwords are stored hashed ({@code {bcrypt}...}).
 */
@Service
public class FinanceUsers implements UserDetailsService {
    public static final List<String> ROLES = List.of("CITY", "REGION", "AUDITOR");
    private static final PasswordEncoder HASHER = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    private final Table table;
    private final LoginLockout lockout;

    FinanceUsers(Table table, LoginLockout lockout) {
        this.table = table;
        this.lockout = lockout;
    }

    @Mapper
    interface Table {
        record Row(String username, String passwordHash, String role, String city) {
        }

        @Select("SELECT username, password_hash, role, city FROM finance_user WHERE username = #{username}")
        Row find(String username);

        @Insert("""
                INSERT INTO finance_user (username, password_hash, role, city) VALUES (#{u}, #{h}, #{r}, #{c})
                ON DUPLICATE KEY UPDATE password_hash = VALUES(password_hash), role = VALUES(role), city = VALUES(city)""")
        void upsert(@Param("u") String username, @Param("h") String hash, @Param("r") String role,
                @Param("c") String city);
    }

    /** Adds a user or replaces one's password and role; refuses what would make a user nobody can use safely. */
    public void save(String username, String password, String role, String city) {
        if (username == null || !username.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a user name is 1-64 letters, digits, '.', '_' or '-'");
        }
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES + ", not '" + role + "'");
        }
        if (role.equals("CITY") == (city == null)) {
            throw new IllegalArgumentException("a CITY officer has a city (--city CODE); other roles have none");
        }
        if (city != null && Cities.find(city).isEmpty()) {
            throw new IllegalArgumentException("'" + city + "' is not one of the 16 city codes");
        }
        if (password == null || password.length() < 10) {
            throw new IllegalArgumentException("a password has at least 10 characters");
        }
        table.upsert(username, HASHER.encode(password), role, city);
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Table.Row row = table.find(username);
        if (row == null) {
            throw new UsernameNotFoundException("no such user");
        }
        var authorities = new java.util.ArrayList<SimpleGrantedAuthority>();
        authorities.add(new SimpleGrantedAuthority("ROLE_" + row.role()));
        if (row.city() != null) {
            authorities.add(new SimpleGrantedAuthority(Officer.CITY_PREFIX + row.city()));
        }
        return User.withUsername(row.username()).password(row.passwordHash()).authorities(authorities)
                .accountLocked(lockout.locked(row.username())).build();
    }
}
