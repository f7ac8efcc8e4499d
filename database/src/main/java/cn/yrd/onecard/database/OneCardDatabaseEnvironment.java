package cn.yrd.onecard.database;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a service's DataSource at its schema before the context starts: a service names itself with
 * {@code onecard.database.service}; unless {@code spring.datasource.url} is set explicitly, the URL comes
 * from {@link OneCardDatabase#resolve}. Registered in {@code META-INF/spring.factories}.
 */
public final class OneCardDatabaseEnvironment implements EnvironmentPostProcessor {
    static final String SERVICE = "onecard.database.service";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String service = environment.getProperty(SERVICE);
        if (service == null || environment.containsProperty("spring.datasource.url")) {
            return;
        }
        DatabaseConnection c = OneCardDatabase.resolve(service, environment::getProperty);
        Map<String, Object> props = new HashMap<>();
        props.put("spring.datasource.url", c.url());
        props.put("spring.datasource.username", c.user());
        props.put("spring.datasource.password", c.password());
        props.put("spring.datasource.driver-class-name", "com.mysql.cj.jdbc.Driver");
        environment.getPropertySources().addLast(new MapPropertySource("onecard-database", props));
    }
}
