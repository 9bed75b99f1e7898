/* foreign.c -- nntrain's foreign backward pass (see foreign.h). */

#include <config.h>

#include <stdio.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "cli.h"
#include "foreign.h"

/* --python's server: the student's loss, run in a child process, answers
 * each step (pyserve.h).  One per process, for python_backward, which
 * has no argument to carry it. */
static struct {
  bp_pyserve *s;
  bp_error err;
  const foreign *f;
  double scale;                 /* 0 until the first step has set it */
} server;

/* A student whose loss sums the cross-entropy over the batch instead of
 * averaging it (their loss value says so, bp_convention_infer) has
 * gradients B times a mean's, for which the learning rate is B times too
 * large: they are trained divided by B, as a mean's, and told so. */
static double
python_scale (double loss, const bp_net *net, const bp_cache *cache,
              const size_t *y, double reg)
{
  bp_convention c[8];
  size_t n = bp_convention_infer (loss, bp_net_data_loss (cache, y), net,
                                  cache->N, reg, 1e-6, c, 8), sum = 0;

  for (size_t k = 0; k < n; k++)
    sum += c[k].sum;
  if (n == 0 || sum < n || cache->N == 1)
    return 1.0;
  fprintf (stderr, "%s: %s: your loss sums the cross-entropy over the batch "
           "instead of averaging it, so its gradients are %zu times a "
           "mean's; they are trained divided by %zu, as if --lr were %g\n",
           cli_program_name, server.f->python, cache->N, cache->N,
           server.f->lr / (double) cache->N);
  return 1.0 / (double) cache->N;
}

/* The student's parameter gradients from the server: a bp_backward_fn. */
static int
python_backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
                 double reg, const bp_cache *cache, bp_grads *g)
{
  double loss;
  int status = bp_pyserve_loss (server.s, net, X, y, reg, &loss, g,
                                &server.err);

  if (status == 0 && server.scale == 0)
    server.scale = python_scale (loss, net, cache, y, reg);
  if (status == 0 && server.scale != 1.0)
    gsl_vector_scale (g->dtheta, server.scale);
  return status;
}

void
foreign_choose (foreign *f, const char *backward, const char *python,
                const char *inject)
{
  memset (f, 0, sizeof *f);
  f->timeout = FOREIGN_SECONDS;
  if ((inject != NULL) + (backward != NULL) + (python != NULL) > 1)
    cli_fail (backward ? "--backward" : "--python", "give one of "
              "--backward, --python and --inject");
  if (backward)
    {
      f->backward = cli_load_backward (backward, f->so_path);
      f->opt = "--backward";
      f->name = f->so_path;
    }
  else if (python)
    {
      f->backward = python_backward;
      f->opt = "--python";
      f->name = f->python = python;
    }
  else if (inject)
    {
      f->backward = cli_bug (inject)->backward;
      f->opt = "--inject";
      f->name = inject;
    }
}

/* The verdict on the pass at net for X (n, D), y (n): --python's through
 * the runner (the student's arrays, with their lines and the verdict of
 * the student's own loss); the others' as gradcheck --backward gives it,
 * called directly (a shared object's inside the training child) and,
 * when wrong, a shared object's run again in the sandbox for the line of
 * each mistake. */
static int
verdict_at (const foreign *f, const bp_net *net, const gsl_matrix *X,
            const size_t *y, bp_verdict **v, bp_error *err)
{
  bp_backward_fn *backward = f->backward ? f->backward : bp_net_backward;
  bp_gradcheck_opts opts;
  bp_python_opts po;
  bp_problem *p;
  int status;

  bp_gradcheck_opts_init (&opts);
  if (f->python)
    {
      bp_python_opts_init (&po);
      po.net = net;
      po.X = X;
      po.y = y;
      po.reg = f->reg;
      if ((status = bp_problem_python (f->python, &po, &p, err)) != 0)
        return status;
      *v = cli_verdict_arrays (p, &opts, 0);
      bp_problem_free (p);
      return *v ? 0 : bp_error_set (err, "out of memory");
    }
  status = bp_verdict_backward (net, X, y, f->reg, backward, NULL, 0, &opts,
                                0, v, err);
  if (status == 0 && bp_verdict_wrong (*v) && f->so_path[0]
      && (status = bp_verdict_locate_backward (*v, net, X, y, f->reg,
                                               backward, f->so_path,
                                               f->timeout, err)))
    bp_verdict_free (*v);
  return status;
}

int
foreign_check (const bp_net *net, const gsl_matrix *X, const size_t *y,
               size_t iter, void *data)
{
  const foreign *f = data;
  size_t n = GSL_MIN (X->size1, FOREIGN_CHECK_ROWS);
  gsl_matrix_const_view Xn = gsl_matrix_const_submatrix (X, 0, 0, n,
                                                         X->size2);
  bp_verdict *v;
  bp_error err;
  int status = verdict_at (f, net, &Xn.matrix, y, &v, &err);

  if (f->bar)
    fputs ("\r\033[K", stderr);
  if (status)
    {
      fprintf (stderr, "%s: the check before step %zu: %s\n",
               cli_program_name, iter + 1, err.msg);
      return FOREIGN_FAILED;
    }
  if (!bp_verdict_wrong (v))
    {
      bp_verdict_free (v);
      return 0;
    }
  printf ("\nThe check before step %zu finds the backward pass wrong at the "
          "current parameters\n(gradcheck on %zu samples of the batch); "
          "training stopped.  To see what the\nmistake does to learning, "
          "train on with --check-every 0: the summary compares\nthe run "
          "with the reference backward pass's, and --plot draws both.\n\n",
          iter + 1, n);
  bp_report_verdict_text (stdout, v, 0, cli_color ("auto"));
  fflush (stdout);
  if (v->note[0])
    fprintf (stderr, "%s: %s\n", cli_program_name, v->note);
  bp_verdict_free (v);
  return FOREIGN_WRONG;
}

/* --python: bp_train with the server for a net of net's sizes. */
static int
train_python (foreign *f, bp_net *net, const bp_dataset *train,
              const bp_dataset *val, const bp_preproc *pp,
              const bp_train_params *p, gsl_rng *rng, bp_history **hist)
{
  bp_python_opts po;
  int status;

  bp_python_opts_init (&po);
  po.seconds = f->timeout;
  server.f = f;
  server.scale = 0;
  if (bp_pyserve_start (f->python, &po, net->D, net->H, net->C, &server.s,
                        &server.err))
    cli_fail (NULL, "%s", server.err.msg);
  status = bp_train (net, train, val, pp, p, rng, hist);
  bp_pyserve_stop (server.s);
  server.s = NULL;
  if (status && server.err.msg[0])
    cli_fail (NULL, "%s", server.err.msg);
  return status;
}

int
foreign_train (foreign *f, bp_net *net, const bp_dataset *train,
               const bp_dataset *val, const bp_preproc *pp,
               const bp_train_params *p, gsl_rng *rng, bp_history **hist)
{
  bp_error err;
  int status;

  if (f->python)
    return train_python (f, net, train, val, pp, p, rng, hist);
  if (!f->so_path[0])
    return bp_train (net, train, val, pp, p, rng, hist);
  status = bp_train_guarded (net, train, val, pp, p, rng, hist, f->so_path,
                             f->timeout, &err);
  if (status == GSL_EFAILED && *hist == NULL)
    cli_fail (NULL, "%s (gradcheck --backward %s shows where)", err.msg,
              f->so_path);
  return status;
}

void
foreign_print_symptom (const foreign *f, const bp_history *h,
                       const bp_history *ref)
{
  const char *set;
  bp_symptom s;

  if (bp_history_symptom (h, ref, &s))
    return;
  set = s.validation ? "validation" : "training";
  if (!s.far_below)
    {
      printf ("%s accuracy %.4f; the reference backward pass reaches %.4f "
              "on the same data and seed\n", set, s.acc, s.ref_acc);
      return;
    }
  printf ("symptom: the training loss %s from %.4g to %.4g, %s the %s "
          "accuracy, %.4f, is far below the %.4f that the reference "
          "backward pass reaches on the same data and seed: likely a wrong "
          "gradient; gradcheck %s %s names it\n", s.falls ? "fell" : "rose",
          s.loss_first, s.loss_last, s.falls ? "but" : "and", set, s.acc,
          s.ref_acc, f->opt, f->name);
}
