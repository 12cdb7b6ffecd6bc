package digitnet.train;

/** Receives progress records as training goes. */
@FunctionalInterface
public interface TrainListener {
    void onProgress(Progress progress);

    TrainListener NONE = p -> { };
}
