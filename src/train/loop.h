/* loop.h -- what the reference bp_train (train.c) and the tuned
 * bp_train_fast (sgd-fast.c) share: the bookkeeping of a training run
 * around its steps.  Private to the library (hidden symbols). */

#ifndef BP_TRAIN_LOOP_H
#define BP_TRAIN_LOOP_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "backprop/data.h"
#include "backprop/grads.h"
#include "backprop/net.h"
#include "backprop/train.h"

#define BP_HIDDEN __attribute__ ((visibility ("hidden")))

/* What a forward pass over up to `rows' samples needs. */
struct eval_ws {
  size_t rows;
  gsl_matrix *X;                /* (rows, D) */
  bp_cache *cache;              /* (rows, H, C) */
};

BP_HIDDEN int eval_ws_alloc (struct eval_ws *w, size_t rows,
                             const bp_net *net);
BP_HIDDEN void eval_ws_free (struct eval_ws *w);
/* Accuracy with a workspace; labels (w->rows) is scratch. */
BP_HIDDEN int evaluate_ws (const bp_net *net, const bp_dataset *ds,
                           const bp_preproc *pp, struct eval_ws *w,
                           size_t *labels, double *accuracy);

/* A training run: its data, sizes, counters, history and workspace. */
struct sgd_run {
  const bp_dataset *train, *val;
  const bp_preproc *pp;
  const bp_train_params *p;
  size_t steps, iters, epochs;  /* steps per epoch, steps, epochs */
  double lr;                    /* this epoch's learning rate */
  double loss_sum, t0;          /* of the epoch so far; when it began */
  size_t right, seen;           /* of the epoch's batches */
  bp_history *h;
  gsl_matrix *X;                /* (B, D) the batch */
  size_t *y;                    /* (B) its labels */
  bp_cache *cache;              /* (B, H, C) */
  bp_grads *g;                  /* (B, D, H, C) */
  size_t *perm;                 /* (N) the shuffle of the training set */
  size_t *labels;               /* (EVAL_ROWS) */
  struct eval_ws eval;
};

/* Steps per epoch, steps and epochs of a run on N samples: N / B steps an
 * epoch, and either p->iters steps or p->epochs epochs.  GSL_EINVAL
 * (through the handler) when the steps would overflow. */
BP_HIDDEN int sgd_count (const bp_train_params *p, size_t N, size_t *steps,
                         size_t *iters, size_t *epochs);
/* Check the arguments and allocate the run; a GSL error code (through
 * the handler) when they do not fit. */
BP_HIDDEN int sgd_run_begin (struct sgd_run *r, const bp_net *net,
                             const bp_dataset *train, const bp_dataset *val,
                             const bp_preproc *pp,
                             const bp_train_params *p);
/* The indices (batch) of step it's samples in the training set, a new
 * shuffle each epoch. */
BP_HIDDEN const size_t *sgd_order (struct sgd_run *r, size_t it,
                                   gsl_rng *rng);
/* Step it's batch into r->X, r->y (sgd_order's samples). */
BP_HIDDEN int sgd_batch (struct sgd_run *r, size_t it, gsl_rng *rng);
/* Record step it's loss (and the batch's accuracy, from r->cache); a loss
 * that is not finite is GSL_ERUNAWAY, recorded as the divergence. */
BP_HIDDEN int sgd_record (struct sgd_run *r, size_t it, double loss);
/* After step it, whose parameters are now net's: the epoch's statistics
 * when it ends the epoch (then lr decays), and the progress report. */
BP_HIDDEN int sgd_step_done (struct sgd_run *r, size_t it,
                             const bp_net *net);
/* Hand the history to *hist (unless NULL) and free the run. */
BP_HIDDEN void sgd_run_end (struct sgd_run *r, bp_history **hist);
BP_HIDDEN void sgd_run_free (struct sgd_run *r);

#endif /* BP_TRAIN_LOOP_H */
