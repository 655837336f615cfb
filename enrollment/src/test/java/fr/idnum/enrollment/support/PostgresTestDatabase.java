package fr.idnum.enrollment.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import fr.idnum.testsupport.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A fresh database on the tests' PostgreSQL ({@link TestPostgres}: the machine's, else the embedded one) for one
 * test run, so the tests exercise the real schema, constraints and triggers, and never see a previous run's rows.
 */
public class PostgresTestDatabase implements QuarkusTestResourceLifecycleManager {

    static final String USER = TestPostgres.USER;
    /** One database per test JVM, so concurrent runs on one machine never share (or drop) each other's. */
    static final String DATABASE = "idnum_enrollment_test_" + ProcessHandle.current().pid();

    @Override
    public Map<String, String> start() {
        try (Connection admin = DriverManager.getConnection(TestPostgres.server() + "postgres", USER, "");
             Statement sql = admin.createStatement()) {
            sql.execute("drop database if exists " + DATABASE + " with (force)");
            sql.execute("create database " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("The enrollment tests need PostgreSQL on " + TestPostgres.server()
                    + " (trust authentication for user " + USER + "; bin/ensure-postgres.sh starts or installs one): "
                    + e.getMessage(), e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", TestPostgres.server() + DATABASE,
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        try (Connection admin = DriverManager.getConnection(TestPostgres.server() + "postgres", USER, "");
             Statement sql = admin.createStatement()) {
            sql.execute("drop database if exists " + DATABASE + " with (force)");
        } catch (SQLException e) {
            // Left behind; named after this JVM's pid, so it is dropped when that pid is reused.
        }
    }
}
