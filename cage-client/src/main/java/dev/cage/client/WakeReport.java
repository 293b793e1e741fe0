package dev.cage.client;

/**
 * What waking from a hibernation dump did. A dump that could not be used leaves the cache cold and says
 * why in {@code problem}; nothing from it is used then.
 *
 * @param warm              whether the dump was read and used
 * @param problem           why it was not, or {@code null}
 * @param channelsReopened  channels open again, as {@link Cage#wokenChannels()}
 * @param channelsLost      channels that could not be reopened (file gone, or held by another client)
 * @param cleanPagesKept    cached pages still current, kept without reading them again
 * @param cleanPagesDropped cached pages that changed on the server, dropped
 * @param dirtyPagesSent    unpushed pages from before hibernation, now pushed
 * @param dirtyPagesUnsent  unpushed pages whose channel could not be reopened: not written anywhere
 */
public record WakeReport(boolean warm, String problem, int channelsReopened, int channelsLost, long cleanPagesKept,
                         long cleanPagesDropped, long dirtyPagesSent, long dirtyPagesUnsent) {

    static WakeReport cold(String problem) {
        return new WakeReport(false, problem, 0, 0, 0, 0, 0, 0);
    }
}
