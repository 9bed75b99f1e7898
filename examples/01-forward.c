/* 01-forward.c -- the forward pass of the two-layer net on the toy net.
 *
 * Run:   examples/01-forward [data/toy.txt]
 * Shows: z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2, computed by the
 *        library on the CS231n toy net, next to the published scores.
 * Look:  the last column, |ours - published|, is at the 1e-8 level or
 *        below: the forward pass is right before any gradient is checked. */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>

#include "backprop.h"

int
main (int argc, char **argv)
{
  const char *path = argc > 1 ? argv[1] : "data/toy.txt";
  bp_problem *toy;
  bp_error err;
  bp_cache *cache;
  double worst = 0.0;

  gsl_set_error_handler_off ();

  /* Step 1: load the toy net: X (5, 4), labels, W1 (4, 10), W2 (10, 3). */
  if (bp_problem_load_toy (path, &toy, &err))
    {
      fprintf (stderr, "01-forward: %s: %s\n", path, err.msg);
      return 2;
    }
  printf ("toy net: N=%zu D=%zu H=%zu C=%zu\n", toy->N, toy->net->D,
          toy->net->H, toy->net->C);

  /* Step 2: the cache holds what the forward pass computes, z1, p1, z2,
   * for the backward pass to read later. */
  cache = bp_cache_alloc (toy->N, toy->net->H, toy->net->C);

  /* Step 3: run the forward pass. */
  if (bp_net_forward (toy->net, toy->X, cache))
    return 1;

  /* Step 4: compare the scores z2 with the published ones. */
  printf ("%-3s %-3s %12s %12s %10s\n", "i", "c", "ours", "published",
          "|diff|");
  for (size_t i = 0; i < toy->N; i++)
    for (size_t c = 0; c < toy->net->C; c++)
      {
        double ours = gsl_matrix_get (cache->z2, i, c);
        double ref = gsl_matrix_get (toy->scores, i, c);
        double d = fabs (ours - ref);
        worst = d > worst ? d : worst;
        printf ("%-3zu %-3zu %12.8f %12.8f %10.1e\n", i, c, ours, ref,
                d < 1e-9 ? 0.0 : d);
      }
  printf ("largest difference below 1e-8: %s\n", worst < 1e-8 ? "yes" : "no");

  /* Step 5: the loss at the toy net's reg. */
  printf ("loss at reg %.2f: %.11f (published %.11f)\n", toy->reg,
          bp_net_loss (toy->net, cache, toy->y, toy->reg), toy->loss);

  bp_cache_free (cache);
  bp_problem_free (toy);
  return 0;
}
