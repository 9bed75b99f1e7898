/* 02-loss.c -- the softmax cross-entropy loss of the toy net, step by step.
 *
 * Run:   examples/02-loss [data/toy.txt]
 * Shows: the loss computed by hand from the scores z2: subtract each row's
 *        maximum, take the log-sum-exp, read off -log softmax(z2_i)[y_i],
 *        average over the batch, then add reg (|W1|^2 + |W2|^2).  The
 *        result is set beside bp_net_loss and the published 1.30378789133.
 * Look:  the column -log p is large where the net gives the true class a
 *        low score; the three totals agree; and at reg 0.05 the
 *        regularization term is a small share of the loss. */

#include <math.h>
#include <stdio.h>
#include <gsl/gsl_errno.h>

#include "backprop.h"

/* Sum of squares of the entries of A. */
static double
sum_squares (const gsl_matrix *A)
{
  double s = 0.0;
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      s += gsl_matrix_get (A, i, j) * gsl_matrix_get (A, i, j);
  return s;
}

int
main (int argc, char **argv)
{
  const char *path = argc > 1 ? argv[1] : "data/toy.txt";
  const double big[3] = { 1000.0, 999.0, 998.0 };
  double bigsum = 0.0;
  bp_problem *toy;
  bp_error err;
  bp_cache *cache;
  double data_loss = 0.0, w1sq, w2sq, reg_loss, total, lib;

  gsl_set_error_handler_off ();

  /* Step 1: load the toy net and run the forward pass: the scores z2
   * (N, C) are in cache->z2. */
  if (bp_problem_load_toy (path, &toy, &err))
    {
      fprintf (stderr, "02-loss: %s: %s\n", path, err.msg);
      return 2;
    }
  cache = bp_cache_alloc (toy->N, toy->net->H, toy->net->C);
  if (cache == NULL || bp_net_forward (toy->net, toy->X, cache))
    return 1;

  /* Step 2: one row at a time.  softmax(z)[c] = exp(z_c) / sum_k exp(z_k)
   * does not change when the same m is subtracted from every z_k; with m
   * the row's maximum every exponent is <= 0, so nothing overflows.  Then
   *   -log softmax(z)[y] = log sum_k exp(z_k - m) - (z_y - m),
   * the log-sum-exp minus the shifted score of the true class. */
  printf ("%-2s %-2s %10s %10s %10s %10s %10s\n", "i", "y", "max z2",
          "z2[y]-max", "sum exp", "log sum", "-log p");
  for (size_t i = 0; i < toy->N; i++)
    {
      double m = gsl_matrix_get (cache->z2, i, 0), s = 0.0, zy, li;
      for (size_t c = 1; c < toy->net->C; c++)
        m = fmax (m, gsl_matrix_get (cache->z2, i, c));
      for (size_t c = 0; c < toy->net->C; c++)
        s += exp (gsl_matrix_get (cache->z2, i, c) - m);
      zy = gsl_matrix_get (cache->z2, i, toy->y[i]) - m;
      li = log (s) - zy;
      data_loss += li;
      printf ("%-2zu %-2zu %10.6f %10.6f %10.6f %10.6f %10.6f\n", i,
              toy->y[i], m, zy, s, log (s), li);
    }

  /* Step 3: the data loss is the mean over the N rows. */
  data_loss /= (double) toy->N;
  printf ("data loss (mean of -log p): %.10f\n", data_loss);

  /* Step 4: why the shift matters.  Scores of 1000 are not absurd for an
   * untrained net with large weights; exp(1000) is beyond a double. */
  printf ("scores 1000, 999, 998: exp(1000) overflows to infinity: %s\n",
          isinf (exp (big[0])) ? "yes" : "no");
  for (int k = 0; k < 3; k++)
    bigsum += exp (big[k] - big[0]);
  printf ("  shifted by the max 1000: -log p[0] = %.6f\n", log (bigsum));

  /* Step 5: the regularization term, reg (|W1|^2 + |W2|^2), with no 1/2
   * in front: its gradient is therefore 2 reg W. */
  w1sq = sum_squares (toy->net->W1);
  w2sq = sum_squares (toy->net->W2);
  reg_loss = toy->reg * (w1sq + w2sq);
  printf ("|W1|^2 = %.6f  |W2|^2 = %.6f  reg = %.2f\n", w1sq, w2sq,
          toy->reg);
  printf ("reg term: %.10f (bp_net_reg_loss: %.10f)\n", reg_loss,
          bp_net_reg_loss (toy->net, toy->reg));

  /* Step 6: the total, beside the library and the published value. */
  total = data_loss + reg_loss;
  lib = bp_net_loss (toy->net, cache, toy->y, toy->reg);
  printf ("loss by hand:     %.10f\n", total);
  printf ("bp_net_loss:      %.10f\n", lib);
  printf ("published:        %.10f\n", toy->loss);
  printf ("all three agree to 1e-10: %s\n",
          fabs (total - lib) < 1e-10 && fabs (total - toy->loss) < 1e-10
          ? "yes" : "no");

  /* Step 7: what reg contributes.  The data loss does not depend on reg;
   * the reg term grows linearly with it. */
  printf ("share of the reg term at reg %.2f: %.1f%%\n", toy->reg,
          100.0 * reg_loss / total);
  printf ("%6s %12s\n", "reg", "loss");
  for (int k = 0; k < 4; k++)
    {
      const double regs[4] = { 0.0, 0.05, 0.5, 2.0 };
      printf ("%6.2f %12.6f\n", regs[k],
              bp_net_loss (toy->net, cache, toy->y, regs[k]));
    }

  bp_cache_free (cache);
  bp_problem_free (toy);
  return 0;
}
