package io.gwkit.gateway.internal;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.server.internal.LogText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The inner command SELECT (Gateway::select): PHP's query over a shard's clients and its answer's shape. */
final class InnerSelect {

    private static final Logger log = LoggerFactory.getLogger(InnerCommands.class);

    private InnerSelect() {
    }

    /** The clients matching {@code where} (connection ids, groups, uids; all when empty) with their {@code fields}. */
    static PhpArray select(ClientIndex clients, InnerConnection inner, GatewayFrame f) {
        PhpArray result = new PhpArray();
        Object decoded;
        try {
            decoded = PhpJson.decode(new String(f.extData(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            decoded = null;
        }
        if (!(decoded instanceof PhpArray) || ((PhpArray) decoded).isEmpty()) {
            inner.warn(log, "CMD_SELECT ext_data={} from {}", LogText.excerpt(f.extData()), inner);
            return result;
        }
        PhpArray ext = (PhpArray) decoded;
        Object fieldsValue = ext.get("fields");
        List<String> fields = new ArrayList<>();
        if (fieldsValue instanceof PhpArray) {
            for (Object field : ((PhpArray) fieldsValue).values()) {
                fields.add(field instanceof String ? (String) field : String.valueOf(field));
            }
        }
        Object where = ext.get("where");
        if (where instanceof PhpArray && !((PhpArray) where).isEmpty()) {
            for (Map.Entry<Object, Object> condition : ((PhpArray) where).entrySet()) {
                if (!(condition.getValue() instanceof PhpArray)) {
                    continue;
                }
                PhpArray items = (PhpArray) condition.getValue();
                if ("connection_id".equals(condition.getKey())) {
                    for (Object id : items.values()) {
                        ClientConnection c = clients.get(PhpValues.key(id));
                        if (c != null) {
                            result.put(c.id, fieldsOf(c, fields));
                        }
                    }
                    continue;
                }
                boolean byGroup = "groups".equals(condition.getKey());
                if (!byGroup && !"uid".equals(condition.getKey())) {
                    continue;
                }
                for (Object item : items.values()) {
                    Object key = PhpValues.key(item);
                    for (ClientConnection c : (byGroup ? clients.groupMembers(key)
                            : clients.uidMembers(key)).values()) {
                        if (!result.containsKey(c.id)) {
                            result.put(c.id, fieldsOf(c, fields));
                        }
                    }
                }
            }
        } else {
            for (ClientConnection c : clients.all()) {
                if (!fields.isEmpty()) {
                    result.put(c.id, fieldsOf(c, fields));
                }
            }
        }
        return result;
    }

    private static PhpArray fieldsOf(ClientConnection c, List<String> fields) {
        PhpArray info = new PhpArray();
        for (String field : fields) {
            switch (field) {
                case "uid":
                    info.put(field, c.uid);
                    break;
                case "groups":
                    info.put(field, c.groups == null ? null : c.groups.deepCopy());
                    break;
                case "session":
                    info.put(field, PhpValues.string(c.session));
                    break;
                default:
                    info.put(field, null);
            }
        }
        return info;
    }
}
