package dev.cage.fuse;

/** The mount through a client with a page cache: writes gather in the cache and are pushed at close. */
class CachedMountTest extends MountContract {
    @Override
    int pageCount() {
        return 1024;
    }
}
