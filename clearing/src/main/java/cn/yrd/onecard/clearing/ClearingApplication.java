package cn.yrd.onecard.clearing;

import cn.yrd.onecard.archive.StandbyArchive;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** The regional clearing centre: the nightly job and its intake, on the clearing schema. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ClearingApplication {

    /** The wall clock; tests that need a fixed time replace this bean. */
    @Bean
    Clock clock() {
        return Clock.systemDefaultZone();
    }

    /** The standby site's copy of the files taken in and sent ({@code ONECARD_STANDBY_ARCHIVE}; unset: none). */
    @Bean
    StandbyArchive standbyArchive(Environment environment) {
        return StandbyArchive.of(environment.getProperty(StandbyArchive.ENV));
    }
}
