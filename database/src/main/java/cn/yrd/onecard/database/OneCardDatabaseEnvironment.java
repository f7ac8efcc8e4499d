package cn.yrd.onecard.database;

import java.util.function.Function;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Points a service's DataSource at its schema: a service names itself with {@code onecard.database.service};
 * unless {@code spring.datasource.url} comes from somewhere else, the connection comes from
 * {@link OneCardDatabase#resolve}. Registered in {@code META-INF/spring.factories}.
 *
 * <p>The connection is resolved lazily, on the first read of a {@code spring.datasource} property that no
 * other source answers: properties added after this runs (a test's {@code @DynamicPropertySource}, say)
 * take precedence, and no embedded server is started for them.
 */
public final class OneCardDatabaseEnvironment implements EnvironmentPostProcessor {
    static final String SERVICE = "onecard.database.service";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String service = environment.getProperty(SERVICE);
        if (service == null || environment.containsProperty("spring.datasource.url")) {
            return;
        }
        environment.getPropertySources().addLast(new ResolvedConnection(service, environment::getProperty));
    }

    private static final class ResolvedConnection extends PropertySource<String> {
        private final Function<String, String> env;
        private DatabaseConnection connection;

        ResolvedConnection(String service, Function<String, String> env) {
            super("onecard-database", service);
            this.env = env;
        }

        @Override
        public Object getProperty(String name) {
            return switch (name) {
                case "spring.datasource.url" -> connection().url();
                case "spring.datasource.username" -> connection().user();
                case "spring.datasource.password" -> connection().password();
                case "spring.datasource.driver-class-name" -> "com.mysql.cj.jdbc.Driver";
                default -> null;
            };
        }

        private synchronized DatabaseConnection connection() {
            if (connection == null) {
                connection = OneCardDatabase.resolve(getSource(), env);
            }
            return connection;
        }
    }
}
