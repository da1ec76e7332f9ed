package io.gwkit.http.internal;

import io.gwkit.client.PhpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns named arguments (PHP parameter names, as JSON object keys) into the positional arguments of a
 * GatewayClient method: the HTTP API and webhook actions both speak this way.
 */
public final class NamedArguments {

    private NamedArguments() {
    }

    /**
     * The positional arguments of {@code method} from {@code named}. Optional parameters left out between
     * given ones take their PHP default; trailing ones are left to the method. A missing {@code client_id}
     * becomes {@code currentClientId} when that is not null (webhook actions about the current client).
     *
     * @throws IllegalArgumentException naming the argument and the PHP signature, for an unknown or missing one
     */
    public static List<Object> positional(PhpMethod method, Map<?, ?> named, String currentClientId) {
        List<String> params = method.parameters();
        for (Object key : named.keySet()) {
            if (!(key instanceof String) || !params.contains(key)) {
                throw new IllegalArgumentException("unknown argument '" + key + "' for " + method.signature());
            }
        }
        int last = -1;
        for (int i = 0; i < params.size(); i++) {
            if (named.containsKey(params.get(i)) || isCurrentClient(params.get(i), currentClientId)) {
                last = i;
            }
        }
        List<Object> args = new ArrayList<>(last + 1);
        for (int i = 0; i <= last; i++) {
            String name = params.get(i);
            if (named.containsKey(name)) {
                args.add(named.get(name));
            } else if (isCurrentClient(name, currentClientId)) {
                args.add(currentClientId);
            } else if (method.isRequired(i)) {
                throw missing(method, name);
            } else {
                args.add(method.defaultValue(i));
            }
        }
        for (int i = last + 1; i < params.size(); i++) {
            if (method.isRequired(i)) {
                throw missing(method, params.get(i));
            }
        }
        return args;
    }

    private static boolean isCurrentClient(String param, String currentClientId) {
        return currentClientId != null && param.equals("client_id");
    }

    private static IllegalArgumentException missing(PhpMethod method, String name) {
        return new IllegalArgumentException("missing argument '" + name + "' for " + method.signature());
    }
}
