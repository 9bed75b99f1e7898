/* t-forward.c -- a student's scores and loss checked against the net's own
 * forward pass: each usual mistake is named, right ones pass. */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "tap.h"
#include "backprop/convention.h"
#include "backprop/forward.h"

enum { N = 6, D = 5, H = 7, C = 3 };
static const double reg = 0.235;

static bp_net *net;
static bp_cache *cache;
static gsl_matrix *X;
static size_t y[N];

static void
setup (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 7231);
  net = bp_net_alloc (D, H, C);
  cache = bp_cache_alloc (N, H, C);
  X = gsl_matrix_alloc (N, D);
  bp_net_init_gaussian (net, rng, 0.5);
  for (size_t j = 0; j < H; j++)
    gsl_vector_set (net->b1, j, 0.2 + 0.1 * (double) j);
  for (size_t k = 0; k < C; k++)
    gsl_vector_set (net->b2, k, -0.3 + 0.25 * (double) k);
  for (size_t i = 0; i < N * D; i++)
    X->data[i] = gsl_ran_gaussian (rng, 1.0);
  for (size_t n = 0; n < N; n++)
    y[n] = n % C;
  bp_net_forward (net, X, cache);
  gsl_rng_free (rng);
}

static double
sumsq (const double *x, size_t n)
{
  double s = 0.0;
  for (size_t i = 0; i < n; i++)
    s += x[i] * x[i];
  return s;
}

/* Check scores S (or NULL) and loss, and return the finding. */
static bp_forward_check
run (const gsl_matrix *S, double loss)
{
  bp_forward_check f;
  if (bp_forward_check_run (net, X, y, reg, S, loss, 1e-6, &f))
    bail ("bp_forward_check_run failed");
  return f;
}

int
main (void)
{
  double data, w1, w2, right;
  gsl_matrix *S = gsl_matrix_alloc (N, C);
  bp_forward_check f;
  bp_net *nob1 = bp_net_alloc (D, H, C);
  bp_cache *c2 = bp_cache_alloc (N, H, C);

  tap_gsl_handler_install ();
  setup ();
  plan (16);
  data = bp_net_data_loss (cache, y);
  w1 = sumsq (net->W1->data, D * H);
  w2 = sumsq (net->W2->data, H * C);
  right = data + reg * (w1 + w2);

  f = run (cache->z2, right);
  ok (f.scores_ok && f.loss_ok, "right scores and loss pass");
  ok (f.nconv == 1 && f.conv[0].penalty == 1.0 && !f.conv[0].sum,
      "the right loss names the library's convention");

  /* b1 left out of the forward pass */
  bp_net_memcpy (nob1, net);
  gsl_vector_set_zero (nob1->b1);
  bp_net_forward (nob1, X, c2);
  f = run (c2->z2, GSL_NAN);
  ok (!f.scores_ok, "scores without b1 are wrong");
  is_substr (f.scores_cause, "b1-missing", "scores without b1: the cause");
  ok (f.row == 0 && f.got == gsl_matrix_get (c2->z2, f.row, f.col)
      && f.want == gsl_matrix_get (cache->z2, f.row, f.col),
      "scores without b1: the first wrong entry is %zu,%zu with its values",
      f.row, f.col);
  /* ... and the loss computed from those scores is judged on them */
  f = run (c2->z2, bp_net_data_loss (c2, y) + 0.5 * reg * (w1 + w2));
  ok (f.loss_ok && f.nconv == 1 && f.conv[0].penalty == 0.5,
      "a half-penalty loss of the wrong scores: the loss itself is right");

  /* the ReLU left out */
  bp_affine_forward (cache->z1, net->W2, net->b2, S);
  f = run (S, GSL_NAN);
  is_substr (f.scores_cause, "relu-missing", "scores without the ReLU");
  /* the probabilities returned */
  f = run (cache->prob, GSL_NAN);
  is_substr (f.scores_cause, "softmax", "probabilities as scores");
  /* something else */
  gsl_matrix_memcpy (S, cache->z2);
  gsl_matrix_set (S, 4, 2, gsl_matrix_get (S, 4, 2) + 0.0371);
  f = run (S, GSL_NAN);
  ok (!f.scores_ok && f.row == 4 && f.col == 2, "one wrong score: at 4,2");
  is_substr (f.scores_cause, "unknown", "one wrong score: unknown cause");

  /* losses */
  f = run (NULL, data + reg * (2 * w1 + w2));
  ok (!f.loss_ok, "W1 counted twice: the loss is wrong");
  is_substr (f.loss_cause, "W1-twice", "W1 counted twice: the cause");
  f = run (NULL, data + 0.5 * reg * (w1 + 2 * w2));
  ok (!f.loss_ok && strcmp (f.loss_cause, "W2-twice") == 0
      && f.conv[0].penalty == 0.5,
      "W2 counted twice under the 1/2 penalty: W2-twice, half (%s)",
      f.loss_cause);
  f = run (NULL, data);
  ok (f.loss_ok == 0 || f.nconv > 0, "penalty missing at reg %g", reg);
  is_substr (f.loss_cause, "penalty-missing", "penalty missing: the cause");
  f = run (NULL, data * 1.37 + reg * (w1 + w2));
  is_substr (f.loss_cause, "unknown", "an unexplained loss: unknown");

  gsl_matrix_free (S);
  bp_net_free (nob1);
  bp_cache_free (c2);
  bp_net_free (net);
  bp_cache_free (cache);
  gsl_matrix_free (X);
  return tap_done ();
}
