/* 05-report-bug.c -- the student report that started backprop, reproduced.
 *
 * Run:   examples/05-report-bug [data/toy.txt]
 * Shows: a student wrote that the forward pass and the loss were right,
 *        that the numerical gradient check disagreed, that test accuracy
 *        never passed 36%, and that "it was hard to find the specific
 *        point of mistake".  Their write-up holds two mistakes: dz1 is dp1
 *        with its negative values set to 0 (a ReLU mask on the sign of dp1
 *        instead of on z1), and the weight gradients are divided by N a
 *        second time.  The zoo entry "report" makes both.  We check it
 *        twice: with all seven gradients, as a C backward pass gives them,
 *        and with only dW1, db1, dW2, db2, as a numpy user might save them.
 * Look:  with all seven, dz1 is root relu-mask-sign and the four parameter
 *        gradients are root scale:0.2 (N = 5, so 1/N = 0.2): both mistakes
 *        in one run.  With four, the dz1 mistake is still named, inside
 *        dW1's cause relu-mask-sign+scale:0.2. */

#include <stdio.h>
#include <gsl/gsl_errno.h>

#include "backprop.h"

/* Status and cause of each gradient, then the sentence of each root. */
static void
print_check (const bp_gradcheck *r)
{
  printf ("%-4s %-9s %s\n", "grad", "status", "cause");
  for (int id = 0; id < BP_NGRADS; id++)
    printf ("%-4s %-9s %s\n", bp_grad_name (id),
            bp_status_name (r->g[id].status), r->g[id].cause);
  for (int id = 0; id < BP_NGRADS; id++)
    if (r->g[id].status == BP_STATUS_ROOT)
      printf ("  %s: %s\n", bp_grad_name (id), r->g[id].because);
  printf ("wrong gradients: %zu\n", bp_gradcheck_failures (r));
}

int
main (int argc, char **argv)
{
  const char *path = argc > 1 ? argv[1] : "data/toy.txt";
  bp_problem *toy;
  bp_error err;
  bp_cache *cache;
  bp_grads *g;
  bp_gradcheck_opts opts;
  bp_gradcheck *r;
  const bp_bug *bug = bp_bug_lookup ("report");

  gsl_set_error_handler_off ();

  /* Step 1: the toy net, its forward pass, and room for the gradients. */
  if (bp_problem_load_toy (path, &toy, &err))
    {
      fprintf (stderr, "05-report-bug: %s: %s\n", path, err.msg);
      return 2;
    }
  cache = bp_cache_alloc (toy->N, toy->net->H, toy->net->C);
  g = bp_grads_alloc (toy->N, toy->net->D, toy->net->H, toy->net->C);
  if (!cache || !g || bp_net_forward (toy->net, toy->X, cache))
    return 1;
  bp_gradcheck_opts_init (&opts);

  /* Step 2: the student's backward pass, here the zoo entry. */
  printf ("%s: %s\n", bug->name, bug->summary);
  if (bug->backward (toy->net, toy->X, toy->y, toy->reg, cache, g))
    return 1;

  /* Step 3: all seven gradients.  Every local reference can be formed:
   * each gradient is judged given the upstream gradient the student's
   * code produced, so each mistake shows up where it was made. */
  printf ("\nall seven gradients:\n");
  r = bp_gradcheck_diagnose (toy->net, toy->X, toy->y, toy->reg, g, &opts);
  if (r == NULL)
    return 1;
  print_check (r);
  bp_gradcheck_free (r);

  /* Step 4: only the parameter gradients, as from a numpy script that
   * saved dW1, db1, dW2 and db2.  The present bits say which gradients
   * hold values; the others are shown as absent.  With dz2 and dz1
   * absent no local reference can be formed, so each parameter gradient
   * is judged against the global reference alone, and its cause is looked
   * for in the code before it too: dW1 fits X' dz1 with dz1 masked on the
   * sign of dp1, divided by N once too often, which reads
   * relu-mask-sign+scale:0.2. */
  g->present = 1u << BP_DW1 | 1u << BP_DB1 | 1u << BP_DW2 | 1u << BP_DB2;
  printf ("\nonly dW1, db1, dW2, db2:\n");
  r = bp_gradcheck_diagnose (toy->net, toy->X, toy->y, toy->reg, g, &opts);
  if (r == NULL)
    return 1;
  print_check (r);
  bp_gradcheck_free (r);

  bp_grads_free (g);
  bp_cache_free (cache);
  bp_problem_free (toy);
  return 0;
}
