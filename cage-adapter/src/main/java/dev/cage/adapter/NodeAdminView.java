package dev.cage.adapter;

import dev.cage.api.CageException;
import dev.cage.api.CageNodeAdmin;
import dev.cage.api.NodeInfo;
import dev.cage.api.NodeStats;
import dev.cage.api.SessionInfo;
import dev.cage.api.UserInfo;
import java.util.List;

/** A server's administration as the API shows it; every call goes through the handle, as its own calls do. */
record NodeAdminView(CageConnectionImpl handle, String server) implements CageNodeAdmin {

    @Override
    public List<SessionInfo> sessions() throws CageException {
        return handle.call((c, tx) -> c.admin(server).sessions().stream().map(ApiTypes::sessionInfo).toList());
    }

    @Override
    public NodeInfo node() throws CageException {
        return handle.call((c, tx) -> ApiTypes.nodeInfo(c.admin(server).node()));
    }

    @Override
    public dev.cage.api.GroupInfo group() throws CageException {
        return handle.call((c, tx) -> ApiTypes.groupInfo(c.admin(server).group()));
    }

    @Override
    public NodeStats stats() throws CageException {
        return handle.call((c, tx) -> ApiTypes.nodeStats(c.admin(server).stats()));
    }

    @Override
    public List<UserInfo> users() throws CageException {
        return handle.call((c, tx) -> c.admin(server).users().stream()
            .map(u -> new UserInfo(u.name(), u.admin(), u.enabled())).toList());
    }

    @Override
    public String putUser(String name, boolean admin) throws CageException {
        return handle.call((c, tx) -> c.admin(server).putUser(name, admin));
    }

    @Override
    public void setUserEnabled(String name, boolean enabled) throws CageException {
        handle.call((c, tx) -> {
            c.admin(server).setUserEnabled(name, enabled);
            return null;
        });
    }

    @Override
    public void endSession(long sessionId, String reason) throws CageException {
        handle.call((c, tx) -> {
            c.admin(server).endSession(sessionId, reason);
            return null;
        });
    }

    @Override
    public String toString() {
        return "CageNodeAdmin[" + server + "]";
    }
}
