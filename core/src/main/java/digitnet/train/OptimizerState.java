package digitnet.train;

import digitnet.data.InvalidSettingException;
import digitnet.nn.Parameter;
import digitnet.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every optimizer shares: the learning rate, L2 weight decay, the step count and named
 * per-parameter slots (a velocity, two moments). Slots are allocated once, on the first step or
 * import, with each parameter's shape.
 *
 * <p>The state is exported as tensors named by {@link Checkpoint}: the step count and one tensor per
 * slot and parameter ({@code velocity} for momentum and Nesterov, {@code m} and {@code v} for Adam
 * and AdamW).
 *
 * <p>Weight decay applies to weights only (parameters named {@code *weight}), not to biases.
 */
public abstract class OptimizerState implements Optimizer {
    private final String[] slotNames;
    private Tensor[][] slots;            // [slot][parameter]
    private double learningRate;
    protected final double weightDecay;
    protected long steps;

    protected OptimizerState(double learningRate, double weightDecay, String... slotNames) {
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new InvalidSettingException("Optimizer", "weightDecay", "must be >= 0, got " + weightDecay);
        }
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.slotNames = slotNames.clone();
    }

    @Override
    public final void step(List<Parameter> parameters) {
        ensureSlots(parameters);
        steps++;
        beforeUpdates();
        float lr = (float) learningRate;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            float decay = p.name().endsWith("weight") ? (float) weightDecay : 0f;
            updates.run(i, p.value().data, p.grad().data, p.value().size(), lr, decay);
        }
    }

    /**
     * Updates values [from, to) of parameter {@code index} (w from gradients g, and the slots' same values);
     * {@link #steps} is already this step's number (1, 2, ...). Each value's update reads only its own w, g and
     * slots, so {@link #step} may split a parameter into blocks over the kernel threads without changing a bit.
     */
    protected abstract void update(int index, float[] w, float[] g, int from, int to, float lr, float decay);

    /** Called once per step, after {@link #steps} has moved on and before the parameters' updates: what they share. */
    protected void beforeUpdates() {
    }

    /**
     * Values of a parameter below which its update stays on the calling thread; by default every update does. An
     * update that does little per value (SGD's, three operations) gains nothing from a second core: on the
     * 784-128-10 network at batch 64 and 2 threads its median went from about 10 us to 33 split.
     */
    protected long splitGrain() {
        return Long.MAX_VALUE;
    }

    private final Updates updates = new Updates();

    /** One parameter's update in blocks of {@link #BLOCK} values over the shared pool, when {@link #splitGrain} allows. */
    private final class Updates extends digitnet.tensor.RangeJob {
        static final int BLOCK = 4096;
        int index, size;
        float[] w, g;
        float lr, decay;

        void run(int index, float[] w, float[] g, int size, float lr, float decay) {
            this.index = index;
            this.w = w;
            this.g = g;
            this.size = size;
            this.lr = lr;
            this.decay = decay;
            split((size + BLOCK - 1) / BLOCK, 1, size, splitGrain());
            this.w = null;
            this.g = null;
        }

        @Override
        protected void range(int b0, int b1) {
            update(index, w, g, b0 * BLOCK, Math.min(size, b1 * BLOCK), lr, decay);
        }
    }

    /** Slot {@code slot} (in the order given to the constructor) of parameter {@code index}. */
    protected final float[] slot(int slot, int index) {
        return slots[slot][index].data;
    }

    private void ensureSlots(List<Parameter> parameters) {
        if (slots != null && slots.length > 0 && slots[0].length != parameters.size()) {
            throw new IllegalArgumentException("the optimizer was set up for " + slots[0].length
                    + " parameters, got " + parameters.size());
        }
        if (slots == null) {
            slots = new Tensor[slotNames.length][parameters.size()];
            for (int s = 0; s < slotNames.length; s++) {
                for (int i = 0; i < parameters.size(); i++) {
                    Tensor v = parameters.get(i).value();
                    slots[s][i] = new Tensor(v.rows(), v.cols);
                }
            }
        }
    }

    @Override
    public final Map<String, Tensor> exportState(List<Parameter> parameters) {
        ensureSlots(parameters);
        Map<String, Tensor> out = new LinkedHashMap<>();
        Tensor step = new Tensor(1, 1);
        step.data[0] = steps;
        out.put(Checkpoint.STEP, step);
        for (int s = 0; s < slotNames.length; s++) {
            for (int i = 0; i < parameters.size(); i++) {
                Parameter p = parameters.get(i);      // the state dict's layout, as the parameter itself is saved
                out.put(Checkpoint.slot(p.name(), slotNames[s]), p.toState(slots[s][i]));
            }
        }
        return out;
    }

    @Override
    public final void importState(List<Parameter> parameters, Map<String, Tensor> state) {
        ensureSlots(parameters);
        Tensor step = require(state, Checkpoint.STEP, 1, 1);
        for (int s = 0; s < slotNames.length; s++) {
            for (int i = 0; i < parameters.size(); i++) {
                Tensor want = slots[s][i];
                String name = Checkpoint.slot(parameters.get(i).name(), slotNames[s]);
                parameters.get(i).fromState(require(state, name, want.rows(), want.cols), want);
            }
        }
        steps = (long) step.data[0];
    }

    private Tensor require(Map<String, Tensor> state, String name, int rows, int cols) {
        Tensor t = state.get(name);
        if (t == null) {
            throw new CheckpointException("no tensor " + name + ": the state is not that of optimizer " + name()
                    + " (it holds " + state.keySet() + ")");
        }
        if (t.size() != rows * cols) {
            throw new CheckpointException("tensor " + name + " holds " + t.size() + " values, expected " + rows * cols);
        }
        return t.rows() == rows ? t : new Tensor(rows, cols, t.data);
    }

    /** Floats in every slot of {@code parameters}: the length of {@link #readSlots}'s array (0 for plain SGD). */
    public final int slotFloats(List<Parameter> parameters) {
        return slotNames.length * StepByStep.floats(parameters);
    }

    /**
     * The slots flattened, slot by slot and within a slot in parameter order, each in the parameter's own
     * layout (not the state dict's): what data-parallel averaging sends and averages (docs/spark.md).
     */
    public final void readSlots(List<Parameter> parameters, float[] to) {
        ensureSlots(parameters);
        int at = 0;
        for (Tensor[] slot : slots) {
            for (Tensor t : slot) {
                System.arraycopy(t.data, 0, to, at, t.size());
                at += t.size();
            }
        }
    }

    /** Replaces the slots with {@link #readSlots}'s layout from {@code from} and the step count with {@code steps}. */
    public final void writeSlots(List<Parameter> parameters, float[] from, long steps) {
        ensureSlots(parameters);
        int at = 0;
        for (Tensor[] slot : slots) {
            for (Tensor t : slot) {
                System.arraycopy(from, at, t.data, 0, t.size());
                at += t.size();
            }
        }
        this.steps = steps;
    }

    /** Steps taken so far. */
    public final long steps() {
        return steps;
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }
}
