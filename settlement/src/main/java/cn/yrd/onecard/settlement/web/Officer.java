package cn.yrd.onecard.settlement.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** Who is looking at a page, and what they may see. */
public record Officer(String name, String role, String city) {
    static final String CITY_PREFIX = "CITY_";

    public static Officer of(Authentication auth) {
        String role = null;
        String city = null;
        for (GrantedAuthority a : auth.getAuthorities()) {
            String name = a.getAuthority();
            if (name.startsWith("ROLE_")) {
                role = name.substring(5);
            } else if (name.startsWith(CITY_PREFIX)) {
                city = name.substring(CITY_PREFIX.length());
            }
        }
        return new Officer(auth.getName(), role, city);
    }

    /** Regional officers and auditors see every city; a city's officer sees only that city. */
    public boolean maySee(String cityCode) {
        return !role.equals("CITY") || cityCode.equals(city);
    }

    public boolean seesRegion() {
        return !role.equals("CITY");
    }

    public boolean decidesSuspense() {
        return role.equals("REGION");
    }
}
