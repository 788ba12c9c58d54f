package io.restoredrill.local.existing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.BackupUnreadableException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpScriptTest {

    @TempDir
    Path tmp;

    @Test
    void theRolesADumpNamesAreFoundOutsideItsCopyData() throws Exception {
        // GIVEN SQL as pg_dump writes it, with COPY data whose lines look like statements naming other roles
        Path sql = Files.writeString(tmp.resolve("dump.sql"), """
                --
                -- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
                --
                CREATE DATABASE "Shop DB" WITH TEMPLATE = template0 ENCODING = 'UTF8';
                \\encoding SQL_ASCII
                \\connect -reuse-previous=on "dbname='Shop DB'"
                ALTER TABLE public.orders OWNER TO shop_owner;
                ALTER SCHEMA sales OWNER TO "Sales ""Team\"\"";
                CREATE POLICY north ON public.customers TO "Audit Team", auditor USING ((region = 'north'::text));
                ALTER DEFAULT PRIVILEGES FOR ROLE shop_owner IN SCHEMA public GRANT SELECT ON TABLES TO reporting;
                COPY public.notes (body) FROM stdin;
                ALTER TABLE x OWNER TO not_a_role;
                \\N
                \\.
                GRANT SELECT ON TABLE public.orders TO shop_reader, PUBLIC;
                REVOKE ALL ON SCHEMA public FROM PUBLIC;
                REVOKE ALL ON TABLE public."a TO b" FROM legacy;
                """);

        DumpScript script = DumpScript.scan(sql);

        assertThat(script.roles()).containsExactlyInAnyOrder("shop_owner", "Sales \"Team\"", "Audit Team", "auditor",
                "reporting", "shop_reader", "legacy");
        assertThat(script.createdDatabase()).isEqualTo("Shop DB");
        assertThat(script.dumpedFrom()).isEqualTo("15.18");
    }

    @Test
    void aPsqlCommandPgDumpNeverWritesIsRefusedNamingItsLine() throws Exception {
        Path sql = Files.writeString(tmp.resolve("dump.sql"), "SET client_encoding = 'UTF8';\n\\! rm -rf /\n");

        assertThatThrownBy(() -> DumpScript.scan(sql)).isInstanceOf(BackupUnreadableException.class)
                .hasMessageContaining("psql command '\\!' at line 2");
    }
}
