package cn.yrd.onecard.settlement.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The finance pages: form login against {@link FinanceUsers}, CSRF tokens on every form (Spring Security's
 * default), sessions that expire ({@code server.servlet.session.timeout}), suspense decisions for regional
 * officers only, a lockout after repeated wrong passwords ({@link LoginLockout}), a content security policy. Which city a page may show is checked by the controller. Everything else is refused.
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class FinanceSecurityConfiguration {

    /**
     * Reporting a card over the API: HTTP Basic as a CITY or REGION user, stateless (a browser's session cookie
     * never authenticates it, so it needs no CSRF token). Downloading the list and the centre's key is open to
     * every terminal.
     */
    @Bean
    @Order(50)
    SecurityFilterChain hotlistApi(HttpSecurity http) throws Exception {
        return http.securityMatcher("/api/v1/hotlist", "/api/v1/hotlist/**", "/api/v1/counter/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/api/v1/hotlist", "/api/v1/hotlist/key").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/hotlist", "/api/v1/hotlist/*/found",
                                "/api/v1/counter/cards/*/refund", "/api/v1/counter/cards/*/replacement")
                        .hasAnyRole("CITY", "REGION")
                        .requestMatchers(HttpMethod.GET, "/api/v1/counter/cases", "/api/v1/counter/reports")
                        .hasAnyRole("CITY", "REGION", "AUDITOR")
                        .anyRequest().denyAll())
                .httpBasic(Customizer.withDefaults())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(100)
    SecurityFilterChain financePages(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/error", "/css/**", "/api/v1/openapi.yaml").permitAll()
                        .requestMatchers(HttpMethod.POST, "/days/*/suspense/**").hasRole("REGION")
                        .requestMatchers("/hotlist", "/hotlist/found").hasAnyRole("CITY", "REGION")
                        .requestMatchers("/counter", "/counter.csv", "/counter/reports.csv", "/counter/refund",
                                "/counter/replacement")
                        .hasAnyRole("CITY", "REGION")
                        .requestMatchers("/", "/days/**", "/months/**").authenticated()
                        .anyRequest().denyAll())
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", true))
                .logout(l -> l.logoutSuccessUrl("/login?logout"))
                // Only the pages' own stylesheet and forms; never framed. (HSTS: Spring Security's default sends it
                // on every HTTPS response; the session cookie is HttpOnly, and Secure once served over HTTPS.)
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives("default-src 'self'; "
                        + "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'")))
                .build();
    }
}
