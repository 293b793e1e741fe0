package dev.cage.adapter;

import dev.cage.api.CageFile;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;

/** A file opened through a connection: the application's handle on a channel of the physical client. */
record OpenedFile(CageChannel channel) implements CageFile {

    @Override
    public String server() {
        return channel.server();
    }

    @Override
    public String path() {
        return channel.path();
    }

    @Override
    public OpenMode mode() {
        return channel.mode();
    }

    @Override
    public String toString() {
        return "CageFile[" + server() + ":" + path() + " " + mode() + "]";
    }
}
