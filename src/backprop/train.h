/* train.h -- minibatch SGD with momentum and learning-rate decay, its
 * history, divergence detection, and evaluation.
 *
 * Each epoch shuffles the training set and walks it in batches of B
 * samples (N / B steps; the last N mod B samples of the shuffle wait for
 * another epoch).  One step, with v the velocity (zero at the start):
 *
 *   loss, dtheta = backward (forward (theta, batch))
 *   v     = momentum * v - lr * dtheta
 *   theta = theta + v
 *
 * and after each epoch lr = lr * lr_decay.  The backward pass adds the
 * penalty's gradient 2 reg W to dtheta itself.
 * The backward pass is a bp_backward_fn, so a wrong one (a bug from the
 * zoo, a student's) can be trained to see what it does to learning.  A
 * loss that is NaN or infinite stops training: the net is left with the
 * last parameters whose loss was finite, and the history says at which
 * iteration.
 *
 * The library never prints: progress goes to a callback. */

#ifndef BP_TRAIN_H
#define BP_TRAIN_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include "data.h"
#include "grads.h"
#include "net.h"

/* Statistics of one epoch. */
typedef struct bp_epoch_stats {
  size_t epoch;                 /* 1, 2, ... */
  double loss;                  /* mean batch loss over the epoch */
  double train_acc;             /* of the epoch's batches, as trained on */
  double val_acc;               /* after the epoch; NaN without val set */
  double lr;                    /* the learning rate used in the epoch */
  double seconds;               /* wall time of the epoch */
} bp_epoch_stats;

/* What the progress callback sees: after every step, stats is NULL; after
 * every epoch, stats points to the epoch's statistics. */
typedef struct bp_progress {
  size_t iter, iters;           /* steps done (1-based), steps in all */
  size_t epoch, epochs;         /* the current epoch (1-based), in all */
  size_t step, steps;           /* step within the epoch, steps per epoch */
  double loss;                  /* the loss of this step's batch */
  const bp_epoch_stats *stats;
} bp_progress;

typedef void bp_progress_fn (const bp_progress *p, void *data);

/* A check of the training itself (nntrain's sampled gradcheck of the
 * backward pass), called at the net's current parameters with the step's
 * batch X (B, D), preprocessed, and y (B), before the step's backward pass;
 * iter is the step, 0-based.  Nonzero stops training, and bp_train
 * returns it.  It is called before step `first' = min (check_every,
 * BP_TRAIN_FIRST_CHECK), when the first updates have moved the parameters
 * off their initial values, and before every step that is a multiple of
 * check_every after it. */
typedef int bp_train_check_fn (const bp_net *net, const gsl_matrix *X,
                               const size_t *y, size_t iter, void *data);

#define BP_TRAIN_FIRST_CHECK 10

typedef struct bp_train_params {
  size_t batch;                 /* samples per step */
  size_t epochs;                /* epochs to train, unless iters > 0 */
  size_t iters;                 /* steps to train; 0: epochs whole epochs */
  double lr;                    /* initial learning rate */
  double lr_decay;              /* lr multiplier after each epoch */
  double momentum;              /* 0 for plain SGD */
  double reg;                   /* L2 strength: loss term reg |W|^2 */
  bp_backward_fn *backward;     /* NULL: bp_net_backward */
  bp_progress_fn *progress;     /* NULL: no reports */
  void *progress_data;
  size_t check_every;           /* steps between checks; 0: no checks */
  bp_train_check_fn *check;     /* NULL: no checks */
  void *check_data;
} bp_train_params;

/* The defaults of nntrain, chosen on Fashion-MNIST's validation split. */
#define BP_TRAIN_BATCH 200
#define BP_TRAIN_EPOCHS 10
#define BP_TRAIN_LR 0.2
#define BP_TRAIN_LR_DECAY 0.8
#define BP_TRAIN_MOMENTUM 0.9
#define BP_TRAIN_REG 1e-4
#define BP_TRAIN_HIDDEN 100

void bp_train_params_default (bp_train_params *p);

/* Loss per step and statistics per epoch. */
typedef struct bp_history {
  size_t iters;                 /* steps recorded */
  size_t epochs;                /* epochs completed */
  double *loss;                 /* (iters) batch loss of each step */
  bp_epoch_stats *stats;        /* (epochs) */
  size_t diverged;              /* step whose loss was not finite, or 0 */
  double bad_loss;              /* that loss (NaN or an infinity) */
  size_t cap_iters, cap_epochs;
} bp_history;

bp_history *bp_history_alloc (size_t iters, size_t epochs);
void bp_history_free (bp_history *h);

/* Steps per epoch for N samples in batches of B: max(1, N / B). */
size_t bp_train_steps_per_epoch (size_t N, size_t B);

/* Train net on train (validating on val, which may be NULL), with inputs
 * preprocessed by pp; rng draws the batches.  The history (allocated here,
 * freed by the caller) is stored in *hist even on failure, when hist is
 * not NULL.  Returns 0; GSL_ERUNAWAY, without calling the error handler,
 * when the loss of iteration h->diverged was NaN or infinite (the net then
 * holds the parameters of iteration h->diverged - 1, the last whose loss
 * was finite); or another GSL error code from the backward pass or an
 * allocation. */
int bp_train (bp_net *net, const bp_dataset *train, const bp_dataset *val,
              const bp_preproc *pp, const bp_train_params *p, gsl_rng *rng,
              bp_history **hist);

/* The same training, tuned for speed, for the library's own backward pass
 * only (p->backward NULL or bp_net_backward; anything else is GSL_EINVAL),
 * and without checks (p->check is not called):
 * the penalty's gradient is added in the update, and the update keeps the
 * parameters before each step in place of the velocity, alternating two
 * parameter sets (net holds the result when it returns, not during
 * training).  With OpenMP, each of its threads takes a share of each
 * batch, with the BLAS on one thread inside it.  Its parameters match
 * bp_train's to about 1e-9 relative: the velocity, recomputed as a
 * difference, rounds differently, and the shares add their samples in
 * another order; on the same number of threads a run repeats itself to
 * the bit.  nntrain uses it. */
int bp_train_fast (bp_net *net, const bp_dataset *train,
                   const bp_dataset *val, const bp_preproc *pp,
                   const bp_train_params *p, gsl_rng *rng,
                   bp_history **hist);

/* How a training run with a wrong or a student's backward pass compares
 * with the reference backward pass's run on the same data and seed: the
 * symptom of a wrong gradient is a loss that falls while the accuracy
 * stays far below the reference's. */
typedef struct bp_symptom {
  double loss_first;            /* the run's loss at its first step */
  double loss_last;             /* the mean loss of its last epoch */
  int validation;               /* 1: the accuracies are on the validation
                                   set; 0: on the training batches */
  double acc, ref_acc;          /* after the last epoch: the run's, the
                                   reference's */
  int falls;                    /* loss_last < loss_first */
  int far_below;                /* acc < ref_acc - BP_SYMPTOM_GAP */
} bp_symptom;

#define BP_SYMPTOM_GAP 0.05

/* The symptom of run h against the reference run ref; GSL_EINVAL (through
 * the error handler) when either has no epoch. */
int bp_history_symptom (const bp_history *h, const bp_history *ref,
                        bp_symptom *s);

/* The class the net gives each sample of ds: labels (ds->N).  Works in
 * batches of at most 1000 rows. */
int bp_predict (const bp_net *net, const bp_dataset *ds,
                const bp_preproc *pp, size_t *labels);
/* The fraction of ds that the net classifies correctly. */
int bp_evaluate (const bp_net *net, const bp_dataset *ds,
                 const bp_preproc *pp, double *accuracy);

#endif /* BP_TRAIN_H */
