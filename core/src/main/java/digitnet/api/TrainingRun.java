package digitnet.api;

import digitnet.train.Progress;
import digitnet.train.StopReason;
import java.util.List;

/**
 * What a training run ({@link Digitnet#run}, {@link Digitnet#resume}) made and how it went.
 *
 * @param model            the trained model, ready to predict and to {@link Model#save save} (with its
 *                         optimizer state, so that the run can be resumed)
 * @param stopReason       why the run stopped
 * @param steps            optimizer steps taken in this run (not counting those before a resume)
 * @param epochs           epochs (full batch: iterations) completed, counting those before a resume
 * @param bestEpoch        the epoch (full batch: iteration) whose weights early stopping kept; -1 when it kept none
 * @param trainSeconds     wall time from the start of the first step to the end of the last, warm-up steps and
 *                         dev evaluations included; splitting and scoring not
 * @param lastLearningRate the learning rate of the last step (NaN when no step was taken): how far the
 *                         schedule annealed, also when the time budget ended the run
 * @param history          every progress report of the run, in order
 * @param trainRows        the rows trained on
 * @param devRows          the dev rows held out (may be empty)
 * @param testRows         the test rows held out (may be empty)
 * @param train            the model's score on the training rows
 * @param dev              its score on the dev rows, or null when none were held out
 * @param test             its score on the test rows, or null when none were held out
 */
public record TrainingRun(Model model, StopReason stopReason, int steps, int epochs, int bestEpoch,
                          double trainSeconds, double lastLearningRate, List<Progress> history, Digits trainRows,
                          Digits devRows, Digits testRows, Score train, Score dev, Score test) {

    /**
     * Copies the history.
     *
     * @param model            the trained model
     * @param stopReason       why the run stopped
     * @param steps            optimizer steps taken in this run
     * @param epochs           epochs completed, counting those before a resume
     * @param bestEpoch        the epoch whose weights were kept, or -1
     * @param trainSeconds     wall time of the steps
     * @param lastLearningRate the learning rate of the last step
     * @param history          every progress report
     * @param trainRows        the rows trained on
     * @param devRows          the dev rows
     * @param testRows         the test rows
     * @param train            the score on the training rows
     * @param dev              the score on the dev rows, or null
     * @param test             the score on the test rows, or null
     */
    public TrainingRun {
        history = List.copyOf(history);
    }
}
