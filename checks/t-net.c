/* t-net.c -- the forward pass, loss and predict on the CS231n toy net;
 * the data loss where a probability underflows; the L2 penalty's pair on
 * a matrix view. */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>

#include "backprop.h"
#include "naive.h"
#include "tap.h"

int
main (void)
{
  bp_problem *toy;
  bp_error err;
  bp_cache *cache;
  size_t *labels;
  double diff = 0.0, loss;
  size_t wrong = 0;

  tap_gsl_handler_install ();
  plan (14);
  if (bp_problem_load_toy (tap_srcfile ("data/toy.txt"), &toy, &err))
    bail ("data/toy.txt: %s", err.msg);
  ok (toy->N == 5 && toy->net->D == 4 && toy->net->H == 10
      && toy->net->C == 3, "toy net is 5 samples of a 4-10-3 net");
  ok (toy->scores != NULL, "toy file carries the published scores");

  cache = bp_cache_alloc (toy->N, toy->net->H, toy->net->C);
  is_int (bp_net_forward (toy->net, toy->X, cache), 0, "forward succeeds");
  for (size_t i = 0; i < toy->N; i++)
    for (size_t c = 0; c < toy->net->C; c++)
      diff += fabs (gsl_matrix_get (cache->z2, i, c)
                    - gsl_matrix_get (toy->scores, i, c));
  ok (diff < 1e-7, "scores match the published ones (sum |diff| = %.3g)",
      diff);

  loss = bp_net_loss (toy->net, cache, toy->y, toy->reg);
  is_double (toy->reg, 0.05, 0.0, "toy reg is 0.05");
  is_double (loss, 1.30378789133, 1e-12, "loss at reg 0.05");
  is_double (bp_net_loss (toy->net, cache, toy->y, 2.385),
             naive_loss (toy->net, FROM_X, toy->X->data, toy->N, toy->y,
                         2.385), 1e-12, "loss at reg 2.385 matches loops");
  is_double (bp_net_data_loss (cache, toy->y),
             bp_softmax_loss_forward (cache->z2, toy->y, NULL), 1e-15,
             "the data loss from the probabilities is the log-sum-exp one");

  /* A score 800 below the best: its probability underflows to 0, and its
   * loss, 800, must come from the scores. */
  {
    bp_cache *c = bp_cache_alloc (1, 1, 2);
    size_t y = 1;
    gsl_matrix_set (c->z2, 0, 0, 800.0);
    gsl_matrix_set (c->z2, 0, 1, 0.0);
    bp_softmax_loss_forward (c->z2, &y, c->prob);
    is_double (bp_net_data_loss (c, &y), 800.0, 1e-12,
               "an underflowed probability's loss is read off the scores");
    bp_cache_free (c);
  }

  /* The L2 pair on a 3x4 view of a 5x6 matrix. */
  {
    gsl_matrix *A = gsl_matrix_alloc (5, 6), *dA = gsl_matrix_alloc (5, 6);
    gsl_matrix_view W = gsl_matrix_submatrix (A, 1, 2, 3, 4);
    gsl_matrix_view dW = gsl_matrix_submatrix (dA, 1, 2, 3, 4);
    double sq = 0.0, worst = 0.0;
    size_t touched = 0;

    for (size_t i = 0; i < 5; i++)
      for (size_t j = 0; j < 6; j++)
        {
          gsl_matrix_set (A, i, j, 0.25 * (double) (i * 6 + j) - 3.0);
          gsl_matrix_set (dA, i, j, 1.0 / (double) (1 + i + j));
        }
    for (size_t i = 0; i < 3; i++)
      for (size_t j = 0; j < 4; j++)
        sq += gsl_pow_2 (gsl_matrix_get (&W.matrix, i, j));
    is_double (bp_l2_forward (&W.matrix, 0.3), 0.3 * sq, 1e-13,
               "l2_forward is reg |W|^2 of the view");
    is_int (bp_l2_backward (&W.matrix, 0.3, &dW.matrix), 0,
            "l2_backward succeeds");
    for (size_t i = 0; i < 5; i++)
      for (size_t j = 0; j < 6; j++)
        {
          int in = i >= 1 && i < 4 && j >= 2 && j < 6;
          double want = 1.0 / (double) (1 + i + j)
            + (in ? 0.6 * gsl_matrix_get (A, i, j) : 0.0);
          worst = fmax (worst, fabs (gsl_matrix_get (dA, i, j) - want));
          touched += gsl_matrix_get (dA, i, j) != 1.0 / (double) (1 + i + j);
        }
    ok (worst < 1e-15 && touched == 12,
        "l2_backward adds 2 reg W to the view's 12 entries only "
        "(%zu changed, worst %.3g)", touched, worst);
    is_int (bp_l2_backward (&W.matrix, 0.3, dA), GSL_EBADLEN,
            "l2_backward refuses a gradient of another shape");
    gsl_matrix_free (A);
    gsl_matrix_free (dA);
  }

  labels = malloc (toy->N * sizeof *labels);
  bp_net_predict (toy->net, toy->X, cache, labels);
  for (size_t i = 0; i < toy->N; i++)
    {
      size_t best = 0;
      for (size_t c = 1; c < toy->net->C; c++)
        if (gsl_matrix_get (toy->scores, i, c)
            > gsl_matrix_get (toy->scores, i, best))
          best = c;
      wrong += labels[i] != best;
    }
  is_int ((long) wrong, 0, "predict is the argmax of the published scores");

  free (labels);
  bp_cache_free (cache);
  bp_problem_free (toy);
  return tap_done ();
}
