package cn.yrd.onecard.database;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * Migrations that survive a process killed while they run. MySQL DDL is not transactional: a migration cut
 * short is left half-applied and recorded as failed, and Flyway then refuses to start. Our migrations are
 * written to run again over a half-applied copy of themselves (IF NOT EXISTS, indexes inside their tables),
 * so on start a failed entry is repaired away and the migration simply runs again.
 */
@AutoConfiguration
class RerunnableMigrations {

    @Bean
    FlywayMigrationStrategy repairThenMigrate() {
        return flyway -> {
            flyway.repair();
            flyway.migrate();
        };
    }
}
