package io.gwkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The blocking and the async API must not drift apart (Lettuce's SyncAsyncConsistency idea). */
class ApiConsistencyTest {

    /** Public methods of GatewayClient that are not API calls. */
    static final Set<String> NOT_CALLS = Set.of("builder", "over", "newBuilder", "async", "transport", "close");

    @Test
    void everyBlockingMethodHasAnAsyncTwinWithTheSameParameters() throws Exception {
        int checked = 0;
        for (Method sync : GatewayClient.class.getMethods()) {
            if (sync.getDeclaringClass() != GatewayClient.class || Modifier.isStatic(sync.getModifiers())
                    || NOT_CALLS.contains(sync.getName())) {
                continue;
            }
            Method async = AsyncGatewayClient.class.getMethod(sync.getName(), sync.getParameterTypes());
            assertEquals(CompletableFuture.class, async.getReturnType(), async.toString());
            Type arg = ((ParameterizedType) async.getGenericReturnType()).getActualTypeArguments()[0];
            assertEquals(boxed(sync.getGenericReturnType()).getTypeName(), arg.getTypeName(), sync.toString());
            assertEquals(sync.isAnnotationPresent(Deprecated.class), async.isAnnotationPresent(Deprecated.class),
                    "@Deprecated of " + sync);
            checked++;
        }
        assertTrue(checked > 50, "only " + checked + " methods checked");
    }

    @Test
    void everyAsyncMethodHasABlockingTwin() throws Exception {
        for (Method async : AsyncGatewayClient.class.getMethods()) {
            if (async.getDeclaringClass() == AsyncGatewayClient.class && !Modifier.isStatic(async.getModifiers())) {
                GatewayClient.class.getMethod(async.getName(), async.getParameterTypes());
            }
        }
    }

    @Test
    void everyPhpMethodHasATypedJavaMethod() {
        Set<String> java = Arrays.stream(GatewayClient.class.getMethods()).map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>();
        for (PhpMethod m : PhpMethod.values()) {
            String name = m.phpName().replace("destory", "destroy");
            if (!java.contains(name)) {
                missing.add(m.phpName());
            }
        }
        assertEquals(Set.of(), missing);
        assertEquals(42, PhpMethod.values().length, "PHP's GatewayClient has 42 public API methods");
    }

    private static Type boxed(Type t) {
        if (t == void.class) {
            return Void.class;
        }
        if (t == boolean.class) {
            return Boolean.class;
        }
        if (t == long.class) {
            return Long.class;
        }
        return t;
    }
}
