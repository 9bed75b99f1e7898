/* train.c -- minibatch SGD, history, divergence detection, evaluation
 * (see train.h).
 *
 * bp_train, at the end, is the reference: it reads as the algorithm.
 * sgd-fast.c is the same algorithm tuned for speed (bp_train_fast); the
 * two share the loop's bookkeeping below (loop.h), and checks/t-sgd-fast
 * holds them to the same parameters. */

#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_randist.h>

#include "backprop/backward.h"
#include "backprop/train.h"
#include "loop.h"
#include "../core/proc.h"

/* Rows per forward pass when predicting. */
#define EVAL_ROWS 1000

void
bp_train_params_default (bp_train_params *p)
{
  memset (p, 0, sizeof *p);
  p->batch = BP_TRAIN_BATCH;
  p->epochs = BP_TRAIN_EPOCHS;
  p->lr = BP_TRAIN_LR;
  p->lr_decay = BP_TRAIN_LR_DECAY;
  p->momentum = BP_TRAIN_MOMENTUM;
  p->reg = BP_TRAIN_REG;
}

bp_history *
bp_history_alloc (size_t iters, size_t epochs)
{
  bp_history *h;

  if (iters == 0 || epochs == 0 || iters > SIZE_MAX / sizeof (double)
      || epochs > SIZE_MAX / sizeof (bp_epoch_stats))
    GSL_ERROR_NULL ("history sizes must be positive", GSL_EINVAL);
  h = calloc (1, sizeof *h);
  if (h == NULL)
    GSL_ERROR_NULL ("cannot allocate history", GSL_ENOMEM);
  h->loss = malloc (iters * sizeof *h->loss);
  h->stats = malloc (epochs * sizeof *h->stats);
  if (h->loss == NULL || h->stats == NULL)
    {
      bp_history_free (h);
      GSL_ERROR_NULL ("cannot allocate history", GSL_ENOMEM);
    }
  h->cap_iters = iters;
  h->cap_epochs = epochs;
  return h;
}

void
bp_history_free (bp_history *h)
{
  if (h == NULL)
    return;
  free (h->loss);
  free (h->stats);
  free (h);
}

size_t
bp_train_steps_per_epoch (size_t N, size_t B)
{
  return N / B > 0 ? N / B : 1;
}

void
eval_ws_free (struct eval_ws *w)
{
  if (w->X)
    gsl_matrix_free (w->X);
  bp_cache_free (w->cache);
}

int
eval_ws_alloc (struct eval_ws *w, size_t rows, const bp_net *net)
{
  w->rows = rows;
  w->X = gsl_matrix_alloc (rows, net->D);
  w->cache = w->X ? bp_cache_alloc (rows, net->H, net->C) : NULL;
  if (w->cache == NULL)
    {
      eval_ws_free (w);
      GSL_ERROR ("cannot allocate evaluation workspace", GSL_ENOMEM);
    }
  return 0;
}

/* Forward n <= w->rows samples already in the first n rows of w->X and
 * write the argmax of each row's scores to labels (n).  The first n rows
 * of the workspace's matrices serve as a cache of n rows. */
static int
predict_rows (const bp_net *net, struct eval_ws *w, size_t n, size_t *labels)
{
  gsl_matrix_view X = gsl_matrix_submatrix (w->X, 0, 0, n, net->D);
  gsl_matrix_view z1 = gsl_matrix_submatrix (w->cache->z1, 0, 0, n, net->H);
  gsl_matrix_view p1 = gsl_matrix_submatrix (w->cache->p1, 0, 0, n, net->H);
  gsl_matrix_view z2 = gsl_matrix_submatrix (w->cache->z2, 0, 0, n, net->C);
  gsl_matrix_view pr = gsl_matrix_submatrix (w->cache->prob, 0, 0, n,
                                             net->C);
  bp_cache c = { n, net->H, net->C, &z1.matrix, &p1.matrix, &z2.matrix,
                 &pr.matrix };

  return bp_net_predict (net, &X.matrix, &c, labels);
}

/* Predict every sample of ds, w->rows at a time.  With `all', labels
 * (ds->N) gets every sample's label; without, labels (w->rows) holds one
 * slice at a time and only *right, the number of labels that match ds->y,
 * is kept. */
static int
predict_slices (const bp_net *net, const bp_dataset *ds,
                const bp_preproc *pp, struct eval_ws *w, size_t *labels,
                int all, size_t *right)
{
  if (ds->D != net->D)
    GSL_ERROR ("predict: data and network differ in D", GSL_EBADLEN);
  *right = 0;
  for (size_t first = 0; first < ds->N; first += w->rows)
    {
      size_t n = GSL_MIN (w->rows, ds->N - first);
      size_t *out = all ? labels + first : labels;
      gsl_matrix_view X = gsl_matrix_submatrix (w->X, 0, 0, n, ds->D);
      int status = bp_dataset_batch (ds, pp, NULL, first, &X.matrix, NULL);
      if (status == 0)
        status = predict_rows (net, w, n, out);
      if (status)
        return status;
      for (size_t i = 0; i < n; i++)
        *right += out[i] == ds->y[first + i];
    }
  return 0;
}

int
evaluate_ws (const bp_net *net, const bp_dataset *ds, const bp_preproc *pp,
             struct eval_ws *w, size_t *labels, double *accuracy)
{
  size_t right;
  int status = predict_slices (net, ds, pp, w, labels, 0, &right);

  if (status == 0)
    *accuracy = (double) right / (double) ds->N;
  return status;
}

int
bp_predict (const bp_net *net, const bp_dataset *ds, const bp_preproc *pp,
            size_t *labels)
{
  struct eval_ws w = { 0, NULL, NULL };
  size_t right;
  int status = eval_ws_alloc (&w, GSL_MIN (ds->N, EVAL_ROWS), net);

  if (status == 0)
    status = predict_slices (net, ds, pp, &w, labels, 1, &right);
  eval_ws_free (&w);
  return status;
}

int
bp_evaluate (const bp_net *net, const bp_dataset *ds, const bp_preproc *pp,
             double *accuracy)
{
  struct eval_ws w = { 0, NULL, NULL };
  size_t *labels = NULL;
  int status = eval_ws_alloc (&w, GSL_MIN (ds->N, EVAL_ROWS), net);

  if (status == 0 && (labels = malloc (w.rows * sizeof *labels)) == NULL)
    {
      eval_ws_free (&w);
      GSL_ERROR ("evaluate: cannot allocate labels", GSL_ENOMEM);
    }
  if (status == 0)
    status = evaluate_ws (net, ds, pp, &w, labels, accuracy);
  free (labels);
  eval_ws_free (&w);
  return status;
}

/* The loop's bookkeeping, shared with sgd-fast.c (see loop.h). */

void
sgd_run_free (struct sgd_run *r)
{
  if (r->X)
    gsl_matrix_free (r->X);
  free (r->y);
  bp_cache_free (r->cache);
  bp_grads_free (r->g);
  free (r->perm);
  free (r->labels);
  eval_ws_free (&r->eval);
  bp_history_free (r->h);
  r->h = NULL;
}

int
sgd_count (const bp_train_params *p, size_t N, size_t *steps, size_t *iters,
           size_t *epochs)
{
  *steps = bp_train_steps_per_epoch (N, p->batch);
  if (p->iters > 0)
    {
      *iters = p->iters;
      *epochs = (*iters + *steps - 1) / *steps;
      return 0;
    }
  if (p->epochs > SIZE_MAX / *steps)
    GSL_ERROR ("train: too many epochs", GSL_EINVAL);
  *epochs = p->epochs;
  *iters = *epochs * *steps;
  return 0;
}

int
sgd_run_begin (struct sgd_run *r, const bp_net *net, const bp_dataset *train,
               const bp_dataset *val, const bp_preproc *pp,
               const bp_train_params *p)
{
  size_t B = p->batch, N = train->N;

  memset (r, 0, sizeof *r);
  r->train = train;
  r->val = val;
  r->pp = pp;
  r->p = p;
  r->lr = p->lr;
  r->t0 = bp_clock_seconds ();
  if (B == 0 || B > N)
    GSL_ERROR ("train: the batch must have 1 to N samples", GSL_EINVAL);
  if (train->D != net->D || pp->D != net->D || train->C > net->C
      || (val && (val->D != net->D || val->C > net->C)))
    GSL_ERROR ("train: data, preprocessing and network do not fit",
               GSL_EBADLEN);
  if (p->iters == 0 && p->epochs == 0)
    GSL_ERROR ("train: no epochs and no iterations", GSL_EINVAL);
  if (sgd_count (p, N, &r->steps, &r->iters, &r->epochs))
    return GSL_EINVAL;
  r->h = bp_history_alloc (r->iters, r->epochs);
  r->X = gsl_matrix_alloc (B, net->D);
  r->y = malloc (B * sizeof *r->y);
  r->cache = bp_cache_alloc (B, net->H, net->C);
  r->g = bp_grads_alloc (B, net->D, net->H, net->C);
  r->perm = malloc (N * sizeof *r->perm);
  r->labels = malloc (EVAL_ROWS * sizeof *r->labels);
  if (!r->h || !r->X || !r->y || !r->cache || !r->g || !r->perm
      || !r->labels || (val && eval_ws_alloc (&r->eval, GSL_MIN (val->N,
                                                                 EVAL_ROWS),
                                              net)))
    {
      sgd_run_free (r);
      GSL_ERROR ("cannot allocate training workspace", GSL_ENOMEM);
    }
  for (size_t i = 0; i < N; i++)
    r->perm[i] = i;
  return 0;
}

const size_t *
sgd_order (struct sgd_run *r, size_t it, gsl_rng *rng)
{
  size_t step = it % r->steps;

  if (step == 0)
    gsl_ran_shuffle (rng, r->perm, r->train->N, sizeof *r->perm);
  return r->perm + step * r->p->batch;
}

int
sgd_batch (struct sgd_run *r, size_t it, gsl_rng *rng)
{
  return bp_dataset_batch (r->train, r->pp, sgd_order (r, it, rng), 0,
                           r->X, r->y);
}

/* Samples of the batch whose highest probability is at their label. */
static size_t
count_right (const bp_cache *cache, const size_t *y)
{
  size_t right = 0;
  for (size_t n = 0; n < cache->N; n++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (cache->prob, n);
      right += gsl_vector_max_index (&row.vector) == y[n];
    }
  return right;
}

int
sgd_record (struct sgd_run *r, size_t it, double loss)
{
  if (!gsl_finite (loss))
    {
      r->h->diverged = it + 1;
      r->h->bad_loss = loss;
      return GSL_ERUNAWAY;
    }
  r->h->loss[r->h->iters++] = loss;
  r->loss_sum += loss;
  r->right += count_right (r->cache, r->y);
  r->seen += r->p->batch;
  return 0;
}

/* The statistics of the epoch that step it ends, the net (its parameters
 * after the step) scored on the validation set. */
static int
sgd_epoch_stats (struct sgd_run *r, size_t it, size_t steps,
                 const bp_net *net, bp_epoch_stats *s)
{
  double t = bp_clock_seconds ();

  s->epoch = it / r->steps + 1;
  s->loss = r->loss_sum / (double) steps;
  s->train_acc = (double) r->right / (double) r->seen;
  s->val_acc = GSL_NAN;
  s->lr = r->lr;
  s->seconds = t - r->t0;
  r->t0 = t;
  r->loss_sum = 0.0;
  r->right = r->seen = 0;
  if (r->val)
    return evaluate_ws (net, r->val, r->pp, &r->eval, r->labels,
                        &s->val_acc);
  return 0;
}

int
sgd_step_done (struct sgd_run *r, size_t it, const bp_net *net)
{
  size_t epoch = it / r->steps;
  bp_progress pr;

  pr.iter = it + 1;
  pr.iters = r->iters;
  pr.epoch = epoch + 1;
  pr.epochs = r->epochs;
  pr.step = it % r->steps + 1;
  pr.steps = GSL_MIN (r->steps, r->iters - epoch * r->steps);
  pr.loss = r->h->loss[r->h->iters - 1];
  pr.stats = NULL;
  if (pr.step == pr.steps)
    {
      bp_epoch_stats *s = &r->h->stats[r->h->epochs];
      int status = sgd_epoch_stats (r, it, pr.steps, net, s);
      if (status)
        return status;
      r->h->epochs++;
      pr.stats = s;
      r->lr *= r->p->lr_decay;
    }
  if (r->p->progress)
    r->p->progress (&pr, r->p->progress_data);
  return 0;
}

void
sgd_run_end (struct sgd_run *r, bp_history **hist)
{
  if (hist)
    {
      *hist = r->h;
      r->h = NULL;
    }
  sgd_run_free (r);
}

/* Is a check due before step it (see bp_train_check_fn)? */
static int
check_due (const bp_train_params *p, size_t it)
{
  size_t first = GSL_MIN (p->check_every, BP_TRAIN_FIRST_CHECK);

  if (p->check == NULL || p->check_every == 0)
    return 0;
  return it == first || (it > first && it % p->check_every == 0);
}

/* The reference.  theta is the net's flat parameter block (W1, b1, W2,
 * b2), dtheta the gradients' block of the same layout, v the velocity. */
int
bp_train (bp_net *net, const bp_dataset *train, const bp_dataset *val,
          const bp_preproc *pp, const bp_train_params *p, gsl_rng *rng,
          bp_history **hist)
{
  bp_backward_fn *backward = p->backward ? p->backward : bp_net_backward;
  gsl_vector *theta = net->theta, *v = NULL, *last = NULL;
  struct sgd_run r;
  int status;

  if (hist)
    *hist = NULL;
  if ((status = sgd_run_begin (&r, net, train, val, pp, p)) != 0)
    return status;
  v = gsl_vector_calloc (theta->size);                 /* v = 0 */
  last = gsl_vector_alloc (theta->size);
  if (v == NULL || last == NULL)
    status = GSL_ENOMEM;
  for (size_t it = 0; status == 0 && it < r.iters; it++)
    {
      /* A batch, its forward pass and its loss, penalty included. */
      status = sgd_batch (&r, it, rng);
      if (status == 0)
        status = bp_net_forward (net, r.X, r.cache);
      if (status == 0)
        status = sgd_record (&r, it, bp_net_loss (net, r.cache, r.y,
                                                  p->reg));
      if (status == GSL_ERUNAWAY && it > 0)
        gsl_vector_memcpy (theta, last);   /* undo the step that led here */
      if (status == 0 && check_due (p, it))
        status = p->check (net, r.X, r.y, it, p->check_data);
      if (status)
        break;
      /* dtheta, the backward pass adding its own penalty 2 reg W. */
      status = backward (net, r.X, r.y, p->reg, r.cache, r.g);
      if (status)
        break;
      /* v = mu v - lr dtheta;  theta = theta + v */
      gsl_vector_memcpy (last, theta);
      gsl_vector_scale (v, p->momentum);
      gsl_blas_daxpy (-r.lr, r.g->dtheta, v);
      gsl_vector_add (theta, v);
      /* The epoch's statistics after its last step, then lr decays. */
      status = sgd_step_done (&r, it, net);
    }
  if (v)
    gsl_vector_free (v);
  if (last)
    gsl_vector_free (last);
  sgd_run_end (&r, hist);
  return status;
}

int
bp_history_symptom (const bp_history *h, const bp_history *ref,
                    bp_symptom *s)
{
  const bp_epoch_stats *last, *ref_last;

  if (h->epochs == 0 || ref->epochs == 0 || h->iters == 0)
    GSL_ERROR ("symptom: a run without epochs", GSL_EINVAL);
  last = &h->stats[h->epochs - 1];
  ref_last = &ref->stats[ref->epochs - 1];
  s->loss_first = h->loss[0];
  s->loss_last = last->loss;
  s->validation = !isnan (last->val_acc) && !isnan (ref_last->val_acc);
  s->acc = s->validation ? last->val_acc : last->train_acc;
  s->ref_acc = s->validation ? ref_last->val_acc : ref_last->train_acc;
  s->falls = s->loss_last < s->loss_first;
  s->far_below = s->acc < s->ref_acc - BP_SYMPTOM_GAP;
  return 0;
}
