import java.util.Properties;

/** How the benchmark's Java mains log in to their throwaway cluster: as a drill does, the password from PGPASSWORD. */
final class BenchConnections {

    private BenchConnections() {
    }

    static Properties properties(String user) {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", System.getenv().getOrDefault("PGPASSWORD", ""));
        props.setProperty("sslmode", "disable");
        props.setProperty("ApplicationName", "restore-drill");
        return props;
    }
}
