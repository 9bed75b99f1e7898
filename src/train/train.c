/* train.c -- minibatch SGD, history, divergence detection, evaluation
 * (see train.h). */

#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>

#include "backprop/backward.h"
#include "backprop/train.h"

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

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* What a forward pass over up to `rows' samples needs. */
struct eval_ws {
  size_t rows;
  gsl_matrix *X;                /* (rows, D) */
  bp_cache *cache;              /* (rows, H, C) */
};

static void
eval_ws_free (struct eval_ws *w)
{
  if (w->X)
    gsl_matrix_free (w->X);
  bp_cache_free (w->cache);
}

static int
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

static int
predict_ws (const bp_net *net, const bp_dataset *ds, const bp_preproc *pp,
            struct eval_ws *w, size_t *labels)
{
  if (ds->D != net->D)
    GSL_ERROR ("predict: data and network differ in D", GSL_EBADLEN);
  for (size_t first = 0; first < ds->N; first += w->rows)
    {
      size_t n = GSL_MIN (w->rows, ds->N - first);
      gsl_matrix_view X = gsl_matrix_submatrix (w->X, 0, 0, n, ds->D);
      int status = bp_dataset_batch (ds, pp, NULL, first, &X.matrix, NULL);
      if (status == 0)
        status = predict_rows (net, w, n, labels + first);
      if (status)
        return status;
    }
  return 0;
}

/* Accuracy with a workspace; labels (w->rows) is scratch. */
static int
evaluate_ws (const bp_net *net, const bp_dataset *ds, const bp_preproc *pp,
             struct eval_ws *w, size_t *labels, double *accuracy)
{
  size_t right = 0;

  if (ds->D != net->D)
    GSL_ERROR ("evaluate: data and network differ in D", GSL_EBADLEN);
  for (size_t first = 0; first < ds->N; first += w->rows)
    {
      size_t n = GSL_MIN (w->rows, ds->N - first);
      gsl_matrix_view X = gsl_matrix_submatrix (w->X, 0, 0, n, ds->D);
      int status = bp_dataset_batch (ds, pp, NULL, first, &X.matrix, NULL);
      if (status == 0)
        status = predict_rows (net, w, n, labels);
      if (status)
        return status;
      for (size_t i = 0; i < n; i++)
        right += labels[i] == ds->y[first + i];
    }
  *accuracy = (double) right / (double) ds->N;
  return 0;
}

int
bp_predict (const bp_net *net, const bp_dataset *ds, const bp_preproc *pp,
            size_t *labels)
{
  struct eval_ws w = { 0, NULL, NULL };
  int status = eval_ws_alloc (&w, GSL_MIN (ds->N, EVAL_ROWS), net);

  if (status == 0)
    status = predict_ws (net, ds, pp, &w, labels);
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

/* Everything a training run needs, allocated once. */
struct train_ws {
  gsl_matrix *X;                /* (B, D) the batch */
  size_t *y;                    /* (B) its labels */
  bp_cache *cache;              /* (B, H, C) */
  bp_grads *g;                  /* (B, D, H, C) */
  bp_net *spare;                /* the other set of parameters (see
                                   sgd_step) */
  size_t *perm;                 /* (N) the shuffle of the training set */
  size_t *labels;               /* (EVAL_ROWS) */
  struct eval_ws eval;
};

static void
train_ws_free (struct train_ws *w)
{
  if (w->X)
    gsl_matrix_free (w->X);
  free (w->y);
  bp_cache_free (w->cache);
  bp_grads_free (w->g);
  bp_net_free (w->spare);
  free (w->perm);
  free (w->labels);
  eval_ws_free (&w->eval);
}

static int
train_ws_alloc (struct train_ws *w, const bp_net *net, size_t N, size_t B,
                size_t Nval)
{
  memset (w, 0, sizeof *w);
  w->X = gsl_matrix_alloc (B, net->D);
  w->y = malloc (B * sizeof *w->y);
  w->cache = bp_cache_alloc (B, net->H, net->C);
  w->g = bp_grads_alloc (B, net->D, net->H, net->C);
  w->spare = bp_net_alloc (net->D, net->H, net->C);
  w->perm = malloc (N * sizeof *w->perm);
  w->labels = malloc (EVAL_ROWS * sizeof *w->labels);
  if (!w->X || !w->y || !w->cache || !w->g || !w->spare
      || !w->perm || !w->labels
      || (Nval > 0 && eval_ws_alloc (&w->eval, GSL_MIN (Nval, EVAL_ROWS),
                                     net)))
    {
      train_ws_free (w);
      GSL_ERROR ("cannot allocate training workspace", GSL_ENOMEM);
    }
  for (size_t i = 0; i < N; i++)
    w->perm[i] = i;
  return 0;
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

/* The momentum step for n parameters.  With v the step just taken,
 *   v' = momentum v - lr (dtheta + 2 reg theta),   next = theta + v'
 * where reg is zero unless dtheta lacks the penalty's gradient (see
 * bp_train).  Since v = theta - last, the parameters before it, keeping
 * `last' does without v; `next' overwrites it.  So the parameters a step
 * starts from survive it, for a rollback when the next loss is not finite,
 * and the update streams three arrays, not four: a separate v and a copy
 * of theta for the rollback made training about a tenth slower.  Returns
 * |next|^2, summed while the values are in registers: the reg term of the
 * next loss needs it for the weights, and a pass of its own over them cost
 * more than 1%.  With OpenMP, the threads that BLIS uses between its
 * matrix products share the loop. */
static double
sgd_step (const double *restrict theta, double *restrict last_next,
          const double *restrict dtheta, size_t n, double reg, double lr,
          double momentum)
{
  double sq = 0.0;

#ifdef _OPENMP
#pragma omp parallel for simd reduction (+:sq) if (n > 10000)
#endif
  for (size_t i = 0; i < n; i++)
    {
      double d = dtheta[i] + 2.0 * reg * theta[i];
      double v = momentum * (theta[i] - last_next[i]) - lr * d;
      last_next[i] = theta[i] + v;
      sq += last_next[i] * last_next[i];
    }
  return sq;
}

/* The step for every parameter, from `from' into `to', which holds the
 * parameters before `from', adding 2 reg W to the weights' gradients;
 * returns |W1|^2 + |W2|^2 of the new parameters. */
static double
sgd_net (const bp_net *from, bp_net *to, const bp_grads *g, double reg,
         double lr, double momentum)
{
  const struct { const double *at; size_t n; int weights; } part[] = {
    { from->W1->data, from->D * from->H, 1 },
    { from->b1->data, from->H, 0 },
    { from->W2->data, from->H * from->C, 1 },
    { from->b2->data, from->C, 0 },
  };
  double wsq = 0.0;

  for (size_t k = 0; k < sizeof part / sizeof part[0]; k++)
    {
      size_t at = (size_t) (part[k].at - from->theta->data);
      double sq = sgd_step (from->theta->data + at, to->theta->data + at,
                            g->dtheta->data + at, part[k].n,
                            part[k].weights ? reg : 0.0, lr, momentum);
      if (part[k].weights)
        wsq += sq;
    }
  return wsq;
}

int
bp_train (bp_net *net, const bp_dataset *train, const bp_dataset *val,
          const bp_preproc *pp, const bp_train_params *p, gsl_rng *rng,
          bp_history **hist)
{
  bp_backward_fn *backward = p->backward ? p->backward : bp_net_backward;
  /* The library's own backward pass is run without the penalty, whose
   * gradient the update adds as it reads dtheta: bp_l2_backward's
   * arithmetic, bit for bit, without a pass of its own over the weights.
   * Any other backward pass (a bug's, a student's) is trained with its
   * own idea of the penalty. */
  double reg_bw = p->backward ? p->reg : 0.0, reg_up = p->reg - reg_bw;
  bp_net *cur = net, *prev = net; /* this step's parameters, the last's */
  size_t B = p->batch, steps, iters, epochs, right = 0, seen = 0;
  double lr = p->lr, loss_sum = 0.0, t0 = now ();
  double wsq;                   /* |W1|^2 + |W2|^2 of cur */
  struct train_ws w;
  bp_history *h;
  int status = 0;

  if (hist)
    *hist = NULL;
  if (B == 0 || B > train->N)
    GSL_ERROR ("train: the batch must have 1 to N samples", GSL_EINVAL);
  if (train->D != net->D || pp->D != net->D || train->C > net->C
      || (val && (val->D != net->D || val->C > net->C)))
    GSL_ERROR ("train: data, preprocessing and network do not fit",
               GSL_EBADLEN);
  if (p->iters == 0 && p->epochs == 0)
    GSL_ERROR ("train: no epochs and no iterations", GSL_EINVAL);
  steps = bp_train_steps_per_epoch (train->N, B);
  if (p->iters > 0)
    {
      iters = p->iters;
      epochs = (iters + steps - 1) / steps;
    }
  else
    {
      epochs = p->epochs;
      if (epochs > SIZE_MAX / steps)
        GSL_ERROR ("train: too many epochs", GSL_EINVAL);
      iters = epochs * steps;
    }
  h = bp_history_alloc (iters, epochs);
  if (h == NULL)
    return GSL_ENOMEM;
  if (train_ws_alloc (&w, net, train->N, B, val ? val->N : 0))
    {
      bp_history_free (h);
      return GSL_ENOMEM;
    }
  bp_net_memcpy (w.spare, net); /* the parameters "before" the first step:
                                   v starts at zero */
  wsq = bp_net_reg_loss (net, 1.0);

  for (size_t it = 0; it < iters; it++)
    {
      size_t step = it % steps, epoch = it / steps;
      bp_progress pr;
      double loss;

      if (step == 0)
        gsl_ran_shuffle (rng, w.perm, train->N, sizeof *w.perm);
      status = bp_dataset_batch (train, pp, w.perm + step * B, 0, w.X, w.y);
      if (status == 0)
        status = bp_net_forward (cur, w.X, w.cache);
      if (status)
        break;
      loss = bp_net_data_loss (w.cache, w.y) + p->reg * wsq;
      if (!gsl_finite (loss))
        {
          /* The step that led here made the parameters bad: undo it. */
          if (it > 0)
            cur = prev;
          h->diverged = it + 1;
          h->bad_loss = loss;
          status = GSL_ERUNAWAY;
          break;
        }
      h->loss[h->iters++] = loss;
      loss_sum += loss;
      right += count_right (w.cache, w.y);
      seen += B;
      status = backward (cur, w.X, w.y, reg_bw, w.cache, w.g);
      if (status)
        break;
      prev = cur;
      cur = cur == net ? w.spare : net;
      wsq = sgd_net (prev, cur, w.g, reg_up, lr, p->momentum);

      pr.iter = it + 1;
      pr.iters = iters;
      pr.epoch = epoch + 1;
      pr.epochs = epochs;
      pr.step = step + 1;
      pr.steps = GSL_MIN (steps, iters - epoch * steps);
      pr.loss = loss;
      pr.stats = NULL;
      if (pr.step == pr.steps)
        {
          bp_epoch_stats *s = &h->stats[h->epochs];
          double t;
          s->epoch = epoch + 1;
          s->loss = loss_sum / (double) pr.steps;
          s->train_acc = (double) right / (double) seen;
          s->val_acc = GSL_NAN;
          if (val && (status = evaluate_ws (cur, val, pp, &w.eval, w.labels,
                                            &s->val_acc)))
            break;
          s->lr = lr;
          t = now ();
          s->seconds = t - t0;
          t0 = t;
          h->epochs++;
          pr.stats = s;
          lr *= p->lr_decay;
          loss_sum = 0.0;
          right = seen = 0;
        }
      if (p->progress)
        p->progress (&pr, p->progress_data);
    }
  if (cur != net)
    bp_net_memcpy (net, cur);
  train_ws_free (&w);
  if (hist)
    *hist = h;
  else
    bp_history_free (h);
  return status;
}
