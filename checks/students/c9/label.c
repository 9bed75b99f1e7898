/* label.c -- an independent labeller for the student backward passes of
 * this set.  Written from the mathematics only: it uses GSL and libdl, and
 * the type definitions of backprop/net.h and backprop/grads.h (no code of
 * the backprop library).
 *
 *   cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl -lm
 *   ./label [-t labels.tsv] OUTDIR/s01_x.so OUTDIR/s02_y.so ...
 *
 * For every shared object, in a child process (a crash is reported, not
 * fatal), on random nets (2 seeds x {5-10-3 with 7 samples, 6-8-4 with 9
 * samples}, reg 0.1):
 *   - the seven gradients are filled with garbage, backward() is called;
 *   - each gradient is compared (a) with centred differences of the loss
 *       loss = (1/N) sum_n -log softmax(z2_n)[y_n] + reg (|W1|^2 + |W2|^2)
 *     with respect to z2, p1, z1 (dz2, dp1, dz1) or the parameters, and
 *     (b) with its own rule applied to the student's own upstream gradient:
 *       dz2 = (prob - onehot(y)) / N        dW2 = p1' dz2 + 2 reg W2
 *       db2 = column sums of dz2            dp1 = dz2 W2'
 *       dz1 = dp1 * [z1 > 0]                dW1 = X' dz1 + 2 reg W1
 *       db1 = column sums of dz1
 *     A gradient wrong against (a) is "local" (a root) when it is also
 *     wrong against (b), and "inherited" when (b) holds;
 *   - backward() is called a second time over its own outputs (as training
 *     does) and any gradient that changes is reported;
 *   - the net, the cache and X must be left as they were.
 * The last line for a file is "local: ..." with the roots, in backprop
 * order, over all nets.  With -t, the root column of labels.tsv is
 * compared with it. */

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

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

static const char *names[7] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };
#define TOL 1e-6
#define STEP 1e-5

/* ---------- the problem ---------- */

typedef struct {
  size_t N, D, H, C;
  double reg;
  gsl_matrix *X;
  size_t *y;
  bp_net net;
  bp_cache cache;
  bp_grads g;
} problem;

static void
views_net (bp_net *net)
{
  size_t D = net->D, H = net->H, C = net->C;
  double *t = net->theta->data;
  net->W1_view = gsl_matrix_view_array (t, D, H);
  net->b1_view = gsl_vector_view_array (t + D * H, H);
  net->W2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  net->b2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  net->W1 = &net->W1_view.matrix;
  net->b1 = &net->b1_view.vector;
  net->W2 = &net->W2_view.matrix;
  net->b2 = &net->b2_view.vector;
}

static size_t
nparams (size_t D, size_t H, size_t C)
{
  return D * H + H + H * C + C;
}

static void
problem_init (problem *p, size_t D, size_t H, size_t C, size_t N,
              double reg, unsigned long seed)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  size_t i, P = nparams (D, H, C);
  double *t;

  gsl_rng_set (r, seed);
  memset (p, 0, sizeof *p);
  p->N = N; p->D = D; p->H = H; p->C = C; p->reg = reg;

  p->X = gsl_matrix_alloc (N, D);
  for (i = 0; i < N * D; i++)
    p->X->data[i] = gsl_ran_gaussian (r, 1.0);
  p->y = malloc (N * sizeof *p->y);
  for (i = 0; i < N; i++)
    p->y[i] = gsl_rng_uniform_int (r, C);

  p->net.D = D; p->net.H = H; p->net.C = C;
  p->net.theta = gsl_vector_alloc (P);
  views_net (&p->net);
  t = p->net.theta->data;
  for (i = 0; i < D * H; i++) t[i] = gsl_ran_gaussian (r, 1.0 / sqrt ((double) D));
  for (; i < D * H + H; i++) t[i] = gsl_ran_gaussian (r, 0.3);
  for (; i < D * H + H + H * C; i++) t[i] = gsl_ran_gaussian (r, 1.5 / sqrt ((double) H));
  for (; i < P; i++) t[i] = gsl_ran_gaussian (r, 0.3);

  p->cache.N = N; p->cache.H = H; p->cache.C = C;
  p->cache.z1 = gsl_matrix_alloc (N, H);
  p->cache.p1 = gsl_matrix_alloc (N, H);
  p->cache.z2 = gsl_matrix_alloc (N, C);
  p->cache.prob = gsl_matrix_alloc (N, C);

  p->g.N = N; p->g.D = D; p->g.H = H; p->g.C = C;
  p->g.dz2 = gsl_matrix_alloc (N, C);
  p->g.dp1 = gsl_matrix_alloc (N, H);
  p->g.dz1 = gsl_matrix_alloc (N, H);
  p->g.dtheta = gsl_vector_alloc (P);
  t = p->g.dtheta->data;
  p->g.dW1_view = gsl_matrix_view_array (t, D, H);
  p->g.db1_view = gsl_vector_view_array (t + D * H, H);
  p->g.dW2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  p->g.db2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  p->g.dW1 = &p->g.dW1_view.matrix;
  p->g.db1 = &p->g.db1_view.vector;
  p->g.dW2 = &p->g.dW2_view.matrix;
  p->g.db2 = &p->g.db2_view.vector;
  gsl_rng_free (r);
}

static void
problem_free (problem *p)
{
  gsl_matrix_free (p->X); free (p->y);
  gsl_vector_free (p->net.theta);
  gsl_matrix_free (p->cache.z1); gsl_matrix_free (p->cache.p1);
  gsl_matrix_free (p->cache.z2); gsl_matrix_free (p->cache.prob);
  gsl_matrix_free (p->g.dz2); gsl_matrix_free (p->g.dp1);
  gsl_matrix_free (p->g.dz1); gsl_vector_free (p->g.dtheta);
}

/* ---------- forward pass and loss, from the definitions ---------- */

#define M(A, i, j) ((A)->data[(i) * (A)->tda + (j)])

static double
reg_loss (const bp_net *net, double reg)
{
  size_t i, j;
  double s = 0.0;
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      s += M (net->W1, i, j) * M (net->W1, i, j);
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      s += M (net->W2, i, j) * M (net->W2, i, j);
  return reg * s;
}

/* z1 = X W1 + b1 */
static void
fwd_z1 (const problem *p, gsl_matrix *z1)
{
  size_t n, d, h;
  for (n = 0; n < p->N; n++)
    for (h = 0; h < p->H; h++)
      {
        double s = gsl_vector_get (p->net.b1, h);
        for (d = 0; d < p->D; d++)
          s += M (p->X, n, d) * M (p->net.W1, d, h);
        M (z1, n, h) = s;
      }
}

static void
fwd_relu (const gsl_matrix *z1, gsl_matrix *p1)
{
  size_t i, j;
  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      M (p1, i, j) = M (z1, i, j) > 0.0 ? M (z1, i, j) : 0.0;
}

/* z2 = p1 W2 + b2 */
static void
fwd_z2 (const problem *p, const gsl_matrix *p1, gsl_matrix *z2)
{
  size_t n, h, c;
  for (n = 0; n < p->N; n++)
    for (c = 0; c < p->C; c++)
      {
        double s = gsl_vector_get (p->net.b2, c);
        for (h = 0; h < p->H; h++)
          s += M (p1, n, h) * M (p->net.W2, h, c);
        M (z2, n, c) = s;
      }
}

/* mean cross-entropy of the scores; prob filled unless NULL */
static double
data_loss (const problem *p, const gsl_matrix *z2, gsl_matrix *prob)
{
  size_t n, c;
  double L = 0.0;
  for (n = 0; n < p->N; n++)
    {
      double mx = M (z2, n, 0), s = 0.0;
      for (c = 1; c < p->C; c++)
        if (M (z2, n, c) > mx) mx = M (z2, n, c);
      for (c = 0; c < p->C; c++)
        s += exp (M (z2, n, c) - mx);
      L += -(M (z2, n, p->y[n]) - mx - log (s));
      if (prob)
        for (c = 0; c < p->C; c++)
          M (prob, n, c) = exp (M (z2, n, c) - mx) / s;
    }
  return L / (double) p->N;
}

static void
forward (problem *p)
{
  fwd_z1 (p, p->cache.z1);
  fwd_relu (p->cache.z1, p->cache.p1);
  fwd_z2 (p, p->cache.p1, p->cache.z2);
  data_loss (p, p->cache.z2, p->cache.prob);
}

/* loss with z2 / p1 / z1 replaced by the given matrix (the rest of the
 * forward pass recomputed from there), or with the current theta */
static double
loss_from_z2 (const problem *p, const gsl_matrix *z2)
{
  return data_loss (p, z2, NULL) + reg_loss (&p->net, p->reg);
}

static double
loss_from_p1 (const problem *p, const gsl_matrix *p1)
{
  gsl_matrix *z2 = gsl_matrix_alloc (p->N, p->C);
  double L;
  fwd_z2 (p, p1, z2);
  L = loss_from_z2 (p, z2);
  gsl_matrix_free (z2);
  return L;
}

static double
loss_from_z1 (const problem *p, const gsl_matrix *z1)
{
  gsl_matrix *p1 = gsl_matrix_alloc (p->N, p->H);
  double L;
  fwd_relu (z1, p1);
  L = loss_from_p1 (p, p1);
  gsl_matrix_free (p1);
  return L;
}

static double
loss_theta (const problem *p)
{
  gsl_matrix *z1 = gsl_matrix_alloc (p->N, p->H);
  double L;
  fwd_z1 (p, z1);
  L = loss_from_z1 (p, z1);
  gsl_matrix_free (z1);
  return L;
}

/* ---------- numerical gradients ---------- */

/* centred differences of f over the entries of A (a copy is perturbed) */
static void
numgrad_matrix (const problem *p, const gsl_matrix *A,
                double (*f) (const problem *, const gsl_matrix *),
                gsl_matrix *out)
{
  gsl_matrix *B = gsl_matrix_alloc (A->size1, A->size2);
  size_t i, j;
  gsl_matrix_memcpy (B, A);
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      {
        double v = M (B, i, j), lp, lm;
        M (B, i, j) = v + STEP; lp = f (p, B);
        M (B, i, j) = v - STEP; lm = f (p, B);
        M (B, i, j) = v;
        M (out, i, j) = (lp - lm) / (2.0 * STEP);
      }
  gsl_matrix_free (B);
}

/* centred differences over theta, into a vector laid out like theta */
static void
numgrad_theta (problem *p, gsl_vector *out)
{
  size_t i;
  for (i = 0; i < p->net.theta->size; i++)
    {
      double v = p->net.theta->data[i], lp, lm;
      p->net.theta->data[i] = v + STEP; lp = loss_theta (p);
      p->net.theta->data[i] = v - STEP; lm = loss_theta (p);
      p->net.theta->data[i] = v;
      out->data[i] = (lp - lm) / (2.0 * STEP);
    }
}

/* ---------- comparison ---------- */

/* max |a - b| / max(max |a|, max |b|, 1e-10); inf for a non-finite entry */
static double
relerr (const double *a, const double *b, size_t n)
{
  size_t i;
  double num = 0.0, den = 1e-10;
  for (i = 0; i < n; i++)
    {
      if (!isfinite (a[i]) || !isfinite (b[i]))
        return INFINITY;
      if (fabs (a[i] - b[i]) > num) num = fabs (a[i] - b[i]);
      if (fabs (a[i]) > den) den = fabs (a[i]);
      if (fabs (b[i]) > den) den = fabs (b[i]);
    }
  return num / den;
}

/* the seven gradients of g copied to flat arrays (rows packed) */
typedef struct { double *v[7]; size_t n[7]; } flat;

static void
flat_alloc (flat *f, const problem *p)
{
  size_t N = p->N, D = p->D, H = p->H, C = p->C, k;
  size_t n[7] = { N * C, H * C, C, N * H, N * H, D * H, H };
  for (k = 0; k < 7; k++)
    {
      f->n[k] = n[k];
      f->v[k] = calloc (n[k], sizeof (double));
    }
}

static void
flat_free (flat *f)
{
  size_t k;
  for (k = 0; k < 7; k++)
    free (f->v[k]);
}

static void
pack_matrix (const gsl_matrix *A, double *out)
{
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      out[i * A->size2 + j] = M (A, i, j);
}

static void
pack_vector (const gsl_vector *v, double *out)
{
  size_t i;
  for (i = 0; i < v->size; i++)
    out[i] = gsl_vector_get (v, i);
}

static void
flat_from_grads (flat *f, const bp_grads *g)
{
  pack_matrix (g->dz2, f->v[0]);
  pack_matrix (g->dW2, f->v[1]);
  pack_vector (g->db2, f->v[2]);
  pack_matrix (g->dp1, f->v[3]);
  pack_matrix (g->dz1, f->v[4]);
  pack_matrix (g->dW1, f->v[5]);
  pack_vector (g->db1, f->v[6]);
}

/* the numerical gradients */
static void
flat_numeric (flat *f, problem *p)
{
  gsl_matrix *t = gsl_matrix_alloc (p->N, p->C);
  gsl_matrix *u = gsl_matrix_alloc (p->N, p->H);
  gsl_vector *dth = gsl_vector_alloc (p->net.theta->size);
  size_t D = p->D, H = p->H, C = p->C;

  numgrad_matrix (p, p->cache.z2, loss_from_z2, t);
  pack_matrix (t, f->v[0]);
  numgrad_matrix (p, p->cache.p1, loss_from_p1, u);
  pack_matrix (u, f->v[3]);
  numgrad_matrix (p, p->cache.z1, loss_from_z1, u);
  pack_matrix (u, f->v[4]);
  numgrad_theta (p, dth);
  memcpy (f->v[5], dth->data, D * H * sizeof (double));
  memcpy (f->v[6], dth->data + D * H, H * sizeof (double));
  memcpy (f->v[1], dth->data + D * H + H, H * C * sizeof (double));
  memcpy (f->v[2], dth->data + D * H + H + H * C, C * sizeof (double));
  gsl_matrix_free (t);
  gsl_matrix_free (u);
  gsl_vector_free (dth);
}

/* each rule applied to the student's own upstream gradient */
static void
flat_local (flat *f, const problem *p, const flat *s)
{
  size_t N = p->N, D = p->D, H = p->H, C = p->C, n, d, h, c;
  const double *sdz2 = s->v[0], *sdp1 = s->v[3], *sdz1 = s->v[4];
  double r2 = 2.0 * p->reg;

  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      f->v[0][n * C + c] = (M (p->cache.prob, n, c) - (c == p->y[n] ? 1.0 : 0.0))
                           / (double) N;
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double a = r2 * M (p->net.W2, h, c);
        for (n = 0; n < N; n++)
          a += M (p->cache.p1, n, h) * sdz2[n * C + c];
        f->v[1][h * C + c] = a;
      }
  for (c = 0; c < C; c++)
    {
      double a = 0.0;
      for (n = 0; n < N; n++)
        a += sdz2[n * C + c];
      f->v[2][c] = a;
    }
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double a = 0.0;
        for (c = 0; c < C; c++)
          a += sdz2[n * C + c] * M (p->net.W2, h, c);
        f->v[3][n * H + h] = a;
        f->v[4][n * H + h] = M (p->cache.z1, n, h) > 0.0 ? sdp1[n * H + h] : 0.0;
      }
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double a = r2 * M (p->net.W1, d, h);
        for (n = 0; n < N; n++)
          a += M (p->X, n, d) * sdz1[n * H + h];
        f->v[5][d * H + h] = a;
      }
  for (h = 0; h < H; h++)
    {
      double a = 0.0;
      for (n = 0; n < N; n++)
        a += sdz1[n * H + h];
      f->v[6][h] = a;
    }
}

static void
fill_garbage (bp_grads *g, gsl_rng *r)
{
  size_t i;
  gsl_matrix *m[3] = { g->dz2, g->dp1, g->dz1 };
  for (i = 0; i < 3; i++)
    {
      size_t k;
      for (k = 0; k < m[i]->size1 * m[i]->tda; k++)
        m[i]->data[k] = gsl_rng_uniform (r) * 200.0 - 100.0;
    }
  for (i = 0; i < g->dtheta->size; i++)
    g->dtheta->data[i] = gsl_rng_uniform (r) * 200.0 - 100.0;
  g->present = 0;
}

/* snapshot of what the student must not change */
static double *
snapshot (const problem *p, size_t *len)
{
  size_t N = p->N, H = p->H, C = p->C, P = p->net.theta->size;
  size_t n = P + N * p->D + 2 * N * H + 2 * N * C, k = 0;
  double *s = malloc (n * sizeof *s);
  memcpy (s + k, p->net.theta->data, P * sizeof *s); k += P;
  memcpy (s + k, p->X->data, N * p->D * sizeof *s); k += N * p->D;
  memcpy (s + k, p->cache.z1->data, N * H * sizeof *s); k += N * H;
  memcpy (s + k, p->cache.p1->data, N * H * sizeof *s); k += N * H;
  memcpy (s + k, p->cache.z2->data, N * C * sizeof *s); k += N * C;
  memcpy (s + k, p->cache.prob->data, N * C * sizeof *s);
  *len = n;
  return s;
}

/* ---------- one shared object ---------- */

/* roots: bit k set when gradient k is local (a root) on some net.
 * Returns the bits, or -1 when the file could not be run. */
static int
label_one (const char *path)
{
  static const size_t cfg[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  static const unsigned long seeds[2] = { 11, 2027 };
  void *dl = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  backward_fn *bw;
  int roots = 0, changed = 0, a, b, k;
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);

  if (!dl)
    {
      printf ("  cannot load: %s\n", dlerror ());
      return -1;
    }
  *(void **) &bw = dlsym (dl, "backward");
  if (!bw)
    {
      printf ("  no symbol backward\n");
      return -1;
    }

  for (a = 0; a < 2; a++)
    for (b = 0; b < 2; b++)
      {
        problem p;
        flat stu, num, loc, again;
        double *before, *after;
        size_t len, n, h;
        double zmin = INFINITY;
        int rc;

        problem_init (&p, cfg[a][0], cfg[a][1], cfg[a][2], cfg[a][3], 0.1,
                      seeds[b]);
        forward (&p);
        for (n = 0; n < p.N; n++)
          for (h = 0; h < p.H; h++)
            if (fabs (M (p.cache.z1, n, h)) < zmin)
              zmin = fabs (M (p.cache.z1, n, h));

        gsl_rng_set (r, seeds[b] + 7);
        fill_garbage (&p.g, r);
        before = snapshot (&p, &len);
        rc = bw (&p.net, p.X, p.y, p.reg, &p.cache, &p.g);
        after = snapshot (&p, &len);
        flat_alloc (&stu, &p); flat_alloc (&num, &p);
        flat_alloc (&loc, &p); flat_alloc (&again, &p);
        flat_from_grads (&stu, &p.g);
        flat_numeric (&num, &p);
        flat_local (&loc, &p, &stu);

        printf ("  %zu-%zu-%zu N=%zu seed=%lu:", p.D, p.H, p.C, p.N, seeds[b]);
        if (rc != 0)
          printf (" returned %d;", rc);
        if (memcmp (before, after, len * sizeof (double)) != 0)
          printf (" CHANGED its inputs (net, X or cache);");
        if (p.g.present != BP_GRADS_ALL)
          printf (" present=0x%x;", p.g.present);
        if (zmin < 1e-3)
          printf (" (a z1 entry is %.1e from the kink)", zmin);
        for (k = 0; k < 7; k++)
          {
            double en = relerr (stu.v[k], num.v[k], stu.n[k]);
            double el = relerr (stu.v[k], loc.v[k], stu.n[k]);
            const char *v = "ok";
            if (en > TOL)
              {
                v = el > TOL ? "local" : "inherited";
                if (el > TOL)
                  roots |= 1 << k;
              }
            printf (" %s %s(%.1e/%.1e)", names[k], v, en, el);
          }
        printf ("\n");

        /* the second call, over the first call's outputs */
        rc = bw (&p.net, p.X, p.y, p.reg, &p.cache, &p.g);
        flat_from_grads (&again, &p.g);
        for (k = 0; k < 7; k++)
          {
            double e = relerr (stu.v[k], again.v[k], stu.n[k]);
            if (e > 1e-12)
              {
                if (!(changed & (1 << k)))
                  printf ("    second call changes %s (%.1e)\n", names[k], e);
                changed |= 1 << k;
              }
          }
        free (before); free (after);
        flat_free (&stu); flat_free (&num); flat_free (&loc); flat_free (&again);
        problem_free (&p);
      }

  printf ("  second call: %s\n", changed ? "results change" : "same results");
  gsl_rng_free (r);
  return roots;
}

static void
roots_text (int roots, char *buf)
{
  int k;
  buf[0] = 0;
  for (k = 0; k < 7; k++)
    if (roots & (1 << k))
      {
        if (buf[0])
          strcat (buf, ",");
        strcat (buf, names[k]);
      }
}

/* the root column of labels.tsv for file base (NAME.c), or NULL */
static int
label_root (const char *tsv, const char *base, char *out, size_t outlen)
{
  FILE *f = fopen (tsv, "r");
  char line[4096];
  int found = 0;
  if (!f)
    return 0;
  while (fgets (line, sizeof line, f))
    {
      char *file = strtok (line, "\t"), *correct = strtok (NULL, "\t");
      char *root = strtok (NULL, "\t");
      if (!file || !correct || !root || strcmp (file, base) != 0)
        continue;
      if (strcmp (root, "-") == 0)
        root = "";
      snprintf (out, outlen, "%s", root);
      found = 1;
      break;
    }
  fclose (f);
  return found;
}

int
main (int argc, char **argv)
{
  const char *tsv = NULL;
  int i, bad = 0;

  if (argc > 2 && strcmp (argv[1], "-t") == 0)
    {
      tsv = argv[2];
      argv += 2;
      argc -= 2;
    }
  if (argc < 2)
    {
      fprintf (stderr, "usage: label [-t labels.tsv] FILE.so...\n");
      return 2;
    }
  gsl_set_error_handler_off ();

  for (i = 1; i < argc; i++)
    {
      int fd[2], status;
      pid_t pid;
      int roots = -1;
      char buf[128], base[512], want[256];
      const char *slash = strrchr (argv[i], '/');
      size_t bl;

      snprintf (base, sizeof base, "%s", slash ? slash + 1 : argv[i]);
      bl = strlen (base);
      if (bl > 3 && strcmp (base + bl - 3, ".so") == 0)
        strcpy (base + bl - 3, ".c");
      printf ("%s\n", base);
      fflush (stdout);

      if (pipe (fd) != 0)
        return 2;
      pid = fork ();
      if (pid == 0)
        {
          int rr;
          close (fd[0]);
          alarm (60);
          rr = label_one (argv[i]);
          fflush (stdout);
          if (write (fd[1], &rr, sizeof rr) != sizeof rr)
            _exit (3);
          _exit (0);
        }
      close (fd[1]);
      if (read (fd[0], &roots, sizeof roots) != sizeof roots)
        roots = -1;
      close (fd[0]);
      waitpid (pid, &status, 0);
      if (WIFSIGNALED (status))
        printf ("  crashed: signal %d\n", WTERMSIG (status));
      if (roots < 0)
        {
          printf ("  local: (not run)\n");
          bad = 1;
          continue;
        }
      roots_text (roots, buf);
      printf ("  local: %s\n", roots ? buf : "none (correct)");
      if (tsv)
        {
          if (!label_root (tsv, base, want, sizeof want))
            {
              printf ("  labels.tsv: no row\n");
              bad = 1;
            }
          else if (strcmp (want, buf) != 0)
            {
              printf ("  labels.tsv: DISAGREES (label '%s')\n", want);
              bad = 1;
            }
          else
            printf ("  labels.tsv: agrees\n");
        }
      fflush (stdout);
    }
  return bad;
}
