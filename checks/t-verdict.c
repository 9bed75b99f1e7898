/* t-verdict.c -- forward pass, loss, convention and gradients together:
 * correct work in any convention passes, each kind of mistake is blamed
 * where it lies. */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "tap.h"
#include "backprop/backward.h"
#include "backprop/verdict.h"

enum { N = 7, D = 5, H = 9, C = 4 };
static const double reg = 0.145;

static bp_net *net;
static bp_cache *cache;
static gsl_matrix *X;
static size_t y[N];

static void
setup (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 1571);
  net = bp_net_alloc (D, H, C);
  cache = bp_cache_alloc (N, H, C);
  X = gsl_matrix_alloc (N, D);
  bp_net_init_gaussian (net, rng, 0.45);
  for (size_t j = 0; j < H; j++)
    gsl_vector_set (net->b1, j, 0.15 * (double) (j % 3) + 0.05);
  for (size_t k = 0; k < C; k++)
    gsl_vector_set (net->b2, k, 0.2 - 0.1 * (double) k);
  for (size_t i = 0; i < N * D; i++)
    X->data[i] = gsl_ran_gaussian (rng, 1.0);
  for (size_t n = 0; n < N; n++)
    y[n] = (3 * n) % C;
  bp_net_forward (net, X, cache);
  gsl_rng_free (rng);
}

/* The reference backward pass, but adding dW1 onto what g held, as a
 * student who never sets it to zero does. */
static int
accumulating (const bp_net *n, const gsl_matrix *x, const size_t *labels,
              double r, const bp_cache *c, bp_grads *g)
{
  gsl_matrix *old = gsl_matrix_alloc (g->dW1->size1, g->dW1->size2);
  int status;

  gsl_matrix_memcpy (old, g->dW1);
  status = bp_net_backward (n, x, labels, r, c, g);
  gsl_matrix_add (g->dW1, old);
  gsl_matrix_free (old);
  return status;
}

/* The reference backward pass, but leaving dz1 as g held it where z1 <= 0,
 * as a student whose ReLU mask is an if with no else does. */
static int
unwritten (const bp_net *n, const gsl_matrix *x, const size_t *labels,
           double r, const bp_cache *c, bp_grads *g)
{
  gsl_matrix *old = gsl_matrix_alloc (g->dz1->size1, g->dz1->size2);
  int status;

  gsl_matrix_memcpy (old, g->dz1);
  status = bp_net_backward (n, x, labels, r, c, g);
  for (size_t i = 0; i < old->size1; i++)
    for (size_t j = 0; j < old->size2; j++)
      if (gsl_matrix_get (c->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (old, i, j));
  gsl_matrix_free (old);
  return status;
}

/* The reference backward pass, but storing dp1 with its first two rows
 * swapped, while dz1 stays made from the right dp1. */
static int
unstored (const bp_net *n, const gsl_matrix *x, const size_t *labels,
          double r, const bp_cache *c, bp_grads *g)
{
  int status = bp_net_backward (n, x, labels, r, c, g);

  gsl_matrix_swap_rows (g->dp1, 0, 1);
  return status;
}

/* The entries of z1 at or below zero. */
static size_t
count_off (const gsl_matrix *z1)
{
  size_t n = 0;

  for (size_t i = 0; i < z1->size1; i++)
    for (size_t j = 0; j < z1->size2; j++)
      n += gsl_matrix_get (z1, i, j) <= 0;
  return n;
}

static bp_convention
conv (double penalty, int biases, int sum)
{
  bp_convention c = { penalty, biases, sum };
  return c;
}

/* The verdict on convention c's correct gradients (or with dW1 scaled by
 * w1k), with scores S and loss. */
static bp_verdict *
verdict (const bp_convention *c, double w1k, const gsl_matrix *S,
         double loss, int declared, const bp_convention *as)
{
  bp_grads *g = bp_grads_alloc (N, D, H, C);
  bp_gradcheck_opts o;
  bp_verdict *v;

  bp_gradcheck_opts_init (&o);
  if (as)
    o.conv = *as;
  bp_convention_backward (c, net, X, y, reg, cache, g);
  gsl_matrix_scale (g->dW1, w1k);
  v = bp_verdict_run (net, X, y, reg, g, S, loss, &o,
                      declared ? BP_VERDICT_DECLARED : 0);
  bp_grads_free (g);
  if (v == NULL)
    bail ("bp_verdict_run failed");
  return v;
}

int
main (void)
{
  bp_convention half = conv (0.5, 0, 0), all[3];
  bp_verdict *v;
  bp_net *nob2 = bp_net_alloc (D, H, C);
  bp_cache *c2 = bp_cache_alloc (N, H, C);
  double loss;
  char name[BP_CONVENTION_NAME_MAX];

  tap_gsl_handler_install ();
  setup ();
  plan (16);
  all[0] = half;
  all[1] = conv (1.0, 1, 0);
  all[2] = conv (0.5, 1, 1);

  /* correct work in three conventions, each with its loss and scores */
  for (int i = 0; i < 3; i++)
    {
      loss = bp_convention_loss (&all[i], net, cache, y, reg);
      v = verdict (&all[i], 1.0, cache->z2, loss, 0, NULL);
      ok (!bp_verdict_wrong (v) && v->source == BP_CONV_FROM_LOSS
          && v->conv.penalty == all[i].penalty
          && v->conv.biases == all[i].biases && v->conv.sum == all[i].sum,
          "correct %s work with its loss: right, convention from the loss",
          bp_convention_name (&all[i], name));
      bp_verdict_free (v);
    }

  /* W1 counted twice in a half-penalty loss; the gradients are right */
  loss = bp_net_data_loss (cache, y)
    + 0.5 * reg * (2 * bp_net_reg_loss (net, 1.0)
                   - bp_l2_forward (net->W2, 1.0));
  v = verdict (&half, 1.0, cache->z2, loss, 0, NULL);
  ok (bp_verdict_wrong (v) && !v->fwd.loss_ok, "W1 twice: the loss is wrong");
  is_substr (v->fwd.loss_cause, "W1-twice", "W1 twice: named");
  is_int ((long) bp_gradcheck_failures (v->check), 0,
          "W1 twice: the gradients agree under the half convention");
  bp_verdict_free (v);

  /* scores without b2: the forward pass is the root, nothing else is */
  bp_net_memcpy (nob2, net);
  gsl_vector_set_zero (nob2->b2);
  bp_net_forward (nob2, X, c2);
  {
    bp_convention def = conv (1.0, 0, 0);
    v = verdict (&def, 0.5, c2->z2, GSL_NAN, 0, NULL);
    ok (!v->fwd.scores_ok, "scores without b2: the forward pass is wrong");
    ok (v->check->g[BP_DW1].status == BP_STATUS_INHERITED,
        "scores without b2: a wrong dW1 is inherited, not a root");
    bp_verdict_free (v);
  }

  /* no loss: half-convention gradients, assumed the library's */
  v = verdict (&half, 1.0, NULL, GSL_NAN, 0, NULL);
  ok (bp_verdict_wrong (v) && v->source == BP_CONV_ASSUMED,
      "half gradients, no loss: wrong under the assumed convention");
  ok (v->hint && v->hint_conv.penalty == 0.5 && !v->hint_conv.biases,
      "half gradients, no loss: the hint names the half convention");
  bp_verdict_free (v);

  /* ... declared, they pass */
  v = verdict (&half, 1.0, NULL, GSL_NAN, 1, &half);
  ok (!bp_verdict_wrong (v) && v->source == BP_CONV_DECLARED,
      "half gradients, half declared: right");
  bp_verdict_free (v);

  /* a real bug under the half convention, with its loss: still a root */
  loss = bp_convention_loss (&half, net, cache, y, reg);
  v = verdict (&half, 1.0 / N, cache->z2, loss, 0, NULL);
  ok (v->check->g[BP_DW1].status == BP_STATUS_ROOT
      && v->check->g[BP_DW2].status == BP_STATUS_OK,
      "dW1 divided by N again under the half convention: dW1 root only");
  bp_verdict_free (v);

  /* a backward pass run again with its last gradients in g, as training
   * runs it: a dW1 that adds onto them is a root, "accumulates" */
  {
    bp_gradcheck_opts o;
    bp_error err;
    bp_gradcheck_opts_init (&o);
    ok (bp_verdict_backward (net, X, y, reg, accumulating, NULL, 0, &o, 0, &v,
                             &err) == 0
        && v->check->g[BP_DW1].status == BP_STATUS_ROOT
        && strcmp (v->check->g[BP_DW1].cause, "accumulates") == 0
        && v->check->g[BP_DW1].exact
        && bp_gradcheck_failures (v->check) == 1,
        "dW1 += without zeroing: dW1 root, cause accumulates, verified");
    bp_verdict_free (v);
    ok (bp_verdict_backward (net, X, y, reg, bp_net_backward, NULL, 0, &o, 0,
                             &v, &err) == 0 && !bp_verdict_wrong (v),
        "the reference backward pass, called twice: right");
    bp_verdict_free (v);
    /* right with g zero, but dz1's masked entries never written */
    ok (bp_verdict_backward (net, X, y, reg, unwritten, NULL, 0, &o, 0, &v,
                             &err) == 0
        && v->check->g[BP_DZ1].status == BP_STATUS_ROOT
        && strcmp (v->check->g[BP_DZ1].cause, "unwritten") == 0
        && v->check->g[BP_DZ1].bad_local == count_off (cache->z1)
        && count_off (cache->z1) > 0
        && bp_gradcheck_failures (v->check) == 1,
        "dz1 left unwritten where z1 <= 0: dz1 root, cause unwritten, "
        "%zu entries", count_off (cache->z1));
    bp_verdict_free (v);
    /* dz1 made from a right dp1 that is not the one stored */
    ok (bp_verdict_backward (net, X, y, reg, unstored, NULL, 0, &o, 0, &v,
                             &err) == 0
        && v->check->g[BP_DP1].status == BP_STATUS_ROOT
        && v->check->g[BP_DZ1].status == BP_STATUS_ROOT
        && strcmp (v->check->g[BP_DZ1].cause, "unstored-upstream") == 0
        && v->check->g[BP_DZ1].bad_global == 0
        && bp_gradcheck_failures (v->check) == 2,
        "dp1 stored with two rows swapped, dz1 from the right dp1: dz1 "
        "root, cause unstored-upstream");
    bp_verdict_free (v);
  }

  bp_net_free (nob2);
  bp_cache_free (c2);
  bp_net_free (net);
  bp_cache_free (cache);
  gsl_matrix_free (X);
  return tap_done ();
}
