package fr.idnum.e2e.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import fr.idnum.testsupport.TestPostgres;

/**
 * A fresh database on the tests' PostgreSQL ({@link TestPostgres}) for the enrollment service of one test run, so
 * the service's Flyway migrations run on an empty schema and no previous run's enrollments get in the way. Named
 * after this JVM's pid: concurrent runs on one machine never share, or drop, each other's.
 */
final class EnrollmentDatabase {

    static final String USER = TestPostgres.USER;
    static final String NAME = "idnum_enrollment_e2e_" + ProcessHandle.current().pid();

    private EnrollmentDatabase() {
    }

    static String url() {
        return TestPostgres.server() + NAME;
    }

    static void recreate() {
        execute("drop database if exists " + NAME + " with (force)", "create database " + NAME);
    }

    static void drop() {
        try {
            execute("drop database if exists " + NAME + " with (force)");
        } catch (IllegalStateException e) {
            // Left behind; dropped by the next run that gets the same pid.
        }
    }

    private static void execute(String... statements) {
        try (Connection admin = DriverManager.getConnection(TestPostgres.server() + "postgres", USER, "");
             Statement sql = admin.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The enrollment service needs PostgreSQL on " + TestPostgres.server()
                    + " (trust authentication for user " + USER + "; bin/ensure-postgres.sh starts or installs one): "
                    + e.getMessage(), e);
        }
    }
}
