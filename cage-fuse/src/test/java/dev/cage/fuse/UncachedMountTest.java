package dev.cage.fuse;

/** The mount as {@code cage mount} runs it by default: no page cache, writes go out with write-behind. */
class UncachedMountTest extends MountContract {
    @Override
    int pageCount() {
        return 0;
    }
}
