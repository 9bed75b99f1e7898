/* label.c -- an independent labeller for this set of students' backward
 * passes.  Written from the mathematics of the two-layer net alone: it
 * uses GSL and libdl, and takes only the struct layouts (bp_net, bp_cache,
 * bp_grads) from the headers in src/backprop; no code of the backprop
 * library is called.
 *
 *   cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl
 *   ./label OUTDIR/s*.so
 *
 * For every shared object (run in a child process, so that a crash is
 * reported and does not stop the others), on 2 seeds x {5-10-3 batch 7,
 * 6-8-4 batch 9}, reg 0.1:
 *   - builds a random net (nonzero biases), a batch and the forward cache;
 *   - fills every gradient with garbage, calls backward ();
 *   - (a) compares each gradient with centred differences of the loss
 *     (for dz2, dp1, dz1: the derivative of the loss with respect to the
 *     intermediate z2, p1, z1 with what follows recomputed);
 *   - (b) compares each gradient with its rule applied to the student's
 *     OWN upstream gradient:
 *         dz2 = (softmax(z2) - onehot(y)) / N
 *         dW2 = p1' dz2 + 2 reg W2     db2 = column sums of dz2
 *         dp1 = dz2 W2'                dz1 = dp1 * [z1 > 0]
 *         dW1 = X' dz1 + 2 reg W1      db1 = column sums of dz1
 *   - calls backward () a second time over the first call's results (as
 *     training does) and reports any gradient that changes.
 * A gradient wrong by (a) is a ROOT when it is also wrong by (b) ("local"),
 * and INHERITED when it is right given the student's own upstream gradient.
 *
 * The loss: (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2). */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

#define NG 7
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

static const double REG = 0.1;
static const double FD_STEP = 1e-5;
static const double FD_TOL = 1e-5;     /* vs centred differences */
static const double LOCAL_TOL = 1e-8;  /* vs the rule on the student's upstream */
static const double AGAIN_TOL = 1e-12; /* second call vs first */

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

/* ------------------------------------------------------------------ */
/* Building the structures by hand (same layout as the headers).       */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *net = calloc (1, sizeof (bp_net) + P * sizeof (double));
  double *d = net->data;
  net->D = D; net->H = H; net->C = C;
  net->theta_view = gsl_vector_view_array (d, P);
  net->theta = &net->theta_view.vector;
  net->W1_view = gsl_matrix_view_array (d, D, H);
  net->W1 = &net->W1_view.matrix;
  net->b1_view = gsl_vector_view_array (d + D * H, H);
  net->b1 = &net->b1_view.vector;
  net->W2_view = gsl_matrix_view_array (d + D * H + H, H, C);
  net->W2 = &net->W2_view.matrix;
  net->b2_view = gsl_vector_view_array (d + D * H + H + H * C, C);
  net->b2 = &net->b2_view.vector;
  return net;
}

static bp_cache *
cache_new (size_t N, size_t H, size_t C)
{
  bp_cache *c = calloc (1, sizeof *c);
  c->N = N; c->H = H; c->C = C;
  c->z1 = gsl_matrix_alloc (N, H);
  c->p1 = gsl_matrix_alloc (N, H);
  c->z2 = gsl_matrix_alloc (N, C);
  c->prob = gsl_matrix_alloc (N, C);
  return c;
}

static void
cache_free (bp_cache *c)
{
  gsl_matrix_free (c->z1); gsl_matrix_free (c->p1);
  gsl_matrix_free (c->z2); gsl_matrix_free (c->prob);
  free (c);
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  size_t P = D * H + H + H * C + C;
  double *d;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_alloc (P);
  d = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (d, D, H);
  g->dW1 = &g->dW1_view.matrix;
  g->db1_view = gsl_vector_view_array (d + D * H, H);
  g->db1 = &g->db1_view.vector;
  g->dW2_view = gsl_matrix_view_array (d + D * H + H, H, C);
  g->dW2 = &g->dW2_view.matrix;
  g->db2_view = gsl_vector_view_array (d + D * H + H + H * C, C);
  g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_vector_free (g->dtheta);
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1); gsl_matrix_free (g->dz1);
  free (g);
}

/* Gradient k of g as a flat list of n doubles (copied out). */
static size_t
grad_flat (const bp_grads *g, int k, double *out)
{
  const gsl_matrix *m = NULL;
  const gsl_vector *v = NULL;
  size_t n = 0, i, j;
  switch (k)
    {
    case 0: m = g->dz2; break;
    case 1: m = g->dW2; break;
    case 2: v = g->db2; break;
    case 3: m = g->dp1; break;
    case 4: m = g->dz1; break;
    case 5: m = g->dW1; break;
    default: v = g->db1; break;
    }
  if (m)
    for (i = 0; i < m->size1; i++)
      for (j = 0; j < m->size2; j++)
        out[n++] = gsl_matrix_get (m, i, j);
  else
    for (i = 0; i < v->size; i++)
      out[n++] = gsl_vector_get (v, i);
  return n;
}

/* ------------------------------------------------------------------ */
/* The mathematics.                                                    */

/* Z (N, M) = A (N, K) B (K, M) + 1 b' */
static void
affine (const gsl_matrix *A, const gsl_matrix *B, const gsl_vector *b, gsl_matrix *Z)
{
  size_t i, j, k;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < B->size2; j++)
      {
        double s = gsl_vector_get (b, j);
        for (k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (B, k, j);
        gsl_matrix_set (Z, i, j, s);
      }
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

/* mean cross-entropy of scores Z against y; prob filled unless NULL */
static double
data_loss (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  size_t i, j, N = Z->size1, C = Z->size2;
  double L = 0.0;
  for (i = 0; i < N; i++)
    {
      double mx = gsl_matrix_get (Z, i, 0), s = 0.0, lse;
      for (j = 1; j < C; j++)
        mx = fmax (mx, gsl_matrix_get (Z, i, j));
      for (j = 0; j < C; j++)
        s += exp (gsl_matrix_get (Z, i, j) - mx);
      lse = mx + log (s);
      L += lse - gsl_matrix_get (Z, i, y[i]);
      if (prob)
        for (j = 0; j < C; j++)
          gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (Z, i, j) - lse));
    }
  return L / (double) N;
}

static double
sumsq (const gsl_matrix *W)
{
  size_t i, j;
  double s = 0.0;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      s += gsl_matrix_get (W, i, j) * gsl_matrix_get (W, i, j);
  return s;
}

static void
forward (const bp_net *net, const gsl_matrix *X, bp_cache *c)
{
  affine (X, net->W1, net->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, net->W2, net->b2, c->z2);
}

static double
full_loss (const bp_net *net, const gsl_matrix *X, const size_t *y, bp_cache *work)
{
  affine (X, net->W1, net->b1, work->z1);
  relu (work->z1, work->p1);
  affine (work->p1, net->W2, net->b2, work->z2);
  return data_loss (work->z2, y, NULL)
         + REG * (sumsq (net->W1) + sumsq (net->W2));
}

/* loss as a function of p1 (with W2, b2 fixed); reg does not depend on p1 */
static double
loss_of_p1 (const bp_net *net, const gsl_matrix *p1, const size_t *y, gsl_matrix *z2)
{
  affine (p1, net->W2, net->b2, z2);
  return data_loss (z2, y, NULL);
}

static double
loss_of_z1 (const bp_net *net, const gsl_matrix *z1, const size_t *y,
            gsl_matrix *p1, gsl_matrix *z2)
{
  relu (z1, p1);
  return loss_of_p1 (net, p1, y, z2);
}

/* centred differences of f over the entries of M, into out (flat) */
#define FD_OVER(M, out, EXPR)                                        \
  do {                                                               \
    size_t i_, j_, n_ = 0;                                           \
    for (i_ = 0; i_ < (M)->size1; i_++)                              \
      for (j_ = 0; j_ < (M)->size2; j_++)                            \
        {                                                            \
          double *e_ = gsl_matrix_ptr ((M), i_, j_), o_ = *e_, fp_, fm_; \
          *e_ = o_ + FD_STEP; fp_ = (EXPR);                          \
          *e_ = o_ - FD_STEP; fm_ = (EXPR);                          \
          *e_ = o_;                                                  \
          (out)[n_++] = (fp_ - fm_) / (2.0 * FD_STEP);               \
        }                                                            \
  } while (0)

/* relative error: max |a - b| / max(max |a|, max |b|, tiny) */
static double
relerr (const double *a, const double *b, size_t n)
{
  double d = 0.0, s = 1e-12;
  size_t i;
  for (i = 0; i < n; i++)
    {
      if (!isfinite (a[i]) || !isfinite (b[i]))
        return INFINITY;
      d = fmax (d, fabs (a[i] - b[i]));
      s = fmax (s, fmax (fabs (a[i]), fabs (b[i])));
    }
  return d / s;
}

/* ------------------------------------------------------------------ */

struct result {
  double fd[NG], local[NG], again[NG];
  int rc, present_all, cache_changed, net_changed;
};

static void
gauss_fill_m (gsl_matrix *M, gsl_rng *r, double sd)
{
  size_t i, j;
  for (i = 0; i < M->size1; i++)
    for (j = 0; j < M->size2; j++)
      gsl_matrix_set (M, i, j, gsl_ran_gaussian (r, sd));
}

static void
garbage (bp_grads *g, gsl_rng *r)
{
  size_t i, j;
  gsl_matrix *ms[3] = { g->dz2, g->dp1, g->dz1 };
  for (i = 0; i < g->dtheta->size; i++)
    gsl_vector_set (g->dtheta, i, 1e3 * (gsl_rng_uniform (r) - 0.3));
  for (j = 0; j < 3; j++)
    for (i = 0; i < ms[j]->size1 * ms[j]->size2; i++)
      ms[j]->data[i] = -7e2 * (gsl_rng_uniform (r) - 0.6);
  g->present = 0;
}

static int
run_case (backward_fn *bw, unsigned long seed, size_t D, size_t H, size_t C,
          size_t N, struct result *res)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  bp_net *net = net_new (D, H, C), *net0 = net_new (D, H, C);
  bp_cache *c = cache_new (N, H, C), *c0 = cache_new (N, H, C);
  bp_cache *work = cache_new (N, H, C);
  bp_grads *g = grads_new (N, D, H, C);
  gsl_matrix *X = gsl_matrix_alloc (N, D);
  size_t *y = malloc (N * sizeof *y);
  size_t i, P = net->theta->size;
  size_t maxn = P + 2 * N * H + N * C;
  double *s = malloc (maxn * sizeof *s), *t = malloc (maxn * sizeof *t);
  double *first[NG];
  int k, tries;

  gsl_rng_set (r, seed * 7919 + D * 131 + H * 17 + C);
  for (tries = 0;; tries++)
    {
      gauss_fill_m (net->W1, r, 0.6);
      gauss_fill_m (net->W2, r, 0.6);
      for (i = 0; i < H; i++)
        gsl_vector_set (net->b1, i, gsl_ran_gaussian (r, 0.2));
      for (i = 0; i < C; i++)
        gsl_vector_set (net->b2, i, gsl_ran_gaussian (r, 0.2));
      gauss_fill_m (X, r, 1.0);
      for (i = 0; i < N; i++)
        y[i] = gsl_rng_uniform_int (r, C);
      forward (net, X, c);
      /* keep clear of the ReLU's kink for the differences */
      {
        double mn = INFINITY;
        for (i = 0; i < N * H; i++)
          mn = fmin (mn, fabs (c->z1->data[i]));
        if (mn > 1e-3 || tries > 50)
          break;
      }
    }
  data_loss (c->z2, y, c->prob);
  gsl_vector_memcpy (net0->theta, net->theta);
  gsl_matrix_memcpy (c0->z1, c->z1); gsl_matrix_memcpy (c0->p1, c->p1);
  gsl_matrix_memcpy (c0->z2, c->z2); gsl_matrix_memcpy (c0->prob, c->prob);

  garbage (g, r);
  res->rc = bw (net, X, y, REG, c, g);
  res->present_all = (g->present & BP_GRADS_ALL) == BP_GRADS_ALL;
  res->net_changed = !gsl_vector_equal (net->theta, net0->theta);
  res->cache_changed = !(gsl_matrix_equal (c->z1, c0->z1) && gsl_matrix_equal (c->p1, c0->p1)
                         && gsl_matrix_equal (c->z2, c0->z2) && gsl_matrix_equal (c->prob, c0->prob));
  /* judge against the true values whatever the student did to them */
  gsl_vector_memcpy (net->theta, net0->theta);

  for (k = 0; k < NG; k++)
    {
      first[k] = malloc (maxn * sizeof (double));
      grad_flat (g, k, first[k]);
    }

  /* (a) centred differences */
  for (k = 0; k < NG; k++)
    {
      size_t n = grad_flat (g, k, s);
      gsl_matrix *z = gsl_matrix_alloc (N, C), *pp = gsl_matrix_alloc (N, H);
      switch (k)
        {
        case 0:
          {
            gsl_matrix *z2 = gsl_matrix_alloc (N, C);
            gsl_matrix_memcpy (z2, c0->z2);
            FD_OVER (z2, t, data_loss (z2, y, NULL));
            gsl_matrix_free (z2);
          }
          break;
        case 3:
          {
            gsl_matrix *p1 = gsl_matrix_alloc (N, H);
            gsl_matrix_memcpy (p1, c0->p1);
            FD_OVER (p1, t, loss_of_p1 (net, p1, y, z));
            gsl_matrix_free (p1);
          }
          break;
        case 4:
          {
            gsl_matrix *z1 = gsl_matrix_alloc (N, H);
            gsl_matrix_memcpy (z1, c0->z1);
            FD_OVER (z1, t, loss_of_z1 (net, z1, y, pp, z));
            gsl_matrix_free (z1);
          }
          break;
        default:
          {
            gsl_matrix_view th = gsl_matrix_view_vector (net->theta, 1, P);
            double *all = malloc (P * sizeof *all);
            size_t off, len;
            FD_OVER (&th.matrix, all, full_loss (net, X, y, work));
            if (k == 5) { off = 0; len = D * H; }
            else if (k == 6) { off = D * H; len = H; }
            else if (k == 1) { off = D * H + H; len = H * C; }
            else { off = D * H + H + H * C; len = C; }
            memcpy (t, all + off, len * sizeof *t);
            free (all);
          }
        }
      res->fd[k] = relerr (s, t, n);
      gsl_matrix_free (z);
      gsl_matrix_free (pp);
    }

  /* (b) each rule on the student's own upstream gradient */
  {
    size_t a, b, j;
    size_t n;
    /* dz2 */
    n = 0;
    for (a = 0; a < N; a++)
      for (b = 0; b < C; b++)
        t[n++] = (gsl_matrix_get (c0->prob, a, b) - (b == y[a] ? 1.0 : 0.0)) / (double) N;
    grad_flat (g, 0, s);
    res->local[0] = relerr (s, t, n);
    /* dW2 */
    n = 0;
    for (a = 0; a < H; a++)
      for (b = 0; b < C; b++)
        {
          double v = 2.0 * REG * gsl_matrix_get (net0->W2, a, b);
          for (i = 0; i < N; i++)
            v += gsl_matrix_get (c0->p1, i, a) * gsl_matrix_get (g->dz2, i, b);
          t[n++] = v;
        }
    grad_flat (g, 1, s);
    res->local[1] = relerr (s, t, n);
    /* db2 */
    n = 0;
    for (b = 0; b < C; b++)
      {
        double v = 0.0;
        for (i = 0; i < N; i++)
          v += gsl_matrix_get (g->dz2, i, b);
        t[n++] = v;
      }
    grad_flat (g, 2, s);
    res->local[2] = relerr (s, t, n);
    /* dp1 */
    n = 0;
    for (i = 0; i < N; i++)
      for (a = 0; a < H; a++)
        {
          double v = 0.0;
          for (b = 0; b < C; b++)
            v += gsl_matrix_get (g->dz2, i, b) * gsl_matrix_get (net0->W2, a, b);
          t[n++] = v;
        }
    grad_flat (g, 3, s);
    res->local[3] = relerr (s, t, n);
    /* dz1 */
    n = 0;
    for (i = 0; i < N; i++)
      for (a = 0; a < H; a++)
        t[n++] = gsl_matrix_get (c0->z1, i, a) > 0.0 ? gsl_matrix_get (g->dp1, i, a) : 0.0;
    grad_flat (g, 4, s);
    res->local[4] = relerr (s, t, n);
    /* dW1 */
    n = 0;
    for (j = 0; j < D; j++)
      for (a = 0; a < H; a++)
        {
          double v = 2.0 * REG * gsl_matrix_get (net0->W1, j, a);
          for (i = 0; i < N; i++)
            v += gsl_matrix_get (X, i, j) * gsl_matrix_get (g->dz1, i, a);
          t[n++] = v;
        }
    grad_flat (g, 5, s);
    res->local[5] = relerr (s, t, n);
    /* db1 */
    n = 0;
    for (a = 0; a < H; a++)
      {
        double v = 0.0;
        for (i = 0; i < N; i++)
          v += gsl_matrix_get (g->dz1, i, a);
        t[n++] = v;
      }
    grad_flat (g, 6, s);
    res->local[6] = relerr (s, t, n);
  }

  /* a second call over the first call's results, as in training */
  gsl_matrix_memcpy (c->z1, c0->z1); gsl_matrix_memcpy (c->p1, c0->p1);
  gsl_matrix_memcpy (c->z2, c0->z2); gsl_matrix_memcpy (c->prob, c0->prob);
  bw (net, X, y, REG, c, g);
  gsl_vector_memcpy (net->theta, net0->theta);
  for (k = 0; k < NG; k++)
    {
      size_t n = grad_flat (g, k, s);
      res->again[k] = relerr (s, first[k], n);
      free (first[k]);
    }

  free (s); free (t); free (y);
  gsl_matrix_free (X);
  grads_free (g);
  cache_free (c); cache_free (c0); cache_free (work);
  free (net); free (net0);
  gsl_rng_free (r);
  return 0;
}

static int
label_one (const char *path)
{
  static const size_t cfg[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  backward_fn *bw;
  double fd[NG] = { 0 }, loc[NG] = { 0 }, again[NG] = { 0 };
  int rcbad = 0, notpresent = 0, cachech = 0, netch = 0;
  int k, ci, seed;
  const char *base = strrchr (path, '/') ? strrchr (path, '/') + 1 : path;

  if (!h)
    {
      printf ("%s: cannot load: %s\n", base, dlerror ());
      return 2;
    }
  *(void **) &bw = dlsym (h, "backward");
  if (!bw)
    {
      printf ("%s: no symbol backward\n", base);
      return 2;
    }
  for (seed = 1; seed <= 2; seed++)
    for (ci = 0; ci < 2; ci++)
      {
        struct result r;
        memset (&r, 0, sizeof r);
        run_case (bw, (unsigned long) seed, cfg[ci][0], cfg[ci][1], cfg[ci][2],
                  cfg[ci][3], &r);
        rcbad |= r.rc != 0;
        notpresent |= !r.present_all;
        cachech |= r.cache_changed;
        netch |= r.net_changed;
        for (k = 0; k < NG; k++)
          {
            fd[k] = fmax (fd[k], r.fd[k]);
            loc[k] = fmax (loc[k], r.local[k]);
            again[k] = fmax (again[k], r.again[k]);
          }
      }

  printf ("%s\n", base);
  printf ("  %-4s %12s %12s %12s  %s\n", "grad", "vs-diffs", "local", "2nd-call", "verdict");
  {
    char roots[128] = "", inh[128] = "", chg[128] = "";
    for (k = 0; k < NG; k++)
      {
        int wrong = fd[k] > FD_TOL, lwrong = loc[k] > LOCAL_TOL;
        const char *v = !wrong ? (lwrong ? "ok (differs from rule on own upstream)" : "ok")
                        : lwrong ? "ROOT" : "inherited";
        printf ("  %-4s %12.3e %12.3e %12.3e  %s\n", gname[k], fd[k], loc[k], again[k], v);
        if (wrong && lwrong)
          strcat (strcat (roots, *roots ? "," : ""), gname[k]);
        else if (wrong)
          strcat (strcat (inh, *inh ? "," : ""), gname[k]);
        if (again[k] > AGAIN_TOL)
          strcat (strcat (chg, *chg ? "," : ""), gname[k]);
      }
    if (rcbad)
      printf ("  returned nonzero\n");
    if (notpresent)
      printf ("  does not mark all seven gradients present\n");
    if (cachech)
      printf ("  modified the cache\n");
    if (netch)
      printf ("  modified the net\n");
    printf ("  local: %s\n", *roots ? roots : "-");
    printf ("  inherited: %s\n", *inh ? inh : "-");
    printf ("  second call changes: %s\n", *chg ? chg : "-");
    printf ("RESULT\t%s\t%s\t%s\n", base, *roots ? "no" : "yes", roots);
  }
  fflush (stdout);
  return 0;
}

int
main (int argc, char **argv)
{
  int i, bad = 0;
  if (argc < 2)
    {
      fprintf (stderr, "usage: label FILE.so...\n");
      return 2;
    }
  for (i = 1; i < argc; i++)
    {
      pid_t pid;
      int st;
      fflush (stdout);
      pid = fork ();
      if (pid == 0)
        _exit (label_one (argv[i]));
      waitpid (pid, &st, 0);
      if (WIFSIGNALED (st))
        {
          printf ("%s: crashed (signal %d)\n", argv[i], WTERMSIG (st));
          bad = 1;
        }
      else if (WEXITSTATUS (st) != 0)
        bad = 1;
    }
  return bad;
}
