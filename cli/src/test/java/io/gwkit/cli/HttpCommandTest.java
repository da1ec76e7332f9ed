package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.cluster.LocalCluster;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code gw http}: the push API over HTTP, with a given or a generated bearer token. */
@Tag("socket")
class HttpCommandTest {

    @Test
    void httpServesThePushApiWithAToken() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().build().start()) {
            RunningCommand gw = new RunningCommand("http", "--listen", "127.0.0.1:0",
                    "--register", "127.0.0.1:" + cluster.registerAddress().getPort(), "--token", "tk");
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(gw.awaitLine());
            assertTrue(m.find(), gw.out.toString());
            String base = "http://127.0.0.1:" + m.group(1) + "/v1/";
            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
            okhttp3.RequestBody empty = okhttp3.RequestBody.create("{}", okhttp3.MediaType.get("application/json"));
            try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(base + "getAllClientIdCount")
                    .header("Authorization", "Bearer tk").post(empty).build()).execute()) {
                assertEquals(200, r.code());
                assertEquals("0", r.body().string());
            }
            try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(base + "getAllClientIdCount")
                    .post(empty).build()).execute()) {
                assertEquals(401, r.code());
            }
            assertEquals(Gw.EXIT_OK, gw.stop());
        }
    }

    @Test
    void httpWithoutATokenGeneratesAndPrintsOne() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().build().start()) {
            RunningCommand gw = new RunningCommand("http", "--listen", "127.0.0.1:0",
                    "--register", "127.0.0.1:" + cluster.registerAddress().getPort());
            gw.await(gw.out, Pattern.compile("generated token"));
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(gw.out.toString());
            Matcher t = Pattern.compile("generated token \\(choose one with --token or GW_HTTP_TOKEN\\): ([A-Za-z0-9_-]{32})")
                    .matcher(gw.out.toString());
            assertTrue(m.find() && t.find(), gw.out.toString());
            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
            okhttp3.RequestBody empty = okhttp3.RequestBody.create("{}", okhttp3.MediaType.get("application/json"));
            String url = "http://127.0.0.1:" + m.group(1) + "/v1/getAllClientIdCount";
            try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(url)
                    .header("Authorization", "Bearer " + t.group(1)).post(empty).build()).execute()) {
                assertEquals(200, r.code());
            }
            try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(url).post(empty).build())
                    .execute()) {
                assertEquals(401, r.code());
            }
            assertEquals(Gw.EXIT_OK, gw.stop());
        }
    }
}
