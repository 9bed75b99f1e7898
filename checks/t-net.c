/* t-net.c -- the forward pass, loss and predict on the CS231n toy net. */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "backprop.h"
#include "naive.h"
#include "tap.h"

int
main (void)
{
  bp_toy *toy;
  bp_error err;
  bp_cache *cache;
  size_t *labels;
  double diff = 0.0, loss;
  size_t wrong = 0;

  tap_gsl_handler_install ();
  plan (8);
  if (bp_toy_load (tap_srcfile ("data/toy.txt"), &toy, &err))
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
  bp_toy_free (toy);
  return tap_done ();
}
