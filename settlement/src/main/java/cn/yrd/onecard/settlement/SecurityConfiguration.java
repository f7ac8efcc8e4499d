package cn.yrd.onecard.settlement;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Whatever no other chain claims is refused, but for the API's description: nothing is reachable by accident. */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    @Bean
    @Order(100)
    SecurityFilterChain refuseTheRest(HttpSecurity http) throws Exception {
        // /error is where a refused or unknown request is answered from; it must not be refused itself.
        return http.authorizeHttpRequests(a -> a.requestMatchers("/error", "/api/v1/openapi.yaml").permitAll().anyRequest().denyAll()).build();
    }
}
