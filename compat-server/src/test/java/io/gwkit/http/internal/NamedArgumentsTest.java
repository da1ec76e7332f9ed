package io.gwkit.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.client.PhpMethod;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedArgumentsTest {

    private static List<Object> positional(String method, Map<String, Object> named, String current) {
        return NamedArguments.positional(PhpMethod.find(method), named, current);
    }

    @Test
    void namesMapToPhpParameterOrder() {
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("message", "hi");
        named.put("group", "g");
        assertEquals(List.of("g", "hi"), positional("sendToGroup", named, null));
    }

    @Test
    void leftOutOptionalsBetweenGivenOnesTakePhpDefaults() {
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("message", "hi");
        named.put("raw", true);
        assertEquals(Arrays.asList("hi", null, null, true), positional("sendToAll", named, null));
        assertEquals(List.of("hi"), positional("sendToAll", Map.of("message", "hi"), null));
    }

    @Test
    void missingRequiredArgumentIsNamedWithTheSignature() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> positional("bindUid", Map.of("client_id", "7f00000108fc00000001"), null));
        assertTrue(e.getMessage().contains("'uid'") && e.getMessage().contains("bindUid($client_id, $uid)"),
                e.getMessage());
    }

    @Test
    void unknownArgumentIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> positional("isOnline", Map.of("clientId", "x"), null));
        assertTrue(e.getMessage().contains("'clientId'"), e.getMessage());
    }

    @Test
    void currentClientFillsAMissingClientId() {
        assertEquals(List.of("cur", "u1"), positional("bindUid", Map.of("uid", "u1"), "cur"));
        assertEquals(List.of("other", "u1"), positional("bindUid", Map.of("client_id", "other", "uid", "u1"), "cur"));
        assertEquals(List.of("m"), positional("sendToAll", Map.of("message", "m"), "cur"));
    }
}
