import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates a database on a PostgreSQL server when it does not exist yet: `./run.sh --production` gives Keycloak a
 * database of its own on the embedded server, whose binaries come without psql. Run with the PostgreSQL JDBC driver
 * that ships with Keycloak on the class path:
 * {@code java -cp <driver.jar> CreateDatabase.java jdbc:postgresql://127.0.0.1:54329/postgres postgres idnum_keycloak}.
 */
public final class CreateDatabase {

    public static void main(String[] args) throws SQLException {
        if (args.length != 3 || !args[2].matches("[a-z_][a-z0-9_]{0,62}")) {
            System.err.println("usage: CreateDatabase <jdbc url of an existing database> <user> <new database: [a-z_][a-z0-9_]*>");
            System.exit(2);
        }
        String name = args[2];
        try (Connection connection = DriverManager.getConnection(args[0], args[1], "")) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet row = exists.executeQuery()) {
                    if (row.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                // the name is checked above against PostgreSQL's unquoted identifiers: nothing else reaches the statement
                create.execute("CREATE DATABASE " + name);
            }
            System.out.println("created the database " + name);
        }
    }
}
