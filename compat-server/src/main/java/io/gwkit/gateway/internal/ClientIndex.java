package io.gwkit.gateway.internal;

import io.gwkit.php.PhpArray;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A shard's clients by connection id, uid and group: the one owner of those indexes and of each client's
 * {@link ClientConnection#uid} and {@link ClientConnection#groups} (PHP's {@code $connection->uid/groups}).
 * Keys are {@link PhpValues#key normalised} as PHP array keys. Used on the shard's event loop only, like
 * {@link GatewayCore}; the views it returns are read-only and live.
 */
final class ClientIndex {

    private final Map<Long, ClientConnection> clients = new LinkedHashMap<>();
    /** normalised uid key → connections bound to it. */
    private final Map<Object, Map<Long, ClientConnection>> uids = new LinkedHashMap<>();
    /** normalised group key → member connections. */
    private final Map<Object, Map<Long, ClientConnection>> groups = new LinkedHashMap<>();

    void add(ClientConnection client) {
        clients.put(client.id, client);
    }

    /** Forgets a closed client: its id, its uid binding and its group memberships (its fields stay as they were). */
    void remove(ClientConnection client) {
        clients.remove(client.id);
        if (client.uid != null) {
            removeMember(uids, PhpValues.key(client.uid), client.id);
        }
        if (client.groups != null) {
            for (Object group : client.groups.values()) {
                removeMember(groups, PhpValues.key(group), client.id);
            }
        }
    }

    /** The client with this connection id ({@code key}: a Long, or any PHP key, which then matches none), or null. */
    ClientConnection get(Object key) {
        return clients.get(key);
    }

    boolean contains(long id) {
        return clients.containsKey(id);
    }

    int size() {
        return clients.size();
    }

    /** Every client, in connection order. */
    Collection<ClientConnection> all() {
        return Collections.unmodifiableCollection(clients.values());
    }

    /** Binds {@code uid} (a PHP string) to the client, replacing its previous uid (bindUid). */
    void bindUid(ClientConnection client, Object uid) {
        unbindUid(client);
        client.uid = uid;
        uids.computeIfAbsent(PhpValues.key(uid), k -> new LinkedHashMap<>()).put(client.id, client);
    }

    /** Unbinds the client's uid, if any (unbindUid). */
    void unbindUid(ClientConnection client) {
        if (client.uid != null) {
            removeMember(uids, PhpValues.key(client.uid), client.id);
            client.uid = null;
        }
    }

    /** Adds the client to {@code group} (a PHP string), as joinGroup. */
    void join(ClientConnection client, Object group) {
        Object key = PhpValues.key(group);
        if (client.groups == null) {
            client.groups = new PhpArray();
        }
        client.groups.put(key, group);
        groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(client.id, client);
    }

    /** Takes the client out of the group with this key, if it is a member (leaveGroup); its groups stay non-null. */
    void leave(ClientConnection client, Object groupKey) {
        if (client.groups == null || !client.groups.containsKey(groupKey)) {
            return;
        }
        client.groups.remove(groupKey);
        removeMember(groups, groupKey, client.id);
    }

    /** Dissolves the group with this key: every member leaves it (ungroup). */
    void ungroup(Object groupKey) {
        Map<Long, ClientConnection> members = groups.remove(groupKey);
        if (members != null) {
            for (ClientConnection c : members.values()) {
                c.groups.remove(groupKey);
            }
        }
    }

    /** Connection id → client for a uid key, in binding order; empty if none. */
    Map<Long, ClientConnection> uidMembers(Object uidKey) {
        return view(uids.get(uidKey));
    }

    /** Connection id → client for a group key, in joining order; empty if none. */
    Map<Long, ClientConnection> groupMembers(Object groupKey) {
        return view(groups.get(groupKey));
    }

    /** The keys of every non-empty group, in creation order. */
    Set<Object> groupKeys() {
        return Collections.unmodifiableSet(groups.keySet());
    }

    private static Map<Long, ClientConnection> view(Map<Long, ClientConnection> members) {
        return members == null ? Map.of() : Collections.unmodifiableMap(members);
    }

    private static void removeMember(Map<Object, Map<Long, ClientConnection>> index, Object key, long connectionId) {
        Map<Long, ClientConnection> members = index.get(key);
        if (members != null) {
            members.remove(connectionId);
            if (members.isEmpty()) {
                index.remove(key);
            }
        }
    }
}
