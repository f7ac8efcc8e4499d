package cn.yrd.onecard.settlement.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The finance pages: form login against {@link FinanceUsers}, CSRF tokens on every form (Spring Security's
 * default), sessions that expire ({@code server.servlet.session.timeout}), suspense decisions for regional
 * officers only. Which city a page may show is checked by the controller. Everything else is refused.
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class FinanceSecurityConfiguration {

    @Bean
    @Order(100)
    SecurityFilterChain financePages(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/error", "/css/**", "/api/v1/openapi.yaml").permitAll()
                        .requestMatchers(HttpMethod.POST, "/days/*/suspense/**").hasRole("REGION")
                        .requestMatchers("/", "/days/**").authenticated()
                        .anyRequest().denyAll())
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", true))
                .logout(l -> l.logoutSuccessUrl("/login?logout"))
                .build();
    }
}
