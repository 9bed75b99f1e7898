/* t-train.c -- training: the same seed gives the same parameters bit for
 * bit, the history and progress reports are complete, the backward pass
 * given is the one used, an absurd learning rate is caught at the
 * iteration where the loss stops being finite with the last good
 * parameters kept, and a short run on the shipped Fashion-MNIST subset
 * passes an accuracy floor. */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>

#include "backprop/data.h"
#include "backprop/backward.h"
#include "backprop/train.h"
#include "tap.h"

/* A learnable data set: 4x4 images of 3 classes, class c bright in row c
 * (plus noise); 300 samples. */
static bp_dataset *
make_data (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  bp_dataset *ds = bp_dataset_alloc (300, 16, 3, 0);

  gsl_rng_set (rng, 2385);
  ds->width = ds->height = 4;
  ds->channels = 1;
  for (size_t i = 0; i < ds->N; i++)
    {
      ds->y[i] = i % 3;
      for (size_t j = 0; j < 16; j++)
        ds->bytes[i * 16 + j] = (unsigned char)
          (gsl_rng_uniform_int (rng, 100) + (j / 4 == ds->y[i] ? 150 : 0));
    }
  gsl_rng_free (rng);
  return ds;
}

/* The full loss of net on all of ds, by the library's forward pass. */
static double
full_loss (const bp_net *net, const bp_dataset *ds, const bp_preproc *pp,
           double reg)
{
  gsl_matrix *X = gsl_matrix_alloc (ds->N, ds->D);
  size_t *y = malloc (ds->N * sizeof *y);
  bp_cache *cache = bp_cache_alloc (ds->N, net->H, net->C);
  double loss;

  bp_dataset_batch (ds, pp, NULL, 0, X, y);
  bp_net_forward (net, X, cache);
  loss = bp_net_loss (net, cache, y, reg);
  bp_cache_free (cache);
  free (y);
  gsl_matrix_free (X);
  return loss;
}

/* Train a fresh 16-8-3 net from seed; the caller frees net and hist. */
static int
run (const bp_dataset *ds, const bp_preproc *pp, bp_train_params *p,
     unsigned long seed, bp_net **net, bp_history **hist)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  int status;

  gsl_rng_set (rng, seed);
  *net = bp_net_alloc (16, 8, 3);
  bp_net_init_he (*net, rng);
  status = bp_train (*net, ds, NULL, pp, p, rng, hist);
  gsl_rng_free (rng);
  return status;
}

static size_t progress_calls, epoch_calls;

static void
count_progress (const bp_progress *p, void *data)
{
  (void) data;
  progress_calls++;
  if (p->stats != NULL)
    epoch_calls++;
}

/* The library's backward pass under another name: bp_train must treat
 * it exactly as bp_net_backward itself. */
static int
library_backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
                  double reg, const bp_cache *cache, bp_grads *g)
{
  return bp_net_backward (net, X, y, reg, cache, g);
}

/* A backward pass that says every gradient is zero. */
static int
zero_backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
               double reg, const bp_cache *cache, bp_grads *g)
{
  (void) net;
  (void) X;
  (void) y;
  (void) reg;
  (void) cache;
  gsl_vector_set_zero (g->dtheta);
  return 0;
}

static int
all_finite (const bp_net *net)
{
  for (size_t i = 0; i < net->theta->size; i++)
    if (!gsl_finite (gsl_vector_get (net->theta, i)))
      return 0;
  return 1;
}

int
main (void)
{
  bp_dataset *ds = make_data ();
  bp_preproc *pp = bp_preproc_alloc (16);
  bp_net *a, *b, *c, *init;
  bp_history *ha, *hb, *hc;
  bp_train_params p;
  bp_data *data;
  bp_error err;
  double acc;
  int status;

  tap_gsl_handler_install ();
  plan (22);
  bp_preproc_fit (pp, ds);
  bp_train_params_default (&p);
  p.batch = 25;
  p.epochs = 3;
  p.lr = 0.02;
  p.progress = count_progress;

  /* Same seed, same result; another seed, another result. */
  is_int (run (ds, pp, &p, 7, &a, &ha), 0, "3 epochs from seed 7");
  p.progress = NULL;
  run (ds, pp, &p, 7, &b, &hb);
  run (ds, pp, &p, 8, &c, &hc);
  ok (memcmp (a->theta->data, b->theta->data,
              a->theta->size * sizeof (double)) == 0,
      "seed 7 twice: the same %zu parameters bit for bit", a->theta->size);
  ok (memcmp (ha->loss, hb->loss, ha->iters * sizeof (double)) == 0,
      "... and the same loss at every step");
  ok (memcmp (a->theta->data, c->theta->data,
              a->theta->size * sizeof (double)) != 0,
      "seed 8 gives other parameters");

  /* History and progress. */
  is_int ((long) ha->iters, 36, "history has 3 epochs x 12 steps");
  is_int ((long) ha->epochs, 3, "... and 3 epoch records");
  is_int ((long) progress_calls, 36, "progress reported after every step");
  is_int ((long) epoch_calls, 3, "... with statistics after every epoch");
  ok (ha->stats[2].loss < ha->stats[0].loss && ha->stats[2].train_acc > 0.9,
      "the loss falls (%.4f -> %.4f) and the classes are learned (%.3f)",
      ha->stats[0].loss, ha->stats[2].loss, ha->stats[2].train_acc);
  is_double (ha->stats[1].lr, 0.02 * BP_TRAIN_LR_DECAY, 1e-15,
             "the learning rate decays after each epoch");
  ok (isnan (ha->stats[0].val_acc), "no validation set: val_acc is NaN");
  bp_net_free (b);
  bp_history_free (hb);

  /* The loss of each step is that of the step's parameters, reg term
   * included: with the whole set as the batch, the third step's loss is
   * bp_net_loss of the parameters after two steps, up to the order of the
   * samples. */
  {
    bp_train_params q = p;
    bp_net *two, *three, *other;
    bp_history *h2, *h3, *ho;
    q.batch = ds->N;
    q.reg = 0.05;
    q.iters = 2;
    run (ds, pp, &q, 7, &two, &h2);
    q.iters = 3;
    run (ds, pp, &q, 7, &three, &h3);
    is_double (h3->loss[2], full_loss (two, ds, pp, q.reg), 1e-13,
               "step 3's loss is that of the parameters after 2 steps");
    /* The library's backward pass under another name is the same
     * backward pass: the same result, bit for bit.  (bp_train_fast, which
     * adds the penalty in its update, is held to bp_train in
     * t-sgd-fast.) */
    q.backward = library_backward;
    run (ds, pp, &q, 7, &other, &ho);
    ok (memcmp (three->theta->data, other->theta->data,
                other->theta->size * sizeof (double)) == 0
        && memcmp (h3->loss, ho->loss, 3 * sizeof (double)) == 0,
        "the library's backward pass under another name: the same, bit for "
        "bit");
    bp_net_free (other);
    bp_history_free (ho);
    bp_net_free (two);
    bp_history_free (h2);
    bp_net_free (three);
    bp_history_free (h3);
  }

  /* The backward pass used is the one given. */
  p.backward = zero_backward;
  p.epochs = 1;
  run (ds, pp, &p, 7, &b, &hb);
  {
    gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
    gsl_rng_set (rng, 7);
    init = bp_net_alloc (16, 8, 3);
    bp_net_init_he (init, rng);
    gsl_rng_free (rng);
  }
  ok (memcmp (b->theta->data, init->theta->data,
              b->theta->size * sizeof (double)) == 0,
      "a backward pass of zero gradients leaves the parameters alone");
  bp_net_free (b);
  bp_history_free (hb);
  bp_net_free (c);
  bp_history_free (hc);
  p.backward = NULL;

  /* Divergence: an absurd learning rate. */
  p.lr = 1e100;
  p.epochs = 3;
  status = run (ds, pp, &p, 7, &b, &hb);
  is_int (status, GSL_ERUNAWAY, "lr 1e100 diverges");
  ok (hb->diverged >= 2 && hb->diverged <= 36 && !gsl_finite (hb->bad_loss),
      "... at iteration %zu, with loss %g", hb->diverged, hb->bad_loss);
  is_int ((long) hb->iters, (long) hb->diverged - 1,
          "... the history holds the good steps before it");
  ok (all_finite (b), "... the parameters kept are all finite");
  /* The last finite loss was that of iteration diverged - 1, computed
   * with the parameters after diverged - 2 steps. */
  if (hb->diverged >= 3)
    {
      p.iters = hb->diverged - 2;
      run (ds, pp, &p, 7, &c, &hc);
      ok (memcmp (b->theta->data, c->theta->data,
                  b->theta->size * sizeof (double)) == 0,
          "... and are those of iteration %zu (after %zu step%s), bit "
          "for bit", hb->diverged - 1, p.iters, p.iters == 1 ? "" : "s");
      bp_net_free (c);
      bp_history_free (hc);
    }
  else
    ok (memcmp (b->theta->data, init->theta->data,
                b->theta->size * sizeof (double)) == 0,
        "... and are the initial ones, bit for bit");
  bp_net_free (b);
  bp_history_free (hb);

  bp_history_free (ha);

  /* A short run on the shipped subset: 3 epochs of the defaults. */
  if (bp_data_load (tap_srcfile ("data/fashion-mnist-subset"), &data, &err))
    bail ("%s", err.msg);
  ok (data->train->N == 5000 && data->test->N == 1000,
      "the shipped subset has 5000 + 1000 images");
  bp_data_split (data, 500, &err);
  {
    gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
    bp_preproc *fp = bp_preproc_alloc (784);
    bp_net *net = bp_net_alloc (784, 50, 10);
    gsl_rng_set (rng, 1);
    bp_preproc_fit (fp, data->train);
    bp_net_init_he (net, rng);
    bp_train_params_default (&p);
    p.epochs = 3;
    is_int (bp_train (net, data->train, data->val, fp, &p, rng, &ha), 0,
            "3 epochs on the subset");
    bp_evaluate (net, data->test, fp, &acc);
    ok (acc >= 0.78 && ha->stats[2].val_acc >= 0.76,
        "test accuracy %.4f >= 0.78 (validation %.4f)", acc,
        ha->stats[2].val_acc);
    bp_history_free (ha);
    bp_net_free (net);
    bp_preproc_free (fp);
    gsl_rng_free (rng);
  }
  bp_data_free (data);
  bp_net_free (a);
  bp_net_free (init);
  bp_preproc_free (pp);
  bp_dataset_free (ds);
  return tap_done ();
}
