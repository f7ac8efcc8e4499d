package cn.yrd.onecard.database;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AliasFor;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactories;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * The services' one Spring test set-up: a Spring Boot test of the service whose application class the test's package
 * finds, on a test schema of its own ({@code onecard_test_<schema>}, made afresh once a run: {@link TestDatabase}).
 * A test that needs more properties (a keystore, TLS) adds them with {@code @DynamicPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@ContextCustomizerFactories(ServiceTest.Schema.class)
public @interface ServiceTest {
    /** The schema's name after {@code onecard_test_}: one per test class that must not see another's rows. */
    String schema();

    @AliasFor(annotation = SpringBootTest.class, attribute = "webEnvironment")
    SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.MOCK;

    /** Points the context's data source at the test's schema, before anything connects. */
    final class Schema implements ContextCustomizerFactory {
        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass,
                List<ContextConfigurationAttributes> configAttributes) {
            ServiceTest test = TestContextAnnotationUtils.findMergedAnnotation(testClass, ServiceTest.class);
            return test == null ? null : new OnSchema(test.schema());
        }
    }

    /** A record: two test classes on one schema share one cached context, as they would with the same properties. */
    record OnSchema(String schema) implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            DatabaseConnection c = TestDatabase.forService(schema);
            // Spring keeps each test class's context (and its pool) for the run: a pool that keeps 16 idle
            // connections per context ran the server out of connections (151) once a module had ten of them.
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test schema " + schema,
                    Map.of("spring.datasource.url", c.url(), "spring.datasource.username", c.user(),
                            "spring.datasource.password", c.password(), "spring.datasource.hikari.minimum-idle", "1",
                            "spring.datasource.hikari.idle-timeout", "10000")));
        }
    }
}
