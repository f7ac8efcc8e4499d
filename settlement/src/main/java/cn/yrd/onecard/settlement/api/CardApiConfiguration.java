package cn.yrd.onecard.settlement.api;

import cn.yrd.onecard.settlement.card.ShadowBalances;
import cn.yrd.onecard.settlement.hotlist.RegionalHotlist;
import java.util.function.Predicate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import tools.jackson.databind.json.JsonMapper;

/**
 * The card API: its servlet, and its place beside Spring Security. The API proves its callers itself
 * ({@link CardAccess}) and is kept out of Spring Security's filter chain: measured with {@code ./onecard bench api}'s
 * setup, the chain alone held a no-database request to ~3,900/s on two cores against ~11,800/s without it. Bearer
 * tokens are still checked by Spring Security's {@code JwtDecoder} (signature, expiry); the responses carry the
 * headers the chain would have added that matter for JSON ({@code Cache-Control: no-store}, {@code nosniff}).
 *
 * <p>Every request, the API's too, still passes Spring Security's {@link StrictHttpFirewall}. Its header checks are
 * a regular expression per header read (a twentieth of the API's CPU); {@link #orPrintableAscii} answers the
 * common case, a header of printable ASCII, without one and leaves every other header to the firewall's own rule.
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class CardApiConfiguration {

    @Bean
    ServletRegistrationBean<CardApiServlet> cardApi(ShadowBalances cards, RegionalHotlist hotlist, CardAccess access,
            FailureThrottle throttle, JsonMapper json) {
        return new ServletRegistrationBean<>(new CardApiServlet(cards, hotlist, access, throttle, json),
                CardApiServlet.PATH + "/*");
    }

    @Bean
    WebSecurityCustomizer cardApiProvesItsOwnCallers() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(orPrintableAscii(StrictHttpFirewall.ALLOWED_HEADER_NAMES));
        firewall.setAllowedHeaderValues(orPrintableAscii(StrictHttpFirewall.ALLOWED_HEADER_VALUES));
        return web -> web.httpFirewall(firewall).ignoring().requestMatchers(CardApiServlet.PATH + "/**");
    }

    /**
     * {@code rule}, answered at once for text of printable ASCII (0x20 to 0x7E: assigned characters, none a control,
     * which every header rule of the firewall allows); any other text is judged by {@code rule} itself.
     */
    static Predicate<String> orPrintableAscii(Predicate<String> rule) {
        return text -> {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    return rule.test(text);
                }
            }
            return true;
        };
    }
}
