package dev.cage.adapter;

import dev.cage.api.CageFile;
import dev.cage.api.OpenMode;
import dev.cage.client.CageChannel;

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
        return ApiTypes.mode(channel.mode());
    }

    @Override
    public String toString() {
        return "CageFile[" + server() + ":" + path() + " " + mode() + "]";
    }
}
