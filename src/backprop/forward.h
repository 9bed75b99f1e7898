/* forward.h -- check a student's forward pass and loss, before their
 * gradients.
 *
 * A student who saved their scores (N, C) and the loss their code
 * returned can have the two checked against the network's own forward
 * pass.  Wrong scores put the mistake in the forward pass; a loss that no
 * convention (convention.h) gives puts it in the loss.  Either way the
 * gradients are not to blame first.  Each finding is explained, as the
 * gradient causes are, by the mistake that reproduces it:
 *
 *   scores   b1-missing, b2-missing, biases-missing, relu-missing,
 *            relu-on-scores, softmax (probabilities returned), unknown
 *   loss     penalty-missing, penalty-factor:K, W1-twice, W2-twice,
 *            W1-only, W2-only, data-scale:K, unknown
 *
 * The loss's convention is inferred as well: which of the eight gives
 * the student's value (when several do, as with reg = 0, all of them). */

#ifndef BP_FORWARD_H
#define BP_FORWARD_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>

#include "net.h"
#include "convention.h"

typedef struct bp_forward_check {
  int has_scores, has_loss;     /* what was supplied */
  int scores_ok, loss_ok;       /* 1 when right (or not supplied) */
  /* The scores: the first wrong entry (row-major) and the values there,
   * the largest relative error, and the mistake that reproduces them. */
  size_t row, col;
  double got, want;
  double scores_err;
  char scores_cause[32];
  char scores_because[256];
  /* The loss: the value given and the value of the convention found (or,
   * when none fits, of the library's own); the conventions that give it
   * (nconv of them in conv, most usual first); the mistake. */
  double loss, want_loss;
  size_t nconv;
  bp_convention conv[BP_CONVENTIONS];
  char loss_cause[32];
  char loss_because[320];
} bp_forward_check;

/* Check scores (N, C, or NULL) and loss (NaN when not given) for the net
 * at X (N, D), y (N), reg.  rtol is the relative tolerance of a match
 * (1e-6 for float64 input; float32 wants 1e-4).  Returns 0, or a GSL
 * error code for shapes that do not fit or no memory. */
int bp_forward_check_run (const bp_net *net, const gsl_matrix *X,
                          const size_t *y, double reg,
                          const gsl_matrix *scores, double loss, double rtol,
                          bp_forward_check *out);

#endif /* BP_FORWARD_H */
