package dev.cage.api;

/**
 * An open file on a Cage node, as returned by {@link CageConnection#open}. It is only a handle: all
 * operations go through the connection that opened it (or, after the container re-pointed the connection,
 * through the managed connection now behind it). Valid until closed or until its connection is cleaned up.
 */
public interface CageFile {

    /** The server name the file was opened on, as configured on the connection factory. */
    String server();

    /** The path relative to the node's root. */
    String path();

    OpenMode mode();
}
