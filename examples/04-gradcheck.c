/* 04-gradcheck.c -- checking a backward pass with the library.
 *
 * Run:   examples/04-gradcheck [data/toy.txt [--tsv]]
 * Shows: bp_gradcheck_backward runs a backward pass on the toy net and
 *        compares each of its seven gradients with two numerical
 *        references, a global and a local one; first for the reference
 *        backward (all ok), then for the zoo's relu-mask-sign, where one
 *        root cause makes the gradients below it wrong too.
 * Look:  in the second table dz1 is "root" and dW1, db1 are "inherited":
 *        dW1 disagrees with the global reference but agrees with the local
 *        one, which was built from the student's own (wrong) dz1.  The
 *        printout of dW1[0][0] shows the three numbers side by side.
 *        With --tsv, each check is also printed by bp_report_tsv, with its
 *        relative errors; their last digits vary from machine to machine,
 *        so the saved output is made without it. */

#include <stdio.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "backprop.h"

/* Our own table: what was checked and what was found, no error values. */
static void
print_table (const bp_gradcheck *r)
{
  printf ("%-4s %-6s %7s %5s %10s %9s  %-9s %s\n", "grad", "shape",
          "checked", "kinks", "bad global", "bad local", "status", "cause");
  for (int id = 0; id < BP_NGRADS; id++)
    {
      const bp_gradcheck_grad *g = &r->g[id];
      char shape[16];
      snprintf (shape, sizeof shape, "%zux%zu", g->rows, g->cols);
      printf ("%-4s %-6s %7zu %5zu %10zu %9zu  %-9s %s\n",
              bp_grad_name (id), shape, g->checked, g->kinks, g->bad_global,
              g->bad_local, bp_status_name (g->status), g->cause);
    }
  printf ("%s\n", bp_gradcheck_failures (r) == 0 ? "all ok"
          : "some gradients are wrong");
}

int
main (int argc, char **argv)
{
  const char *path = argc > 1 ? argv[1] : "data/toy.txt";
  bp_problem *toy;
  bp_error err;
  bp_gradcheck_opts opts;
  bp_gradcheck *r;
  const bp_bug *bug;
  int tsv = argc > 2 && strcmp (argv[2], "--tsv") == 0;

  gsl_set_error_handler_off ();

  /* Step 1: the toy net, and the default options: step h = 1e-5,
   * relative tolerance 1e-6, every entry of every gradient. */
  if (bp_problem_load_toy (path, &toy, &err))
    {
      fprintf (stderr, "04-gradcheck: %s: %s\n", path, err.msg);
      return 2;
    }
  bp_gradcheck_opts_init (&opts);
  printf ("h = %g, rtol = %g\n", opts.h, opts.rtol);

  /* Step 2: check the reference backward, bp_net_backward.  Any function
   * of type bp_backward_fn can be passed instead: a zoo entry, or your own
   * (see examples/student/).
   *
   * For each gradient, say dW1, gradcheck computes two references by
   * centered differences:
   *   global: d loss / d W1, moving W1 and rerunning the forward pass;
   *   local:  d/dW1 of <dz1, X W1 + b1> + reg |W1|^2, where dz1 is the
   *           gradient the checked code itself produced.
   * The local reference asks "is dW1 right, given dz1?": the rule of the
   * node alone, whatever happened upstream of it.  An entry counts as bad
   * when it differs from a reference by more than rtol (|a| + |n|) and
   * by more than the estimated error of the difference.  An entry whose
   * step crosses the ReLU's kink (some z1 changes sign) is judged by the
   * one-sided differences instead and counted under kinks. */
  r = bp_gradcheck_backward (toy->net, toy->X, toy->y, toy->reg,
                             bp_net_backward, &opts);
  if (r == NULL)
    return 1;
  printf ("\nreference backward:\n");
  print_table (r);
  if (tsv)
    bp_report_tsv (stdout, r);
  bp_gradcheck_free (r);

  /* Step 3: a backward pass with a mistake: dz1 masked on the sign of dp1
   * instead of on z1.  dz1 disagrees with its local reference: root.
   * dW1 = X' dz1 + 2 reg W1 is the right rule applied to a wrong dz1: it
   * agrees with its local reference and not with the global one, so it
   * is inherited, and the report sends you to dz1. */
  bug = bp_bug_lookup ("relu-mask-sign");
  printf ("\n%s: %s\n", bug->name, bug->summary);
  r = bp_gradcheck_backward (toy->net, toy->X, toy->y, toy->reg,
                             bug->backward, &opts);
  if (r == NULL)
    return 1;
  print_table (r);
  if (tsv)
    bp_report_tsv (stdout, r);

  /* Step 4: one entry of the inherited dW1, with both references. */
  const bp_gradcheck_grad *w1 = &r->g[BP_DW1];
  printf ("\ndW1[0][0]: computed %.4e, global %.4e, local %.4e\n",
          gsl_matrix_get (w1->analytic, 0, 0),
          gsl_matrix_get (w1->num_global, 0, 0),
          gsl_matrix_get (w1->num_local, 0, 0));
  printf ("it inherits from: %s\n",
          bp_grad_name (bp_report_inherits_from (r, BP_DW1)));

  /* Step 5: the root cause, in words. */
  printf ("dz1 (%s): %s\n", r->g[BP_DZ1].cause, r->g[BP_DZ1].because);

  bp_gradcheck_free (r);
  bp_problem_free (toy);
  return 0;
}
