package dev.cage.client;

/** Names a page: the server, the file (by its server-given id, which survives renames) and the page number. */
record PageKey(String server, long fileId, long pageNo) {
}
