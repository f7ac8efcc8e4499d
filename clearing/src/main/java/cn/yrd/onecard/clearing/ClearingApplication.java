package cn.yrd.onecard.clearing;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The regional clearing centre: the nightly job and its intake, on the clearing schema. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ClearingApplication {

    /** The wall clock; tests that need a fixed time replace this bean. */
    @Bean
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
