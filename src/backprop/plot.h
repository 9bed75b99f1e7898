/* plot.h -- plots of training with gnuplot.
 *
 * The library writes gnuplot scripts and data, and runs gnuplot (the
 * program that configure found, or the one named by the environment
 * variable GNUPLOT) as a separate process.  A PNG is drawn with the
 * pngcairo terminal where gnuplot has it, else with png; the output "-"
 * draws the loss curve as text with gnuplot's dumb terminal on standard
 * output.  Next to a PNG the script that draws it is kept, with its data
 * inline (FILE.png -> FILE.gp), so that it can be redrawn or restyled by
 * hand, and so that nothing is lost where gnuplot is missing. */

#ifndef BP_PLOT_H
#define BP_PLOT_H

#include <stddef.h>
#include "error.h"
#include "net.h"
#include "train.h"
#include "gradcheck.h"

/* Returned when gnuplot cannot be run: the script and data were written
 * all the same. */
#define BP_PLOT_NO_GNUPLOT 1

/* Write DIR/loss.tsv (iteration, loss), DIR/epochs.tsv (epoch, loss,
 * train_acc, val_acc, lr, seconds), each with a header line, and
 * DIR/history.gp, which draws them into history.png when run in DIR.
 * DIR is created if it does not exist.  0, or GSL_EFAILED with err. */
int bp_plot_history_write (const char *dir, const bp_history *h,
                           bp_error *err);

/* Draw the loss per iteration and the accuracies per epoch into out, a
 * PNG file; or, when out is "-", the loss curve on standard output.  0,
 * BP_PLOT_NO_GNUPLOT, or GSL_EFAILED with err (gnuplot's complaint). */
int bp_plot_history (const bp_history *h, const char *out, bp_error *err);

/* Draw a training run h (with a wrong or a student's backward pass, named
 * by label) beside the reference backward pass's run ref on the same data
 * and seed: the loss per iteration of both and, per epoch, the validation
 * accuracy of both (the training accuracy without a validation set), into
 * out, a PNG file; or, when out is "-", the two loss curves on standard
 * output.  0, BP_PLOT_NO_GNUPLOT, or GSL_EFAILED with err. */
int bp_plot_compare (const bp_history *h, const bp_history *ref,
                     const char *label, const char *out, bp_error *err);

/* Draw the columns of W1 (D, H) as a grid of H images of width x height
 * pixels and 1 (grey) or 3 (colour) channels, each scaled to its own
 * range, into the PNG file out.  0, BP_PLOT_NO_GNUPLOT, or GSL_EFAILED. */
int bp_plot_weights (const bp_net *net, size_t width, size_t height,
                     size_t channels, const char *out, bp_error *err);

/* Draw the step sweep of bp_gradcheck_sweep: the relative error of each
 * gradient against the step h, both axes logarithmic (the V of truncation
 * and round-off error), into out, a PNG file, or "-" for the terminal.
 * Absent gradients (NaN) are left out.  0, BP_PLOT_NO_GNUPLOT, or
 * GSL_EFAILED with err. */
int bp_plot_sweep (double sweep[BP_SWEEP_STEPS][BP_NGRADS], const char *out,
                   bp_error *err);

/* The gnuplot program that bp_plot_* run. */
const char *bp_plot_gnuplot (void);

#endif /* BP_PLOT_H */
