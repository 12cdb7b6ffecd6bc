/**
 * digitnet as a Java library: read handwritten digits, train a network on them, save and load the
 * model, predict and evaluate. Start at {@link digitnet.api.Digitnet}, whose static methods lead to
 * every other type of this package.
 *
 * <p>This package is digitnet's public, stable API: its types and methods change only with a new
 * minor version, and are documented in docs/library.md. Every other package of digitnet is
 * internal and may change in any release; the few internal types that this API names in its
 * signatures ({@code digitnet.nn.LayerSpec} for layer lists, {@code digitnet.eval.Evaluation} for
 * scores, and the exceptions {@code digitnet.data.InputException},
 * {@code digitnet.data.InvalidSettingException}, {@code digitnet.model.OutputException},
 * {@code digitnet.train.DivergedException}) are
 * covered by the same promise as far as this API uses them.
 */
package digitnet.api;
