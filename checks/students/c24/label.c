/* label.c -- an independent labeller for the students' backward passes of
 * set c24.  Written from the mathematics; uses GSL and libdl only (the
 * backprop headers are included for the layout of bp_net, bp_cache and
 * bp_grads, no library code is linked).
 *
 *   cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl
 *   ./label OUTDIR/s01_*.so ...
 *
 * For every shared object, on every problem (2 seeds x {5-10-3 batch 7,
 * 6-8-4 batch 9}, reg 0.1):
 *   - g is filled with garbage, the student's backward is called;
 *   - each gradient is compared (a) with centred differences of the loss
 *     (dz2, dp1, dz1: with respect to the intermediate z2, p1, z1) and
 *     (b) with its own rule applied to the student's OWN upstream
 *     gradient (dW2 = p1' dz2 + 2 reg W2, db2 = colsum dz2, dp1 = dz2 W2',
 *     dz1 = dp1 * [z1 > 0], dW1 = X' dz1 + 2 reg W1, db1 = colsum dz1;
 *     dz2 against the differences);
 *   - the student's backward is called a second time over the first
 *     call's outputs, and any change of the results is reported.
 * A gradient wrong by (b) is a root ("local:"); one wrong by (a) only is
 * inherited.
 *
 * The loss (net.h): (1/N) sum_i -log softmax(z2_i)[y_i]
 *                   + reg (|W1|^2 + |W2|^2). */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

#include "backprop/net.h"
#include "backprop/grads.h"

#define TOL 1e-5
#define STEP 1e-5

static const char *names[BP_NGRADS] =
  { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

/* ---- the objects, laid out as net.h and grads.h describe ------------ */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t n = D * H + H + H * C + C;
  bp_net *net = calloc (1, sizeof *net + n * sizeof (double));
  double *p = net->data;
  net->D = D; net->H = H; net->C = C;
  net->theta_view = gsl_vector_view_array (p, n);
  net->W1_view = gsl_matrix_view_array (p, D, H);
  net->b1_view = gsl_vector_view_array (p + D * H, H);
  net->W2_view = gsl_matrix_view_array (p + D * H + H, H, C);
  net->b2_view = gsl_vector_view_array (p + D * H + H + H * C, C);
  net->theta = &net->theta_view.vector;
  net->W1 = &net->W1_view.matrix;
  net->b1 = &net->b1_view.vector;
  net->W2 = &net->W2_view.matrix;
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
  size_t n = D * H + H + H * C + C;
  double *p;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_alloc (n);
  p = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (p, D, H);
  g->db1_view = gsl_vector_view_array (p + D * H, H);
  g->dW2_view = gsl_matrix_view_array (p + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (p + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->present = 0;
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_vector_free (g->dtheta);
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1); gsl_matrix_free (g->dz1);
  free (g);
}

/* Gradient id of g as a flat array of n entries (all contiguous here). */
static double *
gdata (bp_grads *g, int id, size_t *n)
{
  switch (id)
    {
    case BP_DZ2: *n = g->N * g->C; return g->dz2->data;
    case BP_DW2: *n = g->H * g->C; return g->dW2->data;
    case BP_DB2: *n = g->C; return g->db2->data;
    case BP_DP1: *n = g->N * g->H; return g->dp1->data;
    case BP_DZ1: *n = g->N * g->H; return g->dz1->data;
    case BP_DW1: *n = g->D * g->H; return g->dW1->data;
    default:     *n = g->H; return g->db1->data;
    }
}

/* ---- the forward pass and the loss, from the mathematics ------------- */

/* Z (N, M) = A (N, K) B (K, M) + 1 b' */
static void
affine (const double *A, const double *B, const double *b, double *Z,
        size_t N, size_t K, size_t M)
{
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < M; j++)
      {
        double s = b[j];
        for (size_t k = 0; k < K; k++)
          s += A[i * K + k] * B[k * M + j];
        Z[i * M + j] = s;
      }
}

/* mean cross-entropy of scores z2 (N, C); prob (N, C) if not NULL */
static double
data_loss (const double *z2, const size_t *y, size_t N, size_t C, double *prob)
{
  double L = 0;
  for (size_t i = 0; i < N; i++)
    {
      const double *r = z2 + i * C;
      double m = r[0], s = 0;
      for (size_t j = 1; j < C; j++)
        if (r[j] > m) m = r[j];
      for (size_t j = 0; j < C; j++)
        s += exp (r[j] - m);
      L += -(r[y[i]] - m - log (s));
      if (prob)
        for (size_t j = 0; j < C; j++)
          prob[i * C + j] = exp (r[j] - m) / s;
    }
  return L / N;
}

typedef struct {
  size_t N, D, H, C;
  double reg;
  double *X, *W1, *b1, *W2, *b2;     /* point into net / Xm */
  size_t *y;
} problem;

static double
reg_loss (const problem *P)
{
  double s = 0;
  for (size_t i = 0; i < P->D * P->H; i++) s += P->W1[i] * P->W1[i];
  for (size_t i = 0; i < P->H * P->C; i++) s += P->W2[i] * P->W2[i];
  return P->reg * s;
}

/* loss from p1 on */
static double
loss_from_p1 (const problem *P, const double *p1)
{
  double z2[P->N * P->C];
  affine (p1, P->W2, P->b2, z2, P->N, P->H, P->C);
  return data_loss (z2, P->y, P->N, P->C, NULL) + reg_loss (P);
}

static double
loss_from_z1 (const problem *P, const double *z1)
{
  double p1[P->N * P->H];
  for (size_t i = 0; i < P->N * P->H; i++)
    p1[i] = z1[i] > 0 ? z1[i] : 0;
  return loss_from_p1 (P, p1);
}

static double
loss_full (const problem *P)
{
  double z1[P->N * P->H];
  affine (P->X, P->W1, P->b1, z1, P->N, P->D, P->H);
  return loss_from_z1 (P, z1);
}

/* ---- comparison ------------------------------------------------------ */

static double
relerr (const double *a, const double *b, size_t n)
{
  double num = 0, den = 1e-10;
  for (size_t i = 0; i < n; i++)
    {
      double d = fabs (a[i] - b[i]);
      if (!(d <= num)) num = d;      /* NaN counts as huge */
      if (fabs (a[i]) > den) den = fabs (a[i]);
      if (fabs (b[i]) > den) den = fabs (b[i]);
    }
  if (isnan (num)) return INFINITY;
  return num / den;
}

/* ---- one problem ----------------------------------------------------- */

/* result bits per gradient: 1 numeric wrong, 2 local wrong, 4 second call
 * changed the result */
static int
run_problem (backward_fn *fn, size_t D, size_t H, size_t C, size_t N,
             unsigned long seed, int res[BP_NGRADS], double err[2][BP_NGRADS])
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, seed);
  bp_net *net = net_new (D, H, C);
  bp_cache *cache = cache_new (N, H, C);
  bp_grads *g = grads_new (N, D, H, C);
  gsl_matrix *X = gsl_matrix_alloc (N, D);
  size_t y[N];
  problem P = { N, D, H, C, 0.1, X->data, net->W1->data, net->b1->data,
                net->W2->data, net->b2->data, y };

  for (size_t i = 0; i < net->theta->size; i++)
    net->theta->data[i] = 0.7 * gsl_ran_gaussian (rng, 1.0);
  for (size_t i = 0; i < N * D; i++)
    X->data[i] = gsl_ran_gaussian (rng, 1.0);
  for (size_t i = 0; i < N; i++)
    y[i] = gsl_rng_uniform_int (rng, C);
  /* every class present when N allows it */
  for (size_t i = 0; i < C && i < N; i++)
    y[(i * 2) % N] = i;

  affine (P.X, P.W1, P.b1, cache->z1->data, N, D, H);
  for (size_t i = 0; i < N * H; i++)
    cache->p1->data[i] = cache->z1->data[i] > 0 ? cache->z1->data[i] : 0;
  affine (cache->p1->data, P.W2, P.b2, cache->z2->data, N, H, C);
  data_loss (cache->z2->data, y, N, C, cache->prob->data);

  /* garbage */
  for (int id = 0; id < BP_NGRADS; id++)
    {
      size_t n;
      double *d = gdata (g, id, &n);
      for (size_t i = 0; i < n; i++)
        d[i] = 37.0 + 100.0 * gsl_rng_uniform (rng);
    }
  g->present = 0;

  if (fn (net, X, y, P.reg, cache, g) != 0)
    {
      fprintf (stderr, "backward returned nonzero\n");
      return -1;
    }

  /* (a) centred differences */
  double *num[BP_NGRADS];
  for (int id = 0; id < BP_NGRADS; id++)
    {
      size_t n;
      gdata (g, id, &n);
      num[id] = calloc (n, sizeof (double));
    }
  {
    double z2[N * C];
    memcpy (z2, cache->z2->data, sizeof z2);
    for (size_t i = 0; i < N * C; i++)
      {
        double t = z2[i];
        z2[i] = t + STEP; double lp = data_loss (z2, y, N, C, NULL);
        z2[i] = t - STEP; double lm = data_loss (z2, y, N, C, NULL);
        z2[i] = t;
        num[BP_DZ2][i] = (lp - lm) / (2 * STEP);
      }
    double p1[N * H];
    memcpy (p1, cache->p1->data, sizeof p1);
    for (size_t i = 0; i < N * H; i++)
      {
        double t = p1[i];
        p1[i] = t + STEP; double lp = loss_from_p1 (&P, p1);
        p1[i] = t - STEP; double lm = loss_from_p1 (&P, p1);
        p1[i] = t;
        num[BP_DP1][i] = (lp - lm) / (2 * STEP);
      }
    double z1[N * H];
    memcpy (z1, cache->z1->data, sizeof z1);
    for (size_t i = 0; i < N * H; i++)
      {
        double t = z1[i];
        if (fabs (t) < 10 * STEP)      /* at the kink: the rule's value */
          {
            num[BP_DZ1][i] = t > 0 ? num[BP_DP1][i] : 0;
            continue;
          }
        z1[i] = t + STEP; double lp = loss_from_z1 (&P, z1);
        z1[i] = t - STEP; double lm = loss_from_z1 (&P, z1);
        z1[i] = t;
        num[BP_DZ1][i] = (lp - lm) / (2 * STEP);
      }
    struct { int id; double *p; size_t n; } par[4] = {
      { BP_DW1, P.W1, D * H }, { BP_DB1, P.b1, H },
      { BP_DW2, P.W2, H * C }, { BP_DB2, P.b2, C } };
    for (int k = 0; k < 4; k++)
      for (size_t i = 0; i < par[k].n; i++)
        {
          double t = par[k].p[i];
          par[k].p[i] = t + STEP; double lp = loss_full (&P);
          par[k].p[i] = t - STEP; double lm = loss_full (&P);
          par[k].p[i] = t;
          num[par[k].id][i] = (lp - lm) / (2 * STEP);
        }
  }

  /* (b) the rules on the student's own upstream gradients */
  double *loc[BP_NGRADS];
  for (int id = 0; id < BP_NGRADS; id++)
    {
      size_t n;
      gdata (g, id, &n);
      loc[id] = calloc (n, sizeof (double));
    }
  {
    const double *sdz2 = g->dz2->data, *sdp1 = g->dp1->data,
      *sdz1 = g->dz1->data, *p1 = cache->p1->data, *z1 = cache->z1->data;
    memcpy (loc[BP_DZ2], num[BP_DZ2], N * C * sizeof (double));
    for (size_t h = 0; h < H; h++)
      for (size_t c = 0; c < C; c++)
        {
          double s = 2 * P.reg * P.W2[h * C + c];
          for (size_t i = 0; i < N; i++)
            s += p1[i * H + h] * sdz2[i * C + c];
          loc[BP_DW2][h * C + c] = s;
        }
    for (size_t c = 0; c < C; c++)
      {
        double s = 0;
        for (size_t i = 0; i < N; i++) s += sdz2[i * C + c];
        loc[BP_DB2][c] = s;
      }
    for (size_t i = 0; i < N; i++)
      for (size_t h = 0; h < H; h++)
        {
          double s = 0;
          for (size_t c = 0; c < C; c++)
            s += sdz2[i * C + c] * P.W2[h * C + c];
          loc[BP_DP1][i * H + h] = s;
        }
    for (size_t i = 0; i < N * H; i++)
      loc[BP_DZ1][i] = z1[i] > 0 ? sdp1[i] : 0;
    for (size_t d = 0; d < D; d++)
      for (size_t h = 0; h < H; h++)
        {
          double s = 2 * P.reg * P.W1[d * H + h];
          for (size_t i = 0; i < N; i++)
            s += P.X[i * D + d] * sdz1[i * H + h];
          loc[BP_DW1][d * H + h] = s;
        }
    for (size_t h = 0; h < H; h++)
      {
        double s = 0;
        for (size_t i = 0; i < N; i++) s += sdz1[i * H + h];
        loc[BP_DB1][h] = s;
      }
  }

  for (int id = 0; id < BP_NGRADS; id++)
    {
      size_t n;
      double *s = gdata (g, id, &n);
      err[0][id] = relerr (s, num[id], n);
      err[1][id] = relerr (s, loc[id], n);
      res[id] = (err[0][id] > TOL ? 1 : 0) | (err[1][id] > TOL ? 2 : 0);
    }

  /* second call over the first call's outputs */
  {
    double *first[BP_NGRADS];
    for (int id = 0; id < BP_NGRADS; id++)
      {
        size_t n;
        double *s = gdata (g, id, &n);
        first[id] = malloc (n * sizeof (double));
        memcpy (first[id], s, n * sizeof (double));
      }
    fn (net, X, y, P.reg, cache, g);
    for (int id = 0; id < BP_NGRADS; id++)
      {
        size_t n;
        double *s = gdata (g, id, &n);
        if (relerr (s, first[id], n) > 1e-12)
          res[id] |= 4;
        free (first[id]);
      }
  }

  for (int id = 0; id < BP_NGRADS; id++)
    { free (num[id]); free (loc[id]); }
  gsl_matrix_free (X);
  grads_free (g);
  cache_free (cache);
  free (net);
  gsl_rng_free (rng);
  return 0;
}

int
main (int argc, char **argv)
{
  static const struct { size_t D, H, C, N; } shapes[2] =
    { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  static const unsigned long seeds[2] = { 11, 2024 };
  int verbose = 0, argi = 1, status = 0;

  if (argi < argc && strcmp (argv[argi], "-v") == 0)
    { verbose = 1; argi++; }
  if (argi >= argc)
    {
      fprintf (stderr, "usage: label [-v] FILE.so ...\n");
      return 2;
    }
  for (; argi < argc; argi++)
    {
      void *h = dlopen (argv[argi], RTLD_NOW | RTLD_LOCAL);
      if (!h)
        { printf ("%s: cannot load: %s\n", argv[argi], dlerror ()); status = 1; continue; }
      backward_fn *fn = (backward_fn *) dlsym (h, "backward");
      if (!fn)
        { printf ("%s: no symbol backward\n", argv[argi]); dlclose (h); status = 1; continue; }

      int any[BP_NGRADS] = { 0 };
      double worst[2][BP_NGRADS] = { { 0 } };
      const char *base = strrchr (argv[argi], '/');
      base = base ? base + 1 : argv[argi];
      for (int s = 0; s < 2; s++)
        for (int k = 0; k < 2; k++)
          {
            int res[BP_NGRADS];
            double err[2][BP_NGRADS];
            if (run_problem (fn, shapes[k].D, shapes[k].H, shapes[k].C,
                             shapes[k].N, seeds[s], res, err) != 0)
              { status = 1; continue; }
            for (int id = 0; id < BP_NGRADS; id++)
              {
                any[id] |= res[id];
                for (int t = 0; t < 2; t++)
                  if (err[t][id] > worst[t][id]) worst[t][id] = err[t][id];
              }
            if (verbose)
              {
                printf ("  %s %zu-%zu-%zu N%zu seed %lu:", base, shapes[k].D,
                        shapes[k].H, shapes[k].C, shapes[k].N, seeds[s]);
                for (int id = 0; id < BP_NGRADS; id++)
                  printf (" %s=%s", names[id],
                          res[id] & 2 ? "ROOT" : res[id] & 1 ? "inh" : "ok");
                printf ("\n");
              }
          }
      char roots[128] = "", wrong[128] = "", changed[128] = "";
      for (int id = 0; id < BP_NGRADS; id++)
        {
          if (any[id] & 2) { if (*roots) strcat (roots, ","); strcat (roots, names[id]); }
          if (any[id] & 1) { if (*wrong) strcat (wrong, ","); strcat (wrong, names[id]); }
          if (any[id] & 4) { if (*changed) strcat (changed, ","); strcat (changed, names[id]); }
        }
      printf ("%s: correct %s  local: %s  wrong: %s  second-call-changes: %s\n",
              base, (*roots || *wrong) ? "no" : "yes",
              *roots ? roots : "-", *wrong ? wrong : "-",
              *changed ? changed : "-");
      if (verbose)
        {
          printf ("  worst relerr vs differences:");
          for (int id = 0; id < BP_NGRADS; id++)
            printf (" %s %.1e", names[id], worst[0][id]);
          printf ("\n  worst relerr vs own rule:   ");
          for (int id = 0; id < BP_NGRADS; id++)
            printf (" %s %.1e", names[id], worst[1][id]);
          printf ("\n");
        }
      dlclose (h);
    }
  return status;
}
