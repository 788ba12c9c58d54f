package io.restoredrill.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MotoServerTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Order(1)
    void answersOnALoopbackPort() throws IOException, InterruptedException {
        // GIVEN the server started for this class
        // WHEN a bucket is created through the plain S3 REST API
        int status = send("PUT", "/first-bucket").statusCode();

        // THEN it is listed, and the endpoint is on loopback
        assertThat(status).isEqualTo(200);
        assertThat(MOTO.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(send("GET", "/").body()).contains("<Name>first-bucket</Name>");
    }

    @Test
    @Order(2)
    void startsEveryTestFromAnEmptyEmulator() throws IOException, InterruptedException {
        // GIVEN the bucket created by the previous test
        // WHEN this test starts (after the automatic reset)
        String buckets = send("GET", "/").body();

        // THEN the bucket is gone
        assertThat(buckets).doesNotContain("first-bucket");
    }

    @Test
    @Order(3)
    void failsLoudlyWithTheInstallCommandWhenMotoCannotBeImported() {
        // GIVEN a Python that does not see moto (site packages disabled) and one that does not exist
        MotoServer withoutSitePackages = new MotoServer(List.of("python3", "-S"));
        MotoServer withoutPython = new MotoServer(List.of("no-such-python3"));

        // WHEN / THEN starting either fails (it never skips) and says how to install moto
        assertThatThrownBy(() -> withoutSitePackages.beforeAll(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(MotoServer.NOT_INSTALLED);
        assertThatThrownBy(() -> withoutPython.beforeAll(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(MotoServer.NOT_INSTALLED);
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(MOTO.endpoint().resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
