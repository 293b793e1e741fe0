package dev.cage.adapter;

import jakarta.resource.spi.ManagedConnectionMetaData;

/** What the container may show about a Cage connection. */
record CageMetaData(String clientName, String user) implements ManagedConnectionMetaData {

    @Override
    public String getEISProductName() {
        return "Cage";
    }

    @Override
    public String getEISProductVersion() {
        String v = CageMetaData.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** Connections share physical sessions, so the pool alone bounds them. */
    @Override
    public int getMaxConnections() {
        return 0;
    }

    @Override
    public String getUserName() {
        return user;
    }
}
