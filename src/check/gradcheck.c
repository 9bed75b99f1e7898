/* gradcheck.c -- per-gradient numerical checks and statuses. */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "backprop/gradcheck.h"
#include "backprop/numdiff.h"
#include "backprop/perturb.h"

/* The tolerances, for float64 and float32 gradients. */
static const bp_tolerance tolerances[2] = {
  /* rtol  atol   fit_atol fit_rtol singular roundoff */
  { 1e-6, 1e-7, 1e-9, 1e-9, 1e-12, 4.0 },
  { 1e-3, 1e-5, 1e-5, 1e-5, 1e-12, 4.0 },
};

const bp_tolerance *
bp_gradcheck_tolerance (const bp_gradcheck_opts *o)
{
  return &tolerances[o->float32 != 0];
}

void
bp_gradcheck_opts_init (bp_gradcheck_opts *o)
{
  memset (o, 0, sizeof *o);
  o->h = 1e-5;
  o->rtol = tolerances[0].rtol;
  o->sample = 0;
  o->select = BP_GRADS_ALL;
  o->seed = 1;
  bp_convention_init (&o->conv);
}

const char *
bp_status_name (bp_status s)
{
  static const char *const names[] = { "ok", "root", "inherited", "absent" };
  return (unsigned) s < 4 ? names[s] : "?";
}

/* One entry of one objective, as a gsl_function of the step. */
struct entry_fn {
  bp_perturb *p;
  enum bp_grad_id id;
  enum bp_ref ref;
  size_t i;
};

static double
entry_delta (double step, void *params)
{
  struct entry_fn *e = params;
  return bp_perturb_delta (e->p, e->id, e->ref, e->i, step);
}

/* CS231n's relative error. */
static double
rel_err (double a, double n)
{
  return fabs (a - n) / fmax (1e-8, fabs (a) + fabs (n));
}

/* Does analytic a disagree with numeric n beyond both the tolerance and
 * the error estimate?  atol is a floor scaled to the tensor's size. */
static int
mismatch (double a, double n, double abserr, double rtol, double atol)
{
  double d = fabs (a - n);
  if (!isfinite (a))
    return 1;
  return d > rtol * (fabs (a) + fabs (n)) && d > 4.0 * abserr + atol;
}

/* The entries to difference, into idx (room for n), their number into
 * *k: all, or o->sample at random plus every bias entry, in increasing
 * order (gsl_ran_choose keeps it) so that reports list them in order. */
static int
choose_entries (size_t n, enum bp_grad_id id, const bp_gradcheck_opts *o,
                gsl_rng *rng, size_t *idx, size_t *k)
{
  size_t *all;

  *k = n;
  for (size_t i = 0; i < n; i++)
    idx[i] = i;
  if (o->sample == 0 || o->sample >= n || id == BP_DB1 || id == BP_DB2)
    return 0;
  if ((all = malloc (n * sizeof *all)) == NULL)
    return GSL_ENOMEM;
  memcpy (all, idx, n * sizeof *all);
  gsl_ran_choose (rng, idx, o->sample, all, n, sizeof *idx);
  free (all);
  *k = o->sample;
  return 0;
}

static int
alloc_grad (bp_gradcheck_grad *g, size_t rows, size_t cols)
{
  g->rows = rows;
  g->cols = cols;
  g->analytic = gsl_matrix_alloc (rows, cols);
  g->num_global = gsl_matrix_alloc (rows, cols);
  g->num_local = gsl_matrix_alloc (rows, cols);
  g->err_global = gsl_matrix_alloc (rows, cols);
  g->abserr = gsl_matrix_alloc (rows, cols);
  g->lo = gsl_matrix_alloc (rows, cols);
  g->hi = gsl_matrix_alloc (rows, cols);
  g->kink = calloc (rows * cols, 1);
  g->bad = calloc (rows * cols, 1);
  if (!g->analytic || !g->num_global || !g->num_local || !g->err_global
      || !g->abserr || !g->lo || !g->hi || !g->kink || !g->bad)
    return GSL_ENOMEM;
  gsl_matrix_set_all (g->num_global, GSL_NAN);
  gsl_matrix_set_all (g->num_local, GSL_NAN);
  gsl_matrix_set_all (g->err_global, GSL_NAN);
  gsl_matrix_set_all (g->abserr, GSL_NAN);
  gsl_matrix_set_all (g->lo, GSL_NAN);
  gsl_matrix_set_all (g->hi, GSL_NAN);
  return 0;
}

/* The numerics of one objective, per entry of a tensor: the centered
 * difference and its error estimate, and for kink-crossed entries the
 * bracket [lo, hi] of one-sided quotients. */
struct numerics {
  double *num, *abserr, *lo, *hi;
  unsigned char *kink;
  double floor;                 /* no entry is mismatched by less */
};

/* The floor of the check of r: the loss's rounding over the step. */
static double
roundoff_floor (const bp_gradcheck *r)
{
  return bp_gradcheck_tolerance (&r->opts)->roundoff * GSL_DBL_EPSILON
    * (1.0 + fabs (r->loss)) / r->opts.h;
}

/* What judging one objective found. */
struct verdict {
  size_t bad, kinks, kinks_bad, worst;
  double maxerr, normerr;
};

/* Difference one objective at the chosen entries idx[0..k).  With OpenMP
 * the entries are split across threads, each with a perturber of its own
 * (they hold a workspace), in chunks that each thread takes as it gets
 * through the last: when another program holds one of the processors,
 * the thread that runs does the work instead of waiting for a fixed half
 * to be done by the one that does not.  Each entry's result is the same
 * whichever thread computes it.  Returns 0 or GSL_ENOMEM. */
static int
difference (const bp_perturb *shared, enum bp_grad_id id, enum bp_ref ref,
            const size_t *idx, size_t k, double h, struct numerics *x)
{
  int kinked = ref == BP_REF_GLOBAL || id == BP_DZ1, status = 0;

#pragma omp parallel if (k > 256) reduction(|:status)
  {
    bp_perturb *p = bp_perturb_alloc (shared->net, shared->X, shared->y,
                                      shared->reg, shared->cache,
                                      shared->user);
    struct entry_fn e = { p, id, ref, 0 };
    gsl_function F = { entry_delta, &e };
    long kk = (long) k;

    status |= p == NULL ? GSL_ENOMEM : 0;
    if (p)
      {
        p->w = shared->w;         /* the convention of the shared one */
        p->regw = shared->regw;
        p->regb = shared->regb;
      }
#pragma omp for schedule(dynamic, 64)
    for (long t = 0; t < kk; t++)
      {
        size_t i = idx[t];
        if (p == NULL)
          continue;
        e.i = i;
        x->kink[i] = kinked && bp_perturb_kink (p, id, i, h);
        bp_numdiff_central (&F, 0.0, h, &x->num[i], &x->abserr[i]);
        if (x->kink[i])
          {
            /* widen the bracket by the one-sided quotients' truncation
             * error, h/2 |f''| at most */
            double slack = h * bp_perturb_curvature (p, id, ref, i);
            double left, right;
            bp_numdiff_onesided (&F, 0.0, h, &left, &right);
            x->lo[i] = fmin (left, right) - slack;
            x->hi[i] = fmax (left, right) + slack;
          }
      }
    bp_perturb_free (p);
  }
  return status;
}

/* Judge the analytic values a against one objective's numerics at the
 * chosen entries: mark mismatches in bad, and record the relative error
 * of each entry in errs (when not NULL). */
static void
judge (const double *a, const size_t *idx, size_t k, const struct numerics *x,
       double rtol, double atol_rel, unsigned char *bad, double *errs,
       struct verdict *v)
{
  double scale = 0.0, dn = 0.0, sn = 0.0;
  int have = 0;

  memset (v, 0, sizeof *v);
  for (size_t t = 0; t < k; t++)
    scale = fmax (scale, fmax (fabs (a[idx[t]]), fabs (x->num[idx[t]])));
  for (size_t t = 0; t < k; t++)
    {
      size_t i = idx[t];
      int wrong;
      if (x->kink[i])
        {
          double tol = rtol * (fabs (x->lo[i]) + fabs (x->hi[i]))
            + atol_rel * scale + x->floor;
          wrong = !isfinite (a[i]) || a[i] < x->lo[i] - tol
            || a[i] > x->hi[i] + tol;
          v->kinks++;
          v->kinks_bad += wrong;
        }
      else
        {
          double r = rel_err (a[i], x->num[i]);
          wrong = mismatch (a[i], x->num[i], x->abserr[i], rtol,
                            atol_rel * scale + x->floor);
          if (errs)
            errs[i] = r;
          if (!have || isnan (r) || r > v->maxerr)
            {
              v->worst = i;
              v->maxerr = isnan (r) ? GSL_POSINF : r;
              have = 1;
            }
          dn += (a[i] - x->num[i]) * (a[i] - x->num[i]);
          sn += (fabs (a[i]) + fabs (x->num[i]))
            * (fabs (a[i]) + fabs (x->num[i]));
        }
      if (wrong)
        {
          bad[i] = 1;
          v->bad++;
        }
    }
  v->normerr = sqrt (dn) / fmax (1e-8, sqrt (sn));
}

/* Check gradient id of user at the chosen entries against both objectives
 * and set its status. */
static int
check_one (bp_gradcheck *r, bp_perturb *p, const bp_grads *user,
           enum bp_grad_id id, gsl_rng *rng)
{
  bp_gradcheck_grad *g = &r->g[id];
  const bp_gradcheck_opts *o = &r->opts;
  double atol = bp_gradcheck_tolerance (o)->atol;
  gsl_matrix_view av = bp_grads_matrix ((bp_grads *) user, id);
  struct numerics x = { NULL, NULL, NULL, NULL, NULL, roundoff_floor (r) };
  struct verdict v;
  size_t rows, cols, n, k, *idx;
  int status;

  bp_perturb_shape (p, id, &rows, &cols);
  status = alloc_grad (g, rows, cols);
  if (status)
    return status;
  n = rows * cols;
  gsl_matrix_memcpy (g->analytic, &av.matrix);
  idx = malloc (n * sizeof *idx);
  x.abserr = g->abserr->data;   /* kept for bp_gradcheck_judge */
  x.lo = g->lo->data;
  x.hi = g->hi->data;
  x.kink = calloc (n, 1);
  if (!idx || !x.kink)
    status = GSL_ENOMEM;
  else if ((status = choose_entries (n, id, o, rng, idx, &k)) == 0)
    {
      g->checked = k;

      x.num = g->num_global->data;
      status = difference (p, id, BP_REF_GLOBAL, idx, k, o->h, &x);
      memcpy (g->kink, x.kink, n);
      judge (g->analytic->data, idx, k, &x, o->rtol, atol, g->bad,
             g->err_global->data, &v);
      g->bad_global = v.bad;
      g->kinks = v.kinks;
      g->kinks_bad = v.kinks_bad;
      g->global_err = v.maxerr;
      g->global_norm = v.normerr;
      g->worst = v.worst;

      g->has_local = bp_perturb_has_local (p, id);
      g->local_err = g->local_norm = GSL_NAN;
      if (g->has_local && status == 0)
        {
          x.num = g->num_local->data;
          memset (x.kink, 0, n);
          gsl_matrix_set_all (g->lo, GSL_NAN);
          gsl_matrix_set_all (g->hi, GSL_NAN);
          status = difference (p, id, BP_REF_LOCAL, idx, k, o->h, &x);
          judge (g->analytic->data, idx, k, &x, o->rtol, atol, g->bad, NULL,
                 &v);
          g->bad_local = v.bad;
          g->local_err = v.maxerr;
          g->local_norm = v.normerr;
        }
    }
  if (g->has_local)
    g->status = g->bad_local ? BP_STATUS_ROOT
      : g->bad_global ? BP_STATUS_INHERITED : BP_STATUS_OK;
  else
    g->status = g->bad_global ? BP_STATUS_ROOT : BP_STATUS_OK;
  free (idx);
  free (x.kink);
  return status;
}

/* A gradient right given its upstream but not against the global
 * reference inherits a mistake only when something upstream is wrong or
 * unseen.  When every gradient upstream is checked and right, what the
 * global reference alone finds is the difference's own error (a step
 * that crosses a kink in a way the local one does not): ok. */
static void
settle_inherited (bp_gradcheck *r)
{
  for (int id = 0; id < BP_NGRADS; id++)
    {
      int up = id, clean = 1;
      if (r->g[id].status != BP_STATUS_INHERITED)
        continue;
      while ((up = bp_grad_upstream (up)) >= 0)
        clean &= r->g[up].status == BP_STATUS_OK;
      if (clean)
        r->g[id].status = BP_STATUS_OK;
    }
}

bp_gradcheck *
bp_gradcheck_run (const bp_net *net, const gsl_matrix *X, const size_t *y,
                  double reg, const bp_grads *user,
                  const bp_gradcheck_opts *opts)
{
  size_t N = X->size1;
  bp_gradcheck *r;
  bp_cache *cache;
  bp_perturb *p;
  gsl_rng *rng;
  int status = 0;

  if (X->size2 != net->D || user->N != N || user->D != net->D
      || user->H != net->H || user->C != net->C)
    GSL_ERROR_NULL ("gradcheck: gradients, batch and net differ in shape",
                    GSL_EBADLEN);
  r = calloc (1, sizeof *r);
  cache = bp_cache_alloc (N, net->H, net->C);
  rng = gsl_rng_alloc (gsl_rng_mt19937);
  p = cache ? bp_perturb_alloc (net, X, y, reg, cache, user) : NULL;
  if (!r || !cache || !rng || !p)
    {
      free (r);
      bp_cache_free (cache);
      gsl_rng_free (rng);
      bp_perturb_free (p);
      GSL_ERROR_NULL ("gradcheck: out of memory", GSL_ENOMEM);
    }
  r->N = N;
  r->D = net->D;
  r->H = net->H;
  r->C = net->C;
  r->reg = reg;
  r->opts = *opts;
  gsl_rng_set (rng, opts->seed);
  bp_perturb_set_convention (p, &opts->conv);
  status = bp_net_forward (net, X, cache);
  if (status == 0)
    r->loss = bp_convention_loss (&opts->conv, net, cache, y, reg);

  for (int id = 0; id < BP_NGRADS && status == 0; id++)
    {
      bp_gradcheck_grad *g = &r->g[id];
      g->id = id;
      strcpy (g->cause, "-");
      if (!(opts->select & (1u << id)))
        {
          g->status = BP_STATUS_ABSENT;
          g->global_err = g->local_err = GSL_NAN;
          continue;
        }
      if (!(user->present & (1u << id)))
        {
          bp_perturb_shape (p, id, &g->rows, &g->cols);
          g->status = BP_STATUS_ABSENT;
          g->global_err = g->local_err = GSL_NAN;
          g->global_norm = g->local_norm = GSL_NAN;
          continue;
        }
      status = check_one (r, p, user, id, rng);
    }
  if (status == 0)
    settle_inherited (r);

  bp_perturb_free (p);
  bp_cache_free (cache);
  gsl_rng_free (rng);
  if (status)
    {
      bp_gradcheck_free (r);
      GSL_ERROR_NULL ("gradcheck failed", status);
    }
  return r;
}

void
bp_gradcheck_free (bp_gradcheck *r)
{
  if (r == NULL)
    return;
  for (int id = 0; id < BP_NGRADS; id++)
    {
      bp_gradcheck_grad *g = &r->g[id];
      gsl_matrix_free (g->analytic);
      gsl_matrix_free (g->num_global);
      gsl_matrix_free (g->num_local);
      gsl_matrix_free (g->err_global);
      gsl_matrix_free (g->abserr);
      gsl_matrix_free (g->lo);
      gsl_matrix_free (g->hi);
      free (g->kink);
      free (g->bad);
    }
  free (r);
}

int
bp_gradcheck_judge (const bp_gradcheck *r, const bp_gradcheck_grad *g,
                    const gsl_matrix *a, unsigned char *bad, size_t *nbad)
{
  size_t n = g->rows * g->cols, k = 0;
  size_t *idx = malloc (n * sizeof *idx);
  unsigned char *kink = malloc (n);
  struct numerics x = { (g->has_local ? g->num_local : g->num_global)->data,
                        g->abserr->data, g->lo->data, g->hi->data, kink,
                        roundoff_floor (r) };
  struct verdict v;

  if (idx == NULL || kink == NULL)
    {
      free (idx);
      free (kink);
      GSL_ERROR ("gradcheck: out of memory", GSL_ENOMEM);
    }
  for (size_t i = 0; i < n; i++)
    {
      if (!isnan (x.num[i]))
        idx[k++] = i;
      kink[i] = !isnan (x.lo[i]);
    }
  memset (bad, 0, n);
  judge (a->data, idx, k, &x, r->opts.rtol,
         bp_gradcheck_tolerance (&r->opts)->atol, bad, NULL, &v);
  *nbad = v.bad;
  free (idx);
  free (kink);
  return 0;
}

size_t
bp_gradcheck_failures (const bp_gradcheck *r)
{
  size_t n = 0;
  for (int id = 0; id < BP_NGRADS; id++)
    n += r->g[id].status == BP_STATUS_ROOT
      || r->g[id].status == BP_STATUS_INHERITED;
  return n;
}

int
bp_gradcheck_sweep (const bp_net *net, const gsl_matrix *X, const size_t *y,
                    double reg, const bp_grads *user,
                    double err[BP_SWEEP_STEPS][BP_NGRADS])
{
  size_t N = X->size1;
  bp_cache *cache = bp_cache_alloc (N, net->H, net->C);
  bp_perturb *p = cache ? bp_perturb_alloc (net, X, y, reg, cache, user)
    : NULL;
  int status = p ? bp_net_forward (net, X, cache) : GSL_ENOMEM;

  for (int id = 0; id < BP_NGRADS && status == 0; id++)
    {
      size_t rows, cols, n, stride;
      gsl_matrix_view av = bp_grads_matrix ((bp_grads *) user, id);
      struct entry_fn e = { p, id, BP_REF_GLOBAL, 0 };
      gsl_function F = { entry_delta, &e };

      bp_perturb_shape (p, id, &rows, &cols);
      n = rows * cols;
      stride = n > 2000 ? n / 2000 : 1;    /* at most ~2000 entries */
      for (int s = 0; s < BP_SWEEP_STEPS; s++)
        {
          double h = pow (10.0, -(s + 1)), worst = 0.0;
          if (!(user->present & (1u << id)))
            {
              err[s][id] = GSL_NAN;
              continue;
            }
          for (size_t i = 0; i < n; i += stride)
            {
              e.i = i;
              worst = fmax (worst, rel_err (av.matrix.data[i],
                                            bp_numdiff_plain (&F, 0.0, h)));
            }
          err[s][id] = worst;
        }
    }
  bp_perturb_free (p);
  bp_cache_free (cache);
  return status;
}
